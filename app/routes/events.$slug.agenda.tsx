import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { LiveIndicator } from "~/components/live-indicator";
import { KindBadge, LocalizedText, SessionTiming, StatusBadge } from "~/components/session-timing";
import { addMinutes, formatCalendarDate, zoneOffsetLabel } from "~/lib/format";
import { orHttpError } from "~/lib/http.server";
import { daysBetween, todayInZone } from "~/lib/zoned-time";
import { listPublicSessions } from "~/modules/agenda/agenda.server";
import type { SessionPublic } from "~/modules/agenda/session-public";
import { getPublishedEvent } from "~/modules/events/events.server";
import { useLiveSessions } from "~/modules/live/use-live-sessions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} · Plenary` : "Plenary" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return orHttpError(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const sessions = await listPublicSessions(context.services.db, event);
    const days = daysBetween(event.startsOn, event.endsOn);
    const now = new Date();
    const requested = new URL(request.url).searchParams.get("day");
    const today = todayInZone(event.timeZone, now);
    const day = requested && days.includes(requested) ? requested : days.includes(today) ? today : days[0];
    return { event, days, day, sessions, now: now.toISOString() };
  });
}

function effectiveWindow(session: SessionPublic) {
  return {
    start: new Date(addMinutes(session.startsAt, session.delayMinutes)).getTime(),
    end: new Date(addMinutes(session.endsAt, session.delayMinutes)).getTime(),
  };
}

/** Sessions running now, and those starting next, by their (delay-adjusted) times. */
function nowAndNext(sessions: SessionPublic[], now: number) {
  const active = sessions.filter((s) => s.status !== "cancelled" && s.status !== "ended");
  const current = new Set(active.filter((s) => effectiveWindow(s).start <= now && now < effectiveWindow(s).end).map((s) => s.id));
  const upcoming = active.filter((s) => effectiveWindow(s).start > now);
  const nextStart = Math.min(...upcoming.map((s) => effectiveWindow(s).start));
  const next = new Set(upcoming.filter((s) => effectiveWindow(s).start === nextStart).map((s) => s.id));
  return { current, next };
}

function useClock(initialIso: string) {
  const [now, setNow] = useState(() => new Date(initialIso).getTime());
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export default function Agenda() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { sessions, status } = useLiveSessions(data.event.slug, data.sessions);
  const now = useClock(data.now);
  const [viewerZone, setViewerZone] = useState<string | null>(null);
  const [useViewerZone, setUseViewerZone] = useState(false);
  useEffect(() => setViewerZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);

  const displayZone = useViewerZone && viewerZone ? viewerZone : data.event.timeZone;
  const fallbacks = data.event.languages;
  const daySessions = useMemo(() => sessions.filter((s) => s.day === data.day), [sessions, data.day]);
  const { current, next } = nowAndNext(sessions, now);
  const eventName = data.event.names[i18n.language] ?? data.event.name;

  return (
    <section className="agenda">
      <header className="page-header">
        <h1>{t("agenda.heading", { event: eventName })}</h1>
        <LiveIndicator status={status} />
      </header>

      <div className="zone-bar">
        <p>
          {t("agenda.timesShownIn", { zone: displayZone, offset: zoneOffsetLabel(displayZone, `${data.day}T12:00:00Z`, i18n.language) })}
        </p>
        {viewerZone && viewerZone !== data.event.timeZone && (
          <button type="button" onClick={() => setUseViewerZone((value) => !value)} aria-pressed={useViewerZone}>
            {useViewerZone ? t("agenda.showInEventZone") : t("agenda.showInMyZone")}
          </button>
        )}
      </div>

      <nav aria-label={t("agenda.days")} className="day-tabs">
        <ul>
          {data.days.map((day, index) => (
            <li key={day}>
              <Link to={`?day=${day}`} aria-current={day === data.day ? "page" : undefined} preventScrollReset>
                <span className="day-number">{t("agenda.dayTab", { number: index + 1 })}</span>{" "}
                <span className="day-date">{formatCalendarDate(day, i18n.language)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <h2 className="visually-hidden">{formatCalendarDate(data.day, i18n.language)}</h2>
      <p className="muted">{t("agenda.sessionCount", { count: daySessions.length })}</p>
      {daySessions.length === 0 ? (
        <p>{t("agenda.noSessions")}</p>
      ) : (
        <ol className="session-list">
          {daySessions.map((session) => {
            const marker = current.has(session.id) ? "now" : next.has(session.id) ? "next" : null;
            return (
              <li key={session.id} className={`session-item status-${session.status}`} data-session-id={session.id}>
                <div className="session-when">
                  <SessionTiming session={session} timeZone={displayZone} />
                  {marker && <span className={`marker marker-${marker}`}>{t(`agenda.${marker}`)}</span>}
                </div>
                <div className="session-what">
                  <h3>
                    <Link to={`/events/${data.event.slug}/sessions/${session.id}`}>
                      <LocalizedText texts={session.titles} fallbacks={fallbacks} />
                    </Link>
                  </h3>
                  <p className="session-meta">
                    <KindBadge kind={session.kind} /> <StatusBadge status={session.status} />{" "}
                    <span className="room">
                      {session.room ? (session.roomNames[i18n.language] ?? session.room.name) : t("agenda.noRoom")}
                    </span>
                    {session.track && <span className="track"> · {session.track.names[i18n.language] ?? session.track.name}</span>}
                    {session.capacity !== null && session.seatsTaken !== null && (
                      <span className="seats">
                        {" · "}
                        {session.seatsTaken >= session.capacity ? t("agenda.full") : t("agenda.seats", { taken: session.seatsTaken, capacity: session.capacity })}
                      </span>
                    )}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
