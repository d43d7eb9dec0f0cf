// Pure agenda logic shared by the server (loaders) and the browser (live updates): which calendar
// day a session belongs to, sessions crossing midnight, "now"/"next", filters and text search.
// Every instant is UTC; every day is a calendar date in a named IANA zone, asked of Intl at that
// instant (zones such as Africa/Casablanca change offset around Ramadan).

import { dateInZone } from "~/lib/zoned-time";
import type { SessionPublic } from "./session-public";

const MINUTE_MS = 60_000;

/** Start and end of a session with its delay applied, in epoch milliseconds. */
export function effectiveWindow(session: Pick<SessionPublic, "startsAt" | "endsAt" | "delayMinutes">): { start: number; end: number } {
  const delay = session.delayMinutes * MINUTE_MS;
  return { start: new Date(session.startsAt).getTime() + delay, end: new Date(session.endsAt).getTime() + delay };
}

/** The calendar day (YYYY-MM-DD in `timeZone`) a session is shown on: the day its scheduled start falls on. */
export function sessionDay(session: Pick<SessionPublic, "startsAt">, timeZone: string): string {
  return dateInZone(new Date(session.startsAt), timeZone);
}

/**
 * The last calendar day (in `timeZone`) the session still runs on, when it runs past the midnight
 * after the day it starts; null when it ends on its own day (an end at exactly 00:00 counts as
 * the day before).
 */
export function continuesUntil(session: Pick<SessionPublic, "startsAt" | "endsAt" | "delayMinutes">, timeZone: string): string | null {
  const { start, end } = effectiveWindow(session);
  const startDay = dateInZone(new Date(session.startsAt), timeZone);
  const lastDay = dateInZone(new Date(Math.max(start, end - 1)), timeZone);
  return lastDay > startDay ? lastDay : null;
}

/** Sessions grouped by the day they start on in `timeZone`, days in calendar order, sessions in time order. */
export function groupByDay<T extends Pick<SessionPublic, "startsAt" | "endsAt">>(sessions: readonly T[], timeZone: string): Map<string, T[]> {
  const sorted = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.endsAt.localeCompare(b.endsAt));
  const days = new Map<string, T[]>();
  for (const session of sorted) {
    const day = sessionDay(session, timeZone);
    const list = days.get(day);
    if (list) list.push(session);
    else days.set(day, [session]);
  }
  return new Map([...days.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Sessions running at `now`, and those starting next (the earliest start still to come), by their delayed times. */
export function nowAndNext(sessions: readonly SessionPublic[], now: number): { current: Set<string>; next: Set<string> } {
  const active = sessions.filter((s) => s.status !== "cancelled" && s.status !== "ended");
  const current = new Set<string>();
  let nextStart = Infinity;
  for (const session of active) {
    const { start, end } = effectiveWindow(session);
    if (start <= now && now < end) current.add(session.id);
    else if (start > now && start < nextStart) nextStart = start;
  }
  const next = new Set(active.filter((s) => effectiveWindow(s).start === nextStart).map((s) => s.id));
  return { current, next };
}

/** Lower-cased, accents removed, spaces collapsed: "Séance plénière" and "seance pleniere" match. */
export function normaliseForSearch(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").toLocaleLowerCase("en").replace(/\s+/g, " ").trim();
}

export interface AgendaFilters {
  track?: string;
  room?: string;
  kind?: string;
  /** A language the session is held in or interpreted into. */
  lang?: string;
  /** Free text over titles in every language and speakers' names. */
  q?: string;
}

export interface FilterableSession {
  kind: string;
  titles: Record<string, string>;
  room: { id: string } | null;
  track: { id: string } | null;
  speakers: { name: string }[];
  floorLanguage: string;
  interpretationLanguages: string[];
}

export function matchesFilters(session: FilterableSession, filters: AgendaFilters): boolean {
  if (filters.kind && session.kind !== filters.kind) return false;
  if (filters.track && session.track?.id !== filters.track) return false;
  if (filters.room && session.room?.id !== filters.room) return false;
  if (filters.lang && session.floorLanguage !== filters.lang && !session.interpretationLanguages.includes(filters.lang)) return false;
  if (filters.q) {
    const words = normaliseForSearch(filters.q).split(" ").filter(Boolean);
    const haystack = normaliseForSearch([...Object.values(session.titles), ...session.speakers.map((s) => s.name)].join(" \u0000 "));
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock times without the browser's time-zone database
// ---------------------------------------------------------------------------------------------

/**
 * A zone's UTC offsets over a span of time, computed on the server (from its tz database) and
 * sent to the page, so that the browser shows exactly the times the server rendered — browsers'
 * tz databases differ (Africa/Casablanca is one where they have disagreed) and a difference
 * would both show wrong times and break hydration. Live updates (a delay) are formatted from it too.
 */
export interface ZoneOffsets {
  zone: string;
  /** [from (epoch ms), offset in minutes east of UTC], in time order; the first applies before its `from` too. */
  changes: [number, number][];
}

const HOUR_MS = 3_600_000;

/** Offsets of `zone` from `fromMs` to `toMs`, each change located to the minute. Server side (uses Intl). */
export function zoneOffsetsFor(zone: string, fromMs: number, toMs: number, offsetAt: (instant: Date, zone: string) => number): ZoneOffsets {
  let current = offsetAt(new Date(fromMs), zone);
  const changes: [number, number][] = [[fromMs, current]];
  for (let ms = fromMs + HOUR_MS; ms <= toMs + HOUR_MS; ms += HOUR_MS) {
    const offset = offsetAt(new Date(ms), zone);
    if (offset === current) continue;
    // The change happened in (ms - 1 h, ms]: find its first minute.
    let low = ms - HOUR_MS;
    let high = ms;
    while (high - low > MINUTE_MS) {
      const mid = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS || low + MINUTE_MS;
      if (offsetAt(new Date(mid), zone) === current) low = mid;
      else high = mid;
    }
    changes.push([high, offset]);
    current = offset;
  }
  return { zone, changes };
}

export function offsetAtInstant(offsets: ZoneOffsets, instantMs: number): number {
  let offset = offsets.changes[0]?.[1] ?? 0;
  for (const [from, value] of offsets.changes) {
    if (from > instantMs) break;
    offset = value;
  }
  return offset;
}

/** "HH:MM" (24 h) on the zone's wall clock at `instant`. */
export function wallClock(offsets: ZoneOffsets, instant: string | number): string {
  const ms = typeof instant === "number" ? instant : new Date(instant).getTime();
  const local = new Date(ms + offsetAtInstant(offsets, ms) * MINUTE_MS);
  return `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`;
}
