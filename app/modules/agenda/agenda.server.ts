import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { SessionKind, SessionStatus } from "~/generated/prisma/enums.ts";
import type { AppServices } from "~/lib/app-context";
import { dateInZone } from "~/lib/zoned-time";
import { NotFoundError, type Actor } from "~/modules/auth/actor";
import { asTextMap, type PublicEvent } from "~/modules/events/events.server";
import { rescheduleSession } from "~/modules/scheduling/reschedule.server";
import { SESSION_STATUSES, type SessionKindJson, type SessionPublic, type SessionStatusJson } from "./session-public";

export const sessionInclude = {
  texts: { select: { language: true, title: true, description: true } },
  room: { select: { id: true, name: true, names: true } },
  track: { select: { id: true, name: true, names: true, color: true } },
  speakers: { select: { name: true, role: true, affiliation: true }, orderBy: { position: "asc" } },
  _count: { select: { signups: { where: { status: "CONFIRMED" } } } },
} satisfies Prisma.SessionInclude;

export type SessionRow = Prisma.SessionGetPayload<{ include: typeof sessionInclude }>;

export interface AgendaSession extends SessionPublic {
  /** Calendar day of the (scheduled) start in the event's zone. */
  day: string;
  descriptions: Record<string, string>;
  roomNames: Record<string, string>;
  track: { id: string; name: string; names: Record<string, string>; color: string | null } | null;
  speakers: { name: string; role: string; affiliation: string | null }[];
  floorLanguage: string;
  interpretationLanguages: string[];
}

const kindToJson = (kind: SessionKind) => kind.toLowerCase() as SessionKindJson;
const statusToJson = (status: SessionStatus) => status.toLowerCase() as SessionStatusJson;

export function toSessionPublic(row: SessionRow, defaultLanguage: string): SessionPublic {
  const titles = Object.fromEntries(row.texts.map((t) => [t.language, t.title]));
  const takesSignups = row.capacity !== null;
  return {
    id: row.id,
    kind: kindToJson(row.kind),
    status: statusToJson(row.status),
    title: titles[defaultLanguage] ?? row.texts[0]?.title ?? "",
    titles,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    delayMinutes: row.delayMinutes,
    room: row.room ? { id: row.room.id, name: row.room.name } : null,
    capacity: row.capacity,
    seatsTaken: takesSignups ? row._count.signups : null,
  };
}

export function toAgendaSession(row: SessionRow, event: Pick<PublicEvent, "timeZone" | "languages">): AgendaSession {
  return {
    ...toSessionPublic(row, event.languages[0] ?? "en"),
    day: dateInZone(row.startsAt, event.timeZone),
    descriptions: Object.fromEntries(row.texts.filter((t) => t.description).map((t) => [t.language, t.description!])),
    roomNames: row.room ? asTextMap(row.room.names) : {},
    track: row.track ? { ...row.track, names: asTextMap(row.track.names) } : null,
    speakers: row.speakers.map((s) => ({ name: s.name, role: s.role.toLowerCase(), affiliation: s.affiliation })),
    floorLanguage: row.floorLanguage,
    interpretationLanguages: row.interpretationLanguages,
  };
}

/**
 * Every published session of the event, in time order (bilaterals are confidential and never
 * public); `narrower` adds conditions (a day, a room…) but can never widen what is public.
 */
export async function listPublicSessions(db: PrismaClient, event: PublicEvent, narrower: Prisma.SessionWhereInput = {}): Promise<AgendaSession[]> {
  const rows = await db.session.findMany({
    where: { AND: [{ eventId: event.id, published: true, kind: { not: "BILATERAL" } }, narrower] },
    include: sessionInclude,
    orderBy: [{ startsAt: "asc" }, { endsAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => toAgendaSession(row, event));
}

/**
 * `GET /api/events/:slug/sessions`: every published session of the event (cancelled ones
 * included, bilaterals never), each as its public JSON (the `session:updated` payload).
 */
export async function listPublicSessionsJson(db: PrismaClient, event: PublicEvent): Promise<SessionPublic[]> {
  const sessions = await listPublicSessions(db, event);
  return sessions.map(pickSessionPublic);
}

/** Only the public JSON's fields of an agenda session (drops the page-only extras). */
export function pickSessionPublic(session: SessionPublic): SessionPublic {
  const { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room, capacity, seatsTaken } = session;
  return { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room, capacity, seatsTaken };
}

export async function getPublicSession(db: PrismaClient, event: PublicEvent, sessionId: string): Promise<AgendaSession> {
  const parsedId = z.uuid().safeParse(sessionId);
  const row = parsedId.success
    ? await db.session.findFirst({
        where: { id: parsedId.data, eventId: event.id, published: true, kind: { not: "BILATERAL" } },
        include: sessionInclude,
      })
    : null;
  if (!row) throw new NotFoundError("No such session.");
  return toAgendaSession(row, event);
}

/** One session's public JSON by id, for publishing after a write made elsewhere; null when it is not public. */
export async function readPublicSession(db: PrismaClient, sessionId: string): Promise<{ eventId: string; session: SessionPublic } | null> {
  const row = await db.session.findUnique({
    where: { id: sessionId },
    include: { ...sessionInclude, event: { select: { languages: true } } },
  });
  if (!row || !row.published || row.kind === "BILATERAL") return null;
  return { eventId: row.eventId, session: toSessionPublic(row, row.event.languages[0] ?? "en") };
}

export const sessionStatusChangeSchema = z.object({
  status: z.enum(SESSION_STATUSES),
  delayMinutes: z.number().int().min(0).max(24 * 60).optional(),
});
export type SessionStatusChange = z.infer<typeof sessionStatusChangeSchema>;

/**
 * Changes a session's live status (and delay). Organisers and the system only. A thin wrapper over
 * the scheduling module's rescheduleSession: audited in the same transaction, SEQUENCE bumped,
 * published to the live channel after commit.
 */
export async function changeSessionStatus(
  services: Pick<AppServices, "db" | "bus">,
  actor: Actor,
  event: Pick<PublicEvent, "id" | "timeZone" | "languages">,
  sessionId: string,
  input: SessionStatusChange,
): Promise<SessionPublic> {
  const change = sessionStatusChangeSchema.parse(input);
  return (await rescheduleSession(services, actor, event, sessionId, change)).session;
}
