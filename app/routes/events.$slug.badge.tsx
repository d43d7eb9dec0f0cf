import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { badgeQrDataUrl } from "~/modules/checkin/badge-qr.server";
import { getOwnBadge, reissueBadge } from "~/modules/checkin/checkin.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

/** The signed-in person's own badge: QR (a sealed, revocable token) and the code for typing by hand. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const badge = await getOwnBadge(context.services.db, viewer.user.id, event.id);
    const qr = badge.status === "ok" ? await badgeQrDataUrl(badge.token) : null;
    // The token is in the image only; the page never needs it as text.
    const shown = badge.status === "ok" ? { status: badge.status, person: badge.person, manualCode: badge.manualCode } : badge;
    return data(
      { event: { slug: event.slug, name: event.name, names: event.names }, badge: shown, qr },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  });
}

/** "I lost my badge": a new badge; every earlier QR and code stops working. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const form = await request.formData();
    if (form.get("intent") !== "reissue") return data({ ok: false }, { status: 400 });
    const registration = await context.services.db.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: viewer.user.id } }, select: { id: true, status: true } });
    if (!registration || registration.status !== "APPROVED") return data({ ok: false }, { status: 403 });
    await reissueBadge(context.services, actorOf(viewer), event, registration.id);
    return data({ ok: true });
  });
}

export default function Badge() {
  const { event, badge, qr } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation("checkin");
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("badge.title", { event: eventName })}</h1>
      {badge.status === "none" && <p>{t("badge.none")}</p>}
      {badge.status === "not_accredited" && <p>{t("badge.notAccredited")}</p>}
      {badge.status === "revoked" && (
        <p className="form-error" role="alert">
          {t("badge.revoked")}
        </p>
      )}
      {"person" in badge && (
        <div className="badge-card" data-registration-id={badge.person.registrationId}>
          {badge.person.photo && <img className="badge-photo" src={badge.person.photo} alt={t("badge.photoAlt", { name: badge.person.name })} />}
          <p>
            <strong dir="auto">{badge.person.name}</strong>
          </p>
          {badge.person.delegation && <p dir="auto">{badge.person.delegation}</p>}
          <p>{t(`accreditation:category.${badge.person.category}`)}</p>
          {qr && <img className="qr" src={qr} alt={t("badge.qrAlt")} data-testid="badge-qr" />}
          {"manualCode" in badge && (
            <p>
              {t("badge.manualCode")} <code data-testid="badge-code">{badge.manualCode}</code>
            </p>
          )}
        </div>
      )}
      {badge.status === "ok" && (
        <>
          <p>{t("badge.help")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reissue" />
            <button type="submit" disabled={busy}>
              {t("badge.reissue")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
