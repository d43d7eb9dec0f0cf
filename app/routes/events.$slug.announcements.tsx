import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useRef } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { orHttpError } from "~/lib/http.server";
import { AnnouncementText } from "~/modules/announcements/announcement-text";
import { listAnnouncementsFor } from "~/modules/announcements/announcements.server";
import { actorOf } from "~/modules/auth/viewer.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSocket } from "~/modules/live/live-socket";
import { formatInstant } from "~/modules/settings/admin-ui";
import liveStyles from "~/styles/live.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: liveStyles }];
export const meta: MetaFunction = () => [{ title: "Plenary" }];

/** Announcements the viewer may read (a delegation's only for its members and organisers). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const announcements = await listAnnouncementsFor(context.services.db, actorOf(context.viewer), event);
    return { event: { slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone, languages: event.languages }, announcements };
  });
}

export default function Announcements() {
  const { event, announcements } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation("live");
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  // A new announcement reloads the list (the server decides what this viewer may read).
  const status = useLiveSocket(event.slug, () => [["announcement", () => revalidate.current()]], () => revalidate.current());
  const eventName = event.names[i18n.language] ?? event.name;
  return (
    <section>
      <div className="page-header">
        <h1>{t("announcements.title", { event: eventName })}</h1>
        <LiveIndicator status={status} />
      </div>
      <p>
        <Link to={`/events/${event.slug}`}>{t("announcements.backToEvent")}</Link>
      </p>
      {announcements.length === 0 && <p>{t("announcements.empty")}</p>}
      <ul className="announcement-list" aria-live="polite">
        {announcements.map((a) => (
          <li key={a.id} data-announcement-id={a.id}>
            <p className="announcement-meta">
              <time dateTime={a.publishedAt}>{formatInstant(a.publishedAt, event.timeZone, i18n.language)}</time>
              {a.audience === "room" && ` · ${t("announcements.forRoom", { room: a.room?.name ?? "" })}`}
              {a.audience === "delegation" && ` · ${t("announcements.forDelegation", { delegation: a.delegation?.name ?? "" })}`}
            </p>
            <p>
              <AnnouncementText announcement={a} fallbacks={event.languages} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
