// Times and days for the agenda pages. Wall-clock times come from offsets the server computed
// (see ZoneOffsets); calendar dates are formatted as UTC dates, which every tz database agrees on.
// Formatters are kept: building an Intl.DateTimeFormat costs tens of microseconds.
import { useTranslation } from "react-i18next";
import { wallClock, type ZoneOffsets } from "./agenda-view";
import type { SessionPublic } from "./session-public";

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(locale: string): Intl.DateTimeFormat {
  let format = formatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" });
    formatters.set(locale, format);
  }
  return format;
}

/** A calendar date (YYYY-MM-DD) as "Tuesday 24 November" in the reader's language. */
export function formatDayCached(date: string, locale: string): string {
  return dayFormatter(locale).format(new Date(`${date}T00:00:00Z`));
}

const MINUTE_MS = 60_000;

/**
 * Scheduled time, and the new time when a session runs late, on the wall clock the server
 * described (`offsets`), never the browser's own tz database: the text is the same on the server
 * and in every browser.
 */
export function AgendaTiming({ session, offsets }: { session: Pick<SessionPublic, "startsAt" | "endsAt" | "delayMinutes" | "status">; offsets: ZoneOffsets }) {
  const { t } = useTranslation();
  const time = (instant: string | number) => wallClock(offsets, instant);
  const delayed = session.delayMinutes > 0 && session.status !== "cancelled";
  const shift = (iso: string) => new Date(iso).getTime() + session.delayMinutes * MINUTE_MS;
  return (
    <span className="session-timing">
      <time dateTime={session.startsAt} className={delayed ? "superseded" : undefined}>
        {time(session.startsAt)}
      </time>
      {"–"}
      <time dateTime={session.endsAt} className={delayed ? "superseded" : undefined}>
        {time(session.endsAt)}
      </time>
      {delayed && (
        <span className="delay-note">
          {" "}
          {t("agenda.delayedBy", { count: session.delayMinutes })}
          {" · "}
          {t("agenda.newTimes", { start: time(shift(session.startsAt)), end: time(shift(session.endsAt)) })}
        </span>
      )}
    </span>
  );
}
