import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { KindBadge, LocalizedText, SessionTiming, StatusBadge } from "~/components/session-timing";
import { formatCalendarDate, zoneOffsetLabel } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { getPublicSession } from "~/modules/agenda/agenda.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSessions } from "~/modules/live/use-live-sessions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.session.title} · Plenary` : "Plenary" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const session = await getPublicSession(context.services.db, event, params.sessionId ?? "");
    return { event, session };
  });
}

export default function SessionPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const initial = useMemo(() => [data.session], [data.session]);
  const { sessions, status } = useLiveSessions(data.event.slug, initial);
  const session = sessions[0];
  const fallbacks = data.event.languages;
  const languageName = (code: string) => t(`language.names.${code}`, { defaultValue: code });

  return (
    <article className="session-page" data-session-id={session.id}>
      <p>
        <Link to={`/events/${data.event.slug}/agenda?day=${session.day}`}>{t("session.backToAgenda")}</Link>
      </p>
      <header className="page-header">
        <LocalizedText as="h1" texts={session.titles} fallbacks={fallbacks} />
        <LiveIndicator status={status} />
      </header>
      <p className="session-meta">
        <KindBadge kind={session.kind} /> <StatusBadge status={session.status} />
      </p>
      <dl className="facts">
        <dt>{t("session.when")}</dt>
        <dd>
          {formatCalendarDate(session.day, i18n.language)} · <SessionTiming session={session} timeZone={data.event.timeZone} /> (
          {zoneOffsetLabel(data.event.timeZone, session.startsAt, i18n.language)}, {data.event.timeZone})
        </dd>
        <dt>{t("session.where")}</dt>
        <dd>{session.room ? (session.roomNames[i18n.language] ?? session.room.name) : t("agenda.noRoom")}</dd>
        {session.track && (
          <>
            <dt>{t("session.track")}</dt>
            <dd>{session.track.names[i18n.language] ?? session.track.name}</dd>
          </>
        )}
        <dt>{t("session.floorLanguage")}</dt>
        <dd>{languageName(session.floorLanguage)}</dd>
        <dt>{t("session.interpretation")}</dt>
        <dd>
          {session.interpretationLanguages.length > 0
            ? session.interpretationLanguages.map(languageName).join(", ")
            : t("session.noInterpretation")}
        </dd>
        {session.capacity !== null && session.seatsTaken !== null && (
          <>
            <dt>{t("session.capacity")}</dt>
            <dd className="seats">{t("agenda.seats", { taken: session.seatsTaken, capacity: session.capacity })}</dd>
          </>
        )}
      </dl>
      {session.speakers.length > 0 && (
        <section>
          <h2>{t("session.speakers")}</h2>
          <ul className="speakers">
            {session.speakers.map((speaker, index) => (
              <li key={index}>
                <span className="speaker-name">{speaker.name}</span>
                {speaker.affiliation && <span className="muted"> · {speaker.affiliation}</span>}
                <span className="muted"> · {t(`speakerRole.${speaker.role}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {Object.keys(session.descriptions).length > 0 && (
        <section>
          <h2>{t("session.description")}</h2>
          <LocalizedText as="p" texts={session.descriptions} fallbacks={fallbacks} />
        </section>
      )}
    </article>
  );
}
