import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ZodError } from "zod";
import { orHttpError } from "~/lib/http.server";
import { AccreditationError, endorse, getDelegationOverview, getStaffEvent } from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { formatInstant } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const overview = await getDelegationOverview(context.services.db, actorOf(viewer), event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, ...overview };
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = requireViewer(context, request);
  const form = await request.formData();
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const registrationId = String(form.get("registrationId") ?? "");
    try {
      const result = await endorse(context.services, actorOf(viewer), event, registrationId, {
        endorsement: String(form.get("endorsement") ?? "") as "endorse" | "decline",
        note: String(form.get("note") ?? "") || undefined,
      });
      return { registrationId, endorsement: result.endorsement, error: null };
    } catch (error) {
      if (error instanceof ZodError) return data({ registrationId, endorsement: null, error: "invalid" as const }, { status: 400 });
      if (error instanceof AccreditationError) return data({ registrationId, endorsement: null, error: "transition" as const }, { status: 409 });
      throw error;
    }
  });
}

export default function DelegationPage() {
  const { event, delegation, registrations, quotas } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation("accreditation");
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("delegation.title", { delegation: delegation.name, event: eventName })}</h1>
      <p className="lede">{t("delegation.intro")}</p>
      {result && (
        <p className={`notice${result.error ? " notice-error" : ""}`} role={result.error ? "alert" : "status"}>
          {result.error ? t(`errors.${result.error}`) : t(`delegation.done.${result.endorsement}`)}
        </p>
      )}

      {quotas.length > 0 && (
        <table className="data-table">
          <caption>{t("delegation.quotas")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("queue.category")}</th>
              <th scope="col">{t("delegation.approved")}</th>
              <th scope="col">{t("delegation.quota")}</th>
            </tr>
          </thead>
          <tbody>
            {quotas.map((q) => (
              <tr key={q.category}>
                <td>{t(`category.${q.category}`)}</td>
                <td>{q.approved}</td>
                <td>{q.max ?? t("delegation.noLimit")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <table className="data-table">
        <caption>{t("delegation.members")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("queue.name")}</th>
            <th scope="col">{t("queue.category")}</th>
            <th scope="col">{t("queue.status")}</th>
            <th scope="col">{t("queue.endorsement")}</th>
            <th scope="col">{t("queue.submitted")}</th>
            <th scope="col">{t("delegation.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {registrations.length === 0 && (
            <tr>
              <td colSpan={6}>{t("queue.empty")}</td>
            </tr>
          )}
          {registrations.map((r) => {
            const name = `${r.user.givenName} ${r.user.familyName}`;
            return (
              <tr key={r.id}>
                <td dir="auto">{name}</td>
                <td>{t(`category.${r.category}`)}</td>
                <td>
                  {t(`status.${r.status}`)}
                  {r.statusReason && <div className="muted">{r.statusReason}</div>}
                </td>
                <td>{t(`endorsement.${r.endorsement}`)}</td>
                <td>{formatInstant(r.submittedAt, event.timeZone, i18n.language)}</td>
                <td>
                  {r.status === "PENDING" && (
                    <Form method="post" className="stack">
                      <input type="hidden" name="registrationId" value={r.id} />
                      <label htmlFor={`note-${r.id}`}>
                        {t("delegation.note")} <span className="visually-hidden">{t("delegation.noteFor", { name })}</span>
                      </label>
                      <input id={`note-${r.id}`} name="note" maxLength={1000} />
                      <span>
                        <button type="submit" name="endorsement" value="endorse" aria-label={t("delegation.endorseName", { name })}>
                          {t("delegation.endorse")}
                        </button>{" "}
                        <button type="submit" name="endorsement" value="decline" aria-label={t("delegation.declineName", { name })}>
                          {t("delegation.decline")}
                        </button>
                      </span>
                    </Form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
