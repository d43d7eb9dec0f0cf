// Session times for the agenda pages, with Intl formatters kept per (locale, zone): building an
// Intl.DateTimeFormat costs tens of microseconds, and an agenda day formats hundreds of times.
// The output is the same as ~/components/session-timing's SessionTiming.
import { useTranslation } from "react-i18next";
import type { SessionPublic } from "./session-public";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, kind: "time" | "date"): Intl.DateTimeFormat {
  const key = `${kind}|${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format =
      kind === "time"
        ? new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        : new Intl.DateTimeFormat(locale, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" });
    if (formatters.size > 500) formatters.clear(); // zones come from readers: keep the cache bounded
    formatters.set(key, format);
  }
  return format;
}

export function formatTimeCached(instant: string | number | Date, timeZone: string, locale: string): string {
  return formatter(locale, timeZone, "time").format(new Date(instant));
}

/** A calendar date (YYYY-MM-DD) as "Tuesday 24 November" in the reader's language. */
export function formatDayCached(date: string, locale: string): string {
  return formatter(locale, "UTC", "date").format(new Date(`${date}T00:00:00Z`));
}

const MINUTE_MS = 60_000;

/** Scheduled time, and the new time when a session runs late. */
export function AgendaTiming({ session, timeZone }: { session: Pick<SessionPublic, "startsAt" | "endsAt" | "delayMinutes" | "status">; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const time = (instant: string | number) => formatTimeCached(instant, timeZone, i18n.language);
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
