// Venue screens: for each room, the session on now and the next one, from public information only
// (published sessions, no bilaterals, room names, event and room announcements).
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { listPublicSessions, type AgendaSession } from "~/modules/agenda/agenda.server";
import { listRoomAnnouncements } from "~/modules/announcements/announcements.server";
import { NotFoundError } from "~/modules/auth/actor";
import type { PublicEvent } from "~/modules/events/events.server";
import { asTextMap } from "~/modules/events/events.server";
import type { AnnouncementPublic } from "./live-events";

export type ScreenSession = Pick<AgendaSession, "id" | "kind" | "status" | "title" | "titles" | "startsAt" | "endsAt" | "delayMinutes">;

export interface ScreenRoom {
  id: string;
  name: string;
  names: Record<string, string>;
  now: ScreenSession | null;
  next: ScreenSession | null;
}

export interface ScreenData {
  rooms: ScreenRoom[];
  announcements: AnnouncementPublic[];
  /** The server's clock when the data was read (UTC ISO). */
  at: string;
}

const MINUTE = 60_000;
const effectiveStart = (s: Pick<AgendaSession, "startsAt" | "delayMinutes">) => new Date(s.startsAt).getTime() + s.delayMinutes * MINUTE;
const effectiveEnd = (s: Pick<AgendaSession, "endsAt" | "delayMinutes">) => new Date(s.endsAt).getTime() + s.delayMinutes * MINUTE;

/**
 * Now and next per room at `now`: "now" is a session that has started (delay included) and not
 * ended (or is marked live); "next" the first later one that is not cancelled, on any day ahead.
 */
export function nowAndNext(sessions: AgendaSession[], roomId: string, now: Date): { now: ScreenSession | null; next: ScreenSession | null } {
  const t = now.getTime();
  const inRoom = sessions.filter((s) => s.room?.id === roomId && s.status !== "cancelled");
  const current =
    inRoom.find((s) => s.status === "live") ??
    inRoom.find((s) => s.status !== "ended" && effectiveStart(s) <= t && t < effectiveEnd(s)) ??
    null;
  const next = inRoom
    .filter((s) => s.id !== current?.id && s.status !== "ended" && effectiveStart(s) > t)
    .sort((a, b) => effectiveStart(a) - effectiveStart(b))[0] ?? null;
  const pick = (s: AgendaSession | null): ScreenSession | null =>
    s && { id: s.id, kind: s.kind, status: s.status, title: s.title, titles: s.titles, startsAt: s.startsAt, endsAt: s.endsAt, delayMinutes: s.delayMinutes };
  return { now: pick(current), next: pick(next) };
}

/** Every active room's now/next (or one room's, with `roomId`), plus the announcements for the screen. */
export async function getScreenData(db: PrismaClient, event: PublicEvent, roomId: string | null, now = new Date()): Promise<ScreenData> {
  let roomFilter: string | undefined;
  if (roomId !== null) {
    const parsed = z.uuid().safeParse(roomId);
    if (!parsed.success) throw new NotFoundError("No such room.");
    roomFilter = parsed.data;
  }
  const rooms = await db.room.findMany({
    where: { eventId: event.id, retiredAt: null, ...(roomFilter && { id: roomFilter }) },
    select: { id: true, name: true, names: true },
    orderBy: { name: "asc" },
  });
  if (roomFilter && rooms.length === 0) throw new NotFoundError("No such room.");
  const [sessions, announcements] = await Promise.all([listPublicSessions(db, event), listRoomAnnouncements(db, event, roomFilter ?? null, now)]);
  return {
    rooms: rooms.map((room) => ({ id: room.id, name: room.name, names: asTextMap(room.names), ...nowAndNext(sessions, room.id, now) })),
    announcements,
    at: now.toISOString(),
  };
}
