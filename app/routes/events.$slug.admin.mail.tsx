import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { getStaffEvent } from "~/modules/accreditation/accreditation.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, Pager, formatInstant } from "~/modules/settings/admin-ui";
import { listOutbox } from "~/modules/settings/mail-outbox.server";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await getStaffEvent(context.services.db, params.slug ?? "");
    const search = new URL(request.url).searchParams;
    const outbox = await listOutbox(context.services.db, actorOf(viewer), event, {
      status: search.get("status") || undefined,
      q: search.get("q") || undefined,
      page: search.get("page") ?? undefined,
    } as Parameters<typeof listOutbox>[3]);
    return {
      event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone },
      outbox,
      smtpConfigured: context.services.config.smtpConfigured,
    };
  });
}

export default function MailOutbox() {
  const { event, outbox, smtpConfigured } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("settings");
  const eventName = event.names[i18n.language] ?? event.name;
  const when = (d: Date | string | null) => formatInstant(d, event.timeZone, i18n.language);
  return (
    <section>
      <h1>{t("mail.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p className="muted">{smtpConfigured ? t("mail.smtpOn") : t("mail.smtpOff")}</p>
      <Form method="get" className="filters" role="search" aria-label={t("mail.filters")}>
        <label>
          {t("mail.recipient")}
          <input type="search" name="q" defaultValue={outbox.filter.q ?? ""} />
        </label>
        <label>
          {t("mail.status")}
          <select name="status" defaultValue={outbox.filter.status ?? ""}>
            <option value="">{t("mail.any")}</option>
            {(["QUEUED", "SENT", "FAILED"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`mail.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("mail.apply")}</button>
      </Form>
      <p className="muted">{t("mail.total", { count: outbox.total })}</p>
      <table className="data-table">
        <caption className="visually-hidden">{t("mail.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("mail.to")}</th>
            <th scope="col">{t("mail.subject")}</th>
            <th scope="col">{t("mail.kind")}</th>
            <th scope="col">{t("mail.status")}</th>
            <th scope="col">{t("mail.created")}</th>
            <th scope="col">{t("mail.sent")}</th>
          </tr>
        </thead>
        <tbody>
          {outbox.rows.length === 0 && (
            <tr>
              <td colSpan={6}>{t("mail.empty")}</td>
            </tr>
          )}
          {outbox.rows.map((m) => (
            <tr key={m.id}>
              <td>{m.toAddress}</td>
              <td>
                <details>
                  <summary dir="auto">{m.subject}</summary>
                  <pre className="mail-body" dir="auto">
                    {m.textBody}
                  </pre>
                </details>
              </td>
              <td>
                <code>{m.kind}</code>
              </td>
              <td>
                {t(`mail.statuses.${m.status}`)}
                {m.lastError && <div className="muted">{m.lastError}</div>}
              </td>
              <td>{when(m.createdAt)}</td>
              <td>{when(m.sentAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={outbox.page} pageCount={outbox.pageCount} label={t("mail.pages")} />
    </section>
  );
}
