import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { detectLanguage } from "~/i18n/i18n.server";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { requireSchedulingEvent } from "~/modules/scheduling/admin.server";
import { listAdminSessions } from "~/modules/scheduling/sessions.server";
import { AdminNav } from "~/modules/settings/admin-ui";
import adminStyles from "~/styles/admin.css?url";
import schedulingStyles from "~/styles/scheduling.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: schedulingStyles },
];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const actor = actorOf(viewer);
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const sessions = await listAdminSessions(context.services, actor, event, detectLanguage(request, viewer.user.preferredLanguage));
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone }, sessions };
  });
}

export default function SessionsAdmin() {
  const { event, sessions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("scheduling");
  const eventName = event.names[i18n.language] ?? event.name;
  const days = [...new Set(sessions.map((s) => s.day))];
  return (
    <section>
      <h1>{t("list.title", { event: eventName })}</h1>
      <AdminNav slug={event.slug} />
      <p>
        <Link to="new">{t("list.new")}</Link> · <Link to={`/events/${event.slug}/admin/schedule`}>{t("list.grid")}</Link>
      </p>
      <p className="muted">{t("list.zone", { zone: event.timeZone })}</p>
      {sessions.length === 0 && <p>{t("list.empty")}</p>}
      {days.map((day) => (
        <table key={day} className="data-table">
          <caption>{day}</caption>
          <thead>
            <tr>
              <th scope="col">{t("list.time")}</th>
              <th scope="col">{t("list.session")}</th>
              <th scope="col">{t("list.kind")}</th>
              <th scope="col">{t("list.room")}</th>
              <th scope="col">{t("list.seats")}</th>
              <th scope="col">{t("list.status")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions
              .filter((s) => s.day === day)
              .map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.startTime}–{s.endTime}
                  </td>
                  <td>
                    <Link to={s.id} dir="auto">
                      {s.title || t("list.untitled")}
                    </Link>
                  </td>
                  <td>{t(`kinds.${s.kind}`)}</td>
                  <td>{s.room ?? t("list.noRoom")}</td>
                  <td>{s.capacity === null ? "—" : t("grid.seats", { taken: s.seatsTaken, capacity: s.capacity })}</td>
                  <td>
                    {t(`statuses.${s.status}`)}
                    {s.delayMinutes > 0 && ` · ${t("list.delay", { count: s.delayMinutes })}`}
                    {!s.published && ` · ${t("list.unpublished")}`}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
