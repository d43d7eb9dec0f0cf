// What the agenda page shows: one day of the programme, filtered and searched on the server (the
// filter form is a plain GET form, so it works without JavaScript), with the times already in the
// zone the reader chose (so the server and the browser render the same text).
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { daysBetween, isValidTimeZone, todayInZone } from "~/lib/zoned-time";
import { actorOf } from "~/modules/auth/viewer.server";
import type { Viewer } from "~/lib/app-context";
import type { PublicEvent } from "~/modules/events/events.server";
import { listPublicSessions, type AgendaSession } from "./agenda.server";
import { continuesUntil, matchesFilters, sessionDay, type AgendaFilters } from "./agenda-view";
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

export async function loadAgendaPage(db: PrismaClient, viewer: Viewer | null, event: PublicEvent, query: AgendaQuery, now = new Date()): Promise<AgendaPageData> {
  const [all, starred] = await Promise.all([listPublicSessions(db, event), listStarredSessionIds(db, actorOf(viewer), event)]);
  const days = daysBetween(event.startsOn, event.endsOn);
  const today = todayInZone(event.timeZone, now);
  const day = query.day && days.includes(query.day) ? query.day : days.includes(today) ? today : days[0];
  const filters: AgendaFilters = { track: query.track, room: query.room, kind: query.kind, lang: query.lang, q: query.q };
  const matching = all.filter((session) => matchesFilters(session, filters));

  const countsByDay: Record<string, number> = Object.fromEntries(days.map((d) => [d, 0]));
  for (const session of matching) {
    const d = sessionDay(session, event.timeZone);
    if (d in countsByDay) countsByDay[d] += 1;
  }

  const tracks = new Map<string, AgendaPageData["options"]["tracks"][number]>();
  const rooms = new Map<string, AgendaPageData["options"]["rooms"][number]>();
  const kinds = new Set<string>();
  const languages = new Set<string>();
  for (const session of all) {
    if (session.track) tracks.set(session.track.id, { id: session.track.id, name: session.track.name, names: session.track.names });
    if (session.room) rooms.set(session.room.id, { id: session.room.id, name: session.room.name, names: session.roomNames });
    kinds.add(session.kind);
    languages.add(session.floorLanguage);
    for (const language of session.interpretationLanguages) languages.add(language);
  }

  return {
    days,
    day,
    sessions: matching
      .filter((session) => session.day === day)
      .map(({ descriptions: _, ...session }) => ({ ...session, continuesUntil: continuesUntil(session, event.timeZone) })),
    countsByDay,
    filters,
    filtering: Object.values(filters).some((value) => value !== undefined),
    options: {
      tracks: [...tracks.values()].sort((a, b) => a.name.localeCompare(b.name)),
      rooms: [...rooms.values()].sort((a, b) => a.name.localeCompare(b.name)),
      kinds: SESSION_KINDS.filter((kind) => kinds.has(kind)),
      languages: [...languages].sort(),
    },
    starred,
  };
}
