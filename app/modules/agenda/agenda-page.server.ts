// What the agenda page shows: one day of the programme, filtered and searched on the server (the
// filter form is a plain GET form, so it works without JavaScript), with the times already in the
// zone the reader chose (so the server and the browser render the same text).
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { SessionKind } from "~/generated/prisma/enums.ts";
import { addDaysToDate, dateInZone, daysBetween, isValidTimeZone, timeZoneOffsetMinutes, todayInZone, zonedWallTimeToUtc } from "~/lib/zoned-time";
import { actorOf } from "~/modules/auth/viewer.server";
import type { Viewer } from "~/lib/app-context";
import { asTextMap, type PublicEvent } from "~/modules/events/events.server";
import { listPublicSessions, type AgendaSession } from "./agenda.server";
import { continuesUntil, matchesFilters, zoneOffsetsFor, type AgendaFilters, type ZoneOffsets } from "./agenda-view";
import { SESSION_KINDS } from "./session-public";
import { listStarredSessionIds } from "./stars.server";

export const TIME_ZONE_COOKIE = "plenary_tz";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional()).catch(undefined);

/** The agenda's query string. Values that do not parse are ignored (a stale bookmark still opens the page). */
export const agendaQuerySchema = z.object({
  day: optional(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  track: optional(z.uuid()),
  room: optional(z.uuid()),
  kind: optional(z.enum(SESSION_KINDS.filter((k) => k !== "bilateral") as ["plenary", "workshop", "side_event"])),
  lang: optional(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/)),
  q: optional(z.string().trim().max(200)),
  /** "event" for the event's zone, or an IANA zone name (the viewer's own). */
  tz: optional(z.string().max(64).refine((zone) => zone === "event" || isValidTimeZone(zone))),
});
export type AgendaQuery = z.infer<typeof agendaQuerySchema>;

export function parseAgendaQuery(url: URL): AgendaQuery {
  return agendaQuerySchema.parse(Object.fromEntries(url.searchParams));
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/**
 * The zone to show times in: `?tz=` when given (remembered in a cookie), else the remembered
 * choice, else the event's zone. Returns the Set-Cookie header to send when the choice changed.
 */
export function resolveDisplayZone(request: Request, query: AgendaQuery, eventZone: string): { zone: string; setCookie: string | null } {
  const secure = new URL(request.url).protocol === "https:";
  const attributes = `Path=/; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
  if (query.tz === "event") return { zone: eventZone, setCookie: `${TIME_ZONE_COOKIE}=; Max-Age=0; ${attributes}` };
  if (query.tz) return { zone: query.tz, setCookie: `${TIME_ZONE_COOKIE}=${encodeURIComponent(query.tz)}; Max-Age=31536000; ${attributes}` };
  const remembered = readCookie(request.headers.get("Cookie"), TIME_ZONE_COOKIE);
  return { zone: remembered && isValidTimeZone(remembered) ? remembered : eventZone, setCookie: null };
}

const offsetsCache = new Map<string, ZoneOffsets>();

/**
 * What the pages need to show times in `zone` without the browser's tz database: the zone's
 * offsets over the event (a day either side, for late sessions and delays) and a "GMT+1" label
 * for `labelDay`.
 */
export function displayZoneInfo(event: Pick<PublicEvent, "startsOn" | "endsOn" | "timeZone">, zone: string, labelDay: string): { offsets: ZoneOffsets; label: string } {
  const from = zonedWallTimeToUtc(addDaysToDate(event.startsOn, -1), "00:00", event.timeZone).getTime();
  const to = zonedWallTimeToUtc(addDaysToDate(event.endsOn, 2), "00:00", event.timeZone).getTime();
  const key = `${zone}|${from}|${to}`;
  let offsets = offsetsCache.get(key);
  if (!offsets) {
    offsets = zoneOffsetsFor(zone, from, to, timeZoneOffsetMinutes);
    if (offsetsCache.size >= 200) offsetsCache.clear(); // zones come from readers: stay bounded
    offsetsCache.set(key, offsets);
  }
  const minutes = timeZoneOffsetMinutes(zonedWallTimeToUtc(labelDay, "12:00", event.timeZone), zone);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const label = `GMT${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : ""}`;
  return { offsets, label };
}

/** One line of the agenda: the public JSON plus what the page shows (no descriptions: they are on the session page). */
export interface AgendaItem extends Omit<AgendaSession, "descriptions"> {
  /** Last day (event's zone) the session runs on when it crosses midnight, else null. */
  continuesUntil: string | null;
}

export interface AgendaPageData {
  days: string[];
  day: string;
  /** Sessions of the chosen day that match the filters. */
  sessions: AgendaItem[];
  /** Matching sessions per day, for the day tabs. */
  countsByDay: Record<string, number>;
  filters: AgendaFilters;
  filtering: boolean;
  options: {
    tracks: { id: string; name: string; names: Record<string, string> }[];
    rooms: { id: string; name: string; names: Record<string, string> }[];
    kinds: string[];
    languages: string[];
  };
  starred: string[];
}

/** Conditions of the filters that the database can apply (the text search runs on the titles in every language, below). */
function filterWhere(filters: AgendaFilters): Prisma.SessionWhereInput {
  return {
    ...(filters.kind && { kind: filters.kind.toUpperCase() as SessionKind }),
    ...(filters.room && { roomId: filters.room }),
    ...(filters.track && { trackId: filters.track }),
    ...(filters.lang && { OR: [{ floorLanguage: filters.lang }, { interpretationLanguages: { has: filters.lang } }] }),
  };
}

export async function loadAgendaPage(db: PrismaClient, viewer: Viewer | null, event: PublicEvent, query: AgendaQuery, now = new Date()): Promise<AgendaPageData> {
  const days = daysBetween(event.startsOn, event.endsOn);
  const today = todayInZone(event.timeZone, now);
  const day = query.day && days.includes(query.day) ? query.day : days.includes(today) ? today : days[0];
  const filters: AgendaFilters = { track: query.track, room: query.room, kind: query.kind, lang: query.lang, q: query.q };
  const filtering = Object.values(filters).some((value) => value !== undefined);
  const where = filterWhere(filters);
  // The chosen day, from its midnight to the next one in the event's zone (offsets change: ask Intl).
  const dayWindow = { startsAt: { gte: zonedWallTimeToUtc(day, "00:00", event.timeZone), lt: zonedWallTimeToUtc(addDaysToDate(day, 1), "00:00", event.timeZone) } };

  // A text search reads every session's titles and speakers; otherwise only the chosen day is loaded in full.
  const [loaded, starred, light, rooms, tracks] = await Promise.all([
    listPublicSessions(db, event, filters.q ? where : { AND: [where, dayWindow] }),
    listStarredSessionIds(db, actorOf(viewer), event),
    db.session.findMany({
      where: { eventId: event.id, published: true, kind: { not: "BILATERAL" } },
      select: { kind: true, startsAt: true, roomId: true, trackId: true, floorLanguage: true, interpretationLanguages: true },
    }),
    db.room.findMany({ where: { eventId: event.id }, select: { id: true, name: true, names: true } }),
    db.track.findMany({ where: { eventId: event.id }, select: { id: true, name: true, names: true } }),
  ]);
  const matching = filters.q ? loaded.filter((session) => matchesFilters(session, filters)) : loaded;

  const countsByDay: Record<string, number> = Object.fromEntries(days.map((d) => [d, 0]));
  if (filters.q) {
    for (const session of matching) if (session.day in countsByDay) countsByDay[session.day] += 1;
  } else if (filtering) {
    const sameAsFilters = await db.session.findMany({
      where: { AND: [{ eventId: event.id, published: true, kind: { not: "BILATERAL" } }, where] },
      select: { startsAt: true },
    });
    for (const { startsAt } of sameAsFilters) {
      const d = dateInZone(startsAt, event.timeZone);
      if (d in countsByDay) countsByDay[d] += 1;
    }
  }

  const usedRooms = new Set(light.map((s) => s.roomId));
  const usedTracks = new Set(light.map((s) => s.trackId));
  const kinds = new Set<string>(light.map((s) => s.kind.toLowerCase()));
  const languages = new Set<string>();
  for (const session of light) {
    languages.add(session.floorLanguage);
    for (const language of session.interpretationLanguages) languages.add(language);
  }
  const named = (rows: { id: string; name: string; names: unknown }[], used: Set<string | null>) =>
    rows
      .filter((row) => used.has(row.id))
      .map((row) => ({ id: row.id, name: row.name, names: asTextMap(row.names) }))
      .sort((a, b) => a.name.localeCompare(b.name));

  return {
    days,
    day,
    sessions: matching
      .filter((session) => session.day === day)
      .map(({ descriptions: _, ...session }) => ({ ...session, continuesUntil: continuesUntil(session, event.timeZone) })),
    countsByDay,
    filters,
    filtering,
    options: {
      tracks: named(tracks, usedTracks),
      rooms: named(rooms, usedRooms),
      kinds: SESSION_KINDS.filter((kind) => kinds.has(kind)),
      languages: [...languages].sort(),
    },
    starred,
  };
}
