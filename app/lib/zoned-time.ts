/**
 * Calendar dates and wall-clock times in an IANA time zone, on top of `Intl` only.
 *
 * Plenary stores every instant in UTC and shows it in the event's zone. A "date" here is a
 * calendar date string `YYYY-MM-DD`, a "time" a wall-clock string `HH:MM` (24 h).
 *
 * Offsets are never hard-coded: zones such as Africa/Casablanca change offset for Ramadan
 * (UTC+1 normally, UTC+0 during Ramadan) and Europe/Paris for summer time, so every
 * conversion asks `Intl` what the offset is at the instant concerned.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallParts(instant: Date, timeZone: string): WallParts {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid date");
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24, // some ICU versions print midnight as 24
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

function parseDate(date: string): [number, number, number] {
  const match = DATE_RE.exec(date);
  if (!match) throw new RangeError(`Expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return [year, month, day];
}

function parseTime(time: string): [number, number] {
  const match = TIME_RE.exec(time);
  if (!match) throw new RangeError(`Expected a time HH:MM, got ${JSON.stringify(time)}`);
  return [Number(match[1]), Number(match[2])];
}

function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** True when `Intl` knows the zone (IANA names such as "Africa/Casablanca", and "UTC"). */
// Zones found valid (a bounded set: the IANA names); building a formatter to check costs ~0.1 ms.
const knownValidZones = new Set<string>();

export function isValidTimeZone(timeZone: string): boolean {
  if (knownValidZones.has(timeZone)) return true;
  if (typeof timeZone !== "string" || timeZone.trim() === "" || timeZone !== timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    knownValidZones.add(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of the zone from UTC at `instant`, in minutes (east positive: Paris in winter = 60). */
export function timeZoneOffsetMinutes(instant: Date, timeZone: string): number {
  const p = wallParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / MINUTE_MS);
}

/**
 * The UTC instant at which the wall clock in `timeZone` shows `date` `time`.
 *
 * Around an offset change a wall time can be missing or repeated; this follows the
 * "compatible" rule of Temporal and RFC 5545:
 * - a wall time that does not exist (clocks jump forward, e.g. 02:30 in Paris on the last
 *   Sunday of March) gives the later valid instant: the time is read with the offset in force
 *   before the jump, so 02:30 becomes 03:30 summer time;
 * - a wall time that exists twice (clocks go back, e.g. 02:30 in Casablanca when Ramadan time
 *   starts) gives the earlier of the two instants.
 */
export function zonedWallTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = parseDate(date);
  const [hour, minute] = parseTime(time);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);

  // Offsets in force shortly before and after this wall time; no zone changes offset twice
  // within a day, so these two cover every possibility.
  const offsetBefore = timeZoneOffsetMinutes(new Date(wallMs - DAY_MS), timeZone);
  const offsetAfter = timeZoneOffsetMinutes(new Date(wallMs + DAY_MS), timeZone);
  const candidates = [...new Set([offsetBefore, offsetAfter, timeZoneOffsetMinutes(new Date(wallMs), timeZone)])]
    .map((offset) => wallMs - offset * MINUTE_MS)
    .filter((ms) => {
      const p = wallParts(new Date(ms), timeZone);
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) === wallMs;
    })
    .sort((a, b) => a - b);

  if (candidates.length > 0) return new Date(candidates[0]); // ambiguous: the earlier one
  // Non-existent wall time (a gap): read it with the offset from before the gap.
  return new Date(wallMs - offsetBefore * MINUTE_MS);
}

/** Calendar date (YYYY-MM-DD) that the wall clock in `timeZone` shows at `instant`. */
export function dateInZone(instant: Date, timeZone: string): string {
  const p = wallParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Wall-clock time (HH:MM, 24 h) in `timeZone` at `instant`. */
export function timeInZone(instant: Date, timeZone: string): string {
  const p = wallParts(instant, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** Today's date in `timeZone`. */
export function todayInZone(timeZone: string, now: Date = new Date()): string {
  return dateInZone(now, timeZone);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDaysToDate(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Expected a whole number of days, got ${days}`);
  const [year, month, day] = parseDate(date);
  return formatUtcDate(Date.UTC(year, month - 1, day) + days * DAY_MS);
}

/** Every date from `first` to `last`, both included; empty when `last` is before `first`. */
export function daysBetween(first: string, last: string): string[] {
  const [y1, m1, d1] = parseDate(first);
  const [y2, m2, d2] = parseDate(last);
  const start = Date.UTC(y1, m1 - 1, d1);
  const end = Date.UTC(y2, m2 - 1, d2);
  const days: string[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) days.push(formatUtcDate(ms));
  return days;
}

/** A date-only column (`@db.Date`) value for `date`: midnight UTC of that calendar date. */
export function dateToDbDate(date: string): Date {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day));
}

/** The calendar date a date-only column (`@db.Date`) holds. */
export function dbDateToDate(value: Date): string {
  return formatUtcDate(value.getTime());
}
