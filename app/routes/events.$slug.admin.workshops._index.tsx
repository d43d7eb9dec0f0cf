import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { AdminNav, formatInstant } from "~/modules/settings/admin-ui";
import { listWorkshopsForAdmin, requireWorkshopAdmin } from "~/modules/workshops/admin.server";
import adminStyles from "~/styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await requireWorkshopAdmin(context.services.db, actorOf(viewer), params.slug ?? "");
    const workshops = await listWorkshopsForAdmin(context.services.db, event, viewer.user.preferredLanguage);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, workshops };
  });
}

export default function WorkshopsAdmin() {
  const { event, workshops } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("workshops");
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <h1>{t("admin.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <table className="data-table">
        <caption className="visually-hidden">{t("admin.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.workshop")}</th>
            <th scope="col">{t("admin.startsAt")}</th>
            <th scope="col">{t("admin.capacity")}</th>
            <th scope="col">{t("admin.confirmed")}</th>
            <th scope="col">{t("admin.waitlisted")}</th>
          </tr>
        </thead>
        <tbody>
          {workshops.length === 0 && (
            <tr>
              <td colSpan={5}>{t("admin.empty")}</td>
            </tr>
          )}
          {workshops.map((w) => (
            <tr key={w.id}>
              <td>
                <Link to={w.id} dir="auto">
                  {w.title || t("admin.untitled")}
                </Link>
                {!w.published && <div className="muted">{t("admin.unpublished")}</div>}
                {w.status === "CANCELLED" && <div className="muted">{t("admin.cancelled")}</div>}
              </td>
              <td>{formatInstant(w.startsAt, event.timeZone, i18n.language)}</td>
              <td>{w.capacity ?? "—"}</td>
              <td>
                {w.confirmed}
                {w.offered > 0 && <span className="muted"> {t("admin.offeredCount", { count: w.offered })}</span>}
              </td>
              <td>{w.waitlisted}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
