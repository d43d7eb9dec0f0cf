import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import {
  AccreditationError,
  decide,
  getRegistrationForOrganiser,
  getStaffEvent,
  revealIdentityDocument,
  withdraw,
} from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const registration = await getRegistrationForOrganiser(context.services.db, actorOf(viewer), event, params.registrationId ?? "");
    return { event: { slug: event.slug, name: event.name, timeZone: event.timeZone }, registration };
  });
}

type ActionResult =
  | { intent: "reveal"; identityDocumentNumber: string | null; error: null }
  | { intent: string; identityDocumentNumber?: undefined; error: null | { code: string; params: Record<string, string | number> } };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const reason = String(form.get("reason") ?? "") || undefined;
  const registrationId = params.registrationId ?? "";
  return orHttpError(async (): Promise<ActionResult | ReturnType<typeof data<ActionResult>>> => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const actor = actorOf(viewer);
    try {
      if (intent === "reveal") {
        const read = await revealIdentityDocument(context.services.db, actor, event, registrationId, { ipAddress: context.request.ipAddress });
        return { intent, identityDocumentNumber: read.identityDocumentNumber, error: null };
      }
      if (intent === "approve" || intent === "reject") {
        const [result] = await decide(context.services, actor, event, [registrationId], { decision: intent, reason });
        if (result && !result.ok) return data<ActionResult>({ intent, error: { code: result.code, params: result.params } }, { status: 409 });
        return { intent, error: null };
      }
      if (intent === "withdraw") {
        await withdraw(context.services, actor, event, registrationId, { reason });
        return { intent, error: null };
      }
      return data<ActionResult>({ intent, error: { code: "invalid", params: {} } }, { status: 400 });
    } catch (error) {
      if (error instanceof ZodError) return data<ActionResult>({ intent, error: { code: "reasonRequired", params: {} } }, { status: 400 });
      if (error instanceof AccreditationError) return data<ActionResult>({ intent, error: { code: error.code, params: error.params } }, { status: 409 });
      throw error;
    }
  });
}

export default function RegistrationDetail() {
  const { event, registration: r } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, i18n } = useTranslation("accreditation");
  const name = `${r.user.givenName} ${r.user.familyName}`;
  const when = (d: Date | string | null) => formatInstant(d, event.timeZone, i18n.language);
  const errorText = (error: { code: string; params: Record<string, string | number> }) =>
    error.code === "quota"
      ? t("errors.quota", { delegation: error.params.delegation, category: t(`category.${error.params.category}`), max: error.params.max })
      : t(`errors.${error.code}`);

  return (
    <section>
      <p>
        <Link to={`/events/${event.slug}/admin/accreditation`}>{t("detail.back")}</Link>
      </p>
      <h1 dir="auto">{name}</h1>
      <AdminNav slug={event.slug} />
      {result?.error && (
        <p className="notice notice-error" role="alert">
          {errorText(result.error)}
        </p>
      )}
      {result && !result.error && result.intent !== "reveal" && (
        <p className="notice" role="status">
          {t("detail.saved")}
        </p>
      )}
      <dl className="facts">
        <dt>{t("detail.email")}</dt>
        <dd>{r.user.email}</dd>
        <dt>{t("queue.delegation")}</dt>
        <dd>{r.delegation?.name ?? t("queue.noDelegation")}</dd>
        <dt>{t("queue.category")}</dt>
        <dd>{t(`category.${r.category}`)}</dd>
        <dt>{t("detail.organisation")}</dt>
        <dd>{[r.title, r.organisation].filter(Boolean).join(", ") || "—"}</dd>
        <dt>{t("queue.status")}</dt>
        <dd>
          {t(`status.${r.status}`)}
          {r.statusReason && ` — ${r.statusReason}`}
          {r.decidedAt && <div className="muted">{t("detail.decidedBy", { name: r.decidedBy ? `${r.decidedBy.givenName} ${r.decidedBy.familyName}` : "—", when: when(r.decidedAt) })}</div>}
        </dd>
        <dt>{t("queue.endorsement")}</dt>
        <dd>
          {t(`endorsement.${r.endorsement}`)}
          {r.endorsedBy && <div className="muted">{t("detail.endorsedBy", { name: `${r.endorsedBy.givenName} ${r.endorsedBy.familyName}`, when: when(r.endorsedAt) })}</div>}
          {r.endorsementNote && <div dir="auto">“{r.endorsementNote}”</div>}
        </dd>
        <dt>{t("queue.submitted")}</dt>
        <dd>{when(r.submittedAt)}</dd>
        <dt>{t("detail.badge")}</dt>
        <dd>{r.badgeRevokedAt ? t("detail.badgeRevoked", { version: r.badgeVersion, when: when(r.badgeRevokedAt) }) : t("detail.badgeVersion", { version: r.badgeVersion })}</dd>
        <dt>{t("detail.identityDocument")}</dt>
        <dd>
          {result?.intent === "reveal" ? (
            <span className="code">{result.identityDocumentNumber ?? t("detail.noIdentityDocument")}</span>
          ) : r.hasIdentityDocument ? (
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="reveal" />
              <button type="submit">{t("detail.reveal")}</button> <span className="muted">{t("detail.revealAudited")}</span>
            </Form>
          ) : (
            t("detail.noIdentityDocument")
          )}
        </dd>
      </dl>

      <h2>{t("detail.decision")}</h2>
      <Form method="post" className="bulk-actions">
        <button type="submit" name="intent" value="approve">
          {t("detail.approve")}
        </button>
        <label>
          {t("queue.reason")}
          <textarea name="reason" rows={2} maxLength={1000} />
        </label>
        <button type="submit" name="intent" value="reject">
          {t("detail.reject")}
        </button>
        <button type="submit" name="intent" value="withdraw">
          {t("detail.withdraw")}
        </button>
      </Form>
    </section>
  );
}
