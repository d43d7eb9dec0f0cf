import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatShortDate } from "~/lib/format";
import { listPublishedEvents } from "~/modules/events/events.server";

export const meta: MetaFunction = () => [{ title: "Plenary" }];

export async function loader({ context }: LoaderFunctionArgs) {
  return { events: await listPublishedEvents(context.services.db) };
}

export default function Home() {
  const { events } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="home">
      <h1>{t("app.name")}</h1>
      <p className="lede">{t("app.tagline")}</p>
      <h2>{t("home.title")}</h2>
      {events.length === 0 ? (
        <p>{t("home.empty")}</p>
      ) : (
        <ul className="event-list">
          {events.map((event) => (
            <li key={event.slug} className="card">
              <h3>
                <Link to={`/events/${event.slug}`} aria-label={t("home.openEvent", { name: event.name })}>
                  {event.name}
                </Link>
              </h3>
              <p>
                {event.venue} ·{" "}
                {t("home.dates", { start: formatShortDate(event.startsOn, i18n.language), end: formatShortDate(event.endsOn, i18n.language) })}
              </p>
              <p className="muted">{t("home.counts", event.counts)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
