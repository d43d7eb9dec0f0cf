// The room register of an event: list, create, edit, retire and reinstate. Organisers only; every
// change is audited in its own transaction and published after commit. Retiring follows the
// booking protocol (room-booking.server.ts): the room's row is locked first, so a booking racing
// the retirement either lands before it (and is counted) or sees the room retired.
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { getStaffEvent, type StaffEvent } from "~/modules/accreditation/accreditation.server";
import { readPublicSession } from "~/modules/agenda/agenda.server";
import { publishBilateralChanged } from "~/modules/bilaterals/events.server";
import { asTextMap } from "~/modules/events/events.server";
import { isOpenDuring } from "./opening-hours";
import { inTransaction } from "~/lib/transactions.server";
import { lockRooms } from "./room-booking.server";
import { retireSchema, roomColumns, roomFormSchema, type RoomFormInput } from "./schema";

type Tx = Prisma.TransactionClient;
export type RoomServices = Pick<AppServices, "db" | "bus">;

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === "P2002" || code === "23505") return true;
    if (/unique constraint/i.test((e as Error).message ?? "")) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export interface SessionInRoom {
  id: string;
  kind: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The bilateral meeting booked as this session, if it is one. */
  bilateralId: string | null;
}

/** 409: a name already used by another room of the event, or a room still holding sessions. */
export class RoomConflictError extends Error {
  readonly status = 409;
  constructor(
    readonly code: "duplicate_name" | "in_use",
    message: string,
    readonly sessions: SessionInRoom[] = [],
  ) {
    super(message);
    this.name = "RoomConflictError";
  }
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export async function requireRoomsAdmin(db: PrismaClient, actor: Actor, slug: string): Promise<StaffEvent> {
  const event = await getStaffEvent(db, slug);
  await requireOrganiser(db, actor, event.id);
  return event;
}

export interface RoomView {
  id: string;
  name: string;
  names: Record<string, string>;
  building: string | null;
  floor: string | null;
  capacity: number;
  layout: string | null;
  equipment: string[];
  stepFreeAccess: boolean;
  interpretationLanguages: string[];
  opensAt: string | null;
  closesAt: string | null;
  retiredAt: Date | null;
  /** Non-cancelled sessions in the room that have not ended yet. */
  upcomingSessions: number;
}

const roomSelect = {
  id: true,
  name: true,
  names: true,
  building: true,
  floor: true,
  capacity: true,
  layout: true,
  equipment: true,
  stepFreeAccess: true,
  interpretationLanguages: true,
  opensAt: true,
  closesAt: true,
  retiredAt: true,
} satisfies Prisma.RoomSelect;

/** Sessions that hold a room: not cancelled, not ended, and not over yet. */
const holdsRoom = (now: Date) => ({ status: { notIn: ["CANCELLED" as const, "ENDED" as const] }, endsAt: { gt: now } });

/** Every room of the event (retired ones last), with its count of upcoming sessions. Organisers only. */
export async function listRooms(db: PrismaClient, actor: Actor, event: Pick<StaffEvent, "id">, now = new Date()): Promise<RoomView[]> {
  await requireOrganiser(db, actor, event.id);
  const rooms = await db.room.findMany({
    where: { eventId: event.id },
    select: { ...roomSelect, _count: { select: { sessions: { where: holdsRoom(now) } } } },
    orderBy: [{ name: "asc" }],
  });
  return rooms
    .map(({ _count, ...room }) => ({ ...room, names: asTextMap(room.names), upcomingSessions: _count.sessions }))
    .sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null));
}

export async function getRoom(db: PrismaClient, actor: Actor, event: Pick<StaffEvent, "id">, roomId: string, now = new Date()): Promise<RoomView & { sessions: SessionInRoom[] }> {
  await requireOrganiser(db, actor, event.id);
  if (!z.uuid().safeParse(roomId).success) throw new NotFoundError("No such room.");
  const room = await db.room.findFirst({ where: { id: roomId, eventId: event.id }, select: roomSelect });
  if (!room) throw new NotFoundError("No such room.");
  const sessions = await sessionsHoldingRoom(db, roomId, now);
  return { ...room, names: asTextMap(room.names), upcomingSessions: sessions.length, sessions };
}

async function sessionsHoldingRoom(db: PrismaClient | Tx, roomId: string, now: Date): Promise<SessionInRoom[]> {
  const rows = await db.session.findMany({
    where: { roomId, ...holdsRoom(now) },
    select: { id: true, kind: true, startsAt: true, endsAt: true, texts: { select: { language: true, title: true } }, bilateral: { select: { id: true } } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind.toLowerCase(),
    title: (row.texts.find((t) => t.language === "en") ?? row.texts[0])?.title ?? "",
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    bilateralId: row.bilateral?.id ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

async function refuseDuplicateName(tx: Tx, eventId: string, name: string, exceptId?: string) {
  const other = await tx.room.findFirst({
    where: { eventId, name: { equals: name, mode: "insensitive" }, ...(exceptId && { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (other) throw new RoomConflictError("duplicate_name", `Another room of this event is already called “${name}”.`);
}

function duplicateNameOr(error: unknown, name: string): unknown {
  return isUniqueViolation(error) ? new RoomConflictError("duplicate_name", `Another room of this event is already called “${name}”.`) : error;
}

function auditData(actor: Actor, data: Record<string, unknown>) {
  return { ...data, ...(actor.kind === "system" && { system: actor.reason }) } as Prisma.InputJsonObject;
}

export async function createRoom(services: RoomServices, actor: Actor, event: Pick<StaffEvent, "id">, raw: RoomFormInput): Promise<{ id: string }> {
  await requireOrganiser(services.db, actor, event.id);
  const columns = roomColumns(roomFormSchema.parse(raw));
  try {
    return await inTransaction(services.db, async (tx) => {
      await refuseDuplicateName(tx, event.id, columns.name);
      const room = await tx.room.create({ data: { eventId: event.id, ...columns }, select: { id: true } });
      await tx.auditLog.create({
        data: { eventId: event.id, actorId: actorIdOf(actor), action: "room.created", targetType: "room", targetId: room.id, data: auditData(actor, { room: columns }) },
      });
      return room;
    });
  } catch (error) {
    throw duplicateNameOr(error, columns.name);
  }
}

/**
 * What an edit leaves for the organiser to sort out in the room's sessions still to come (the
 * edit is saved; these are warnings, for the scheduling conflicts to resolve): seats or sign-ups
 * above the new capacity, times outside the new opening hours, interpretation the booths no
 * longer serve.
 */
export interface RoomWarning {
  code: "capacity" | "signups" | "hours" | "booths";
  sessionId: string;
  title: string;
  startsAt: Date;
  /** Capacity or sign-ups for those codes; the missing languages for "booths". */
  detail: string;
}

async function warningsFor(tx: Tx, room: { id: string; capacity: number; opensAt: string | null; closesAt: string | null; interpretationLanguages: string[] }, timeZone: string, now: Date): Promise<RoomWarning[]> {
  const sessions = await tx.session.findMany({
    where: { roomId: room.id, ...holdsRoom(now) },
    select: {
      id: true,
      kind: true,
      startsAt: true,
      endsAt: true,
      capacity: true,
      interpretationLanguages: true,
      texts: { select: { language: true, title: true } },
      _count: { select: { signups: { where: { status: "CONFIRMED" } } } },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const booths = new Set(room.interpretationLanguages);
  return sessions.flatMap((s) => {
    const base = { sessionId: s.id, title: (s.texts.find((t) => t.language === "en") ?? s.texts[0])?.title ?? "", startsAt: s.startsAt };
    const found: RoomWarning[] = [];
    if (s.capacity !== null && s.capacity > room.capacity) found.push({ ...base, code: "capacity", detail: String(s.capacity) });
    if (s._count.signups > room.capacity) found.push({ ...base, code: "signups", detail: String(s._count.signups) });
    if (!isOpenDuring(room, s, timeZone)) found.push({ ...base, code: "hours", detail: "" });
    const missing = s.interpretationLanguages.filter((language) => !booths.has(language));
    if (missing.length > 0) found.push({ ...base, code: "booths", detail: missing.join(", ") });
    return found;
  });
}

export async function updateRoom(
  services: RoomServices,
  actor: Actor,
  event: Pick<StaffEvent, "id" | "timeZone">,
  roomId: string,
  raw: RoomFormInput,
  now = new Date(),
): Promise<{ id: string; warnings: RoomWarning[] }> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(roomId).success) throw new NotFoundError("No such room.");
  const columns = roomColumns(roomFormSchema.parse(raw));
  let publicSessions: string[] = [];
  let warnings: RoomWarning[] = [];
  try {
    await inTransaction(services.db, async (tx) => {
      await lockRooms(tx, [roomId]);
      const before = await tx.room.findFirst({ where: { id: roomId, eventId: event.id }, select: roomSelect });
      if (!before) throw new NotFoundError("No such room.");
      await refuseDuplicateName(tx, event.id, columns.name, roomId);
      await tx.room.update({ where: { id: roomId }, data: columns });
      const changed = Object.fromEntries(
        Object.entries(columns).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof typeof before])),
      );
      await tx.auditLog.create({
        data: {
          eventId: event.id,
          actorId: actorIdOf(actor),
          action: "room.updated",
          targetType: "room",
          targetId: roomId,
          data: auditData(actor, { changed, before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key as keyof typeof before]])) }),
        },
      });
      // The session JSON carries the room's name: sessions in a renamed room are news.
      if ("name" in changed) {
        const rows = await tx.session.findMany({ where: { roomId, published: true, kind: { not: "BILATERAL" } }, select: { id: true } });
        publicSessions = rows.map((row) => row.id);
      }
      warnings = await warningsFor(tx, { id: roomId, ...columns }, event.timeZone, now);
    });
  } catch (error) {
    throw duplicateNameOr(error, columns.name);
  }
  void publishSessions(services, publicSessions);
  return { id: roomId, warnings };
}

export interface RetireResult {
  retired: true;
  /** Sessions taken out of the room (now "room to be announced"). */
  unassignedSessions: string[];
  /** Bilateral meetings whose booking was released; they wait for a new room. */
  releasedBilaterals: string[];
}

/**
 * Retires a room: it stays on past sessions but can no longer be booked. A room still holding
 * sessions (not cancelled, not over) is refused with the list of them, unless the organiser
 * confirms by sending the number of sessions they were shown: those sessions are then taken
 * out of the room (shown as "room to be announced" until moved), and booked bilaterals go back
 * to the organisers' allocation list. A different count (the room was booked meanwhile) is
 * refused again with the new list.
 */
export async function retireRoom(
  services: RoomServices,
  actor: Actor,
  event: Pick<StaffEvent, "id">,
  roomId: string,
  raw: z.input<typeof retireSchema> = {},
  now = new Date(),
): Promise<RetireResult> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(roomId).success) throw new NotFoundError("No such room.");
  const { confirmSessions } = retireSchema.parse(raw);
  const result = await inTransaction(services.db, async (tx) => {
    await lockRooms(tx, [roomId]);
    const room = await tx.room.findFirst({ where: { id: roomId, eventId: event.id }, select: { id: true, name: true, retiredAt: true } });
    if (!room) throw new NotFoundError("No such room.");
    if (room.retiredAt) return { retired: true as const, unassignedSessions: [], releasedBilaterals: [], publicSessions: [] as string[], bilaterals: [] as string[] };
    const sessions = await sessionsHoldingRoom(tx, roomId, now);
    if (sessions.length > 0 && confirmSessions !== sessions.length) {
      throw new RoomConflictError(
        "in_use",
        `“${room.name}” still holds ${sessions.length} session(s); confirm to take them out of the room.`,
        sessions,
      );
    }
    await tx.room.update({ where: { id: roomId }, data: { retiredAt: now } });
    const bilateralSessions = sessions.filter((s) => s.bilateralId);
    const otherSessions = sessions.filter((s) => !s.bilateralId);
    if (otherSessions.length > 0) {
      await tx.session.updateMany({ where: { id: { in: otherSessions.map((s) => s.id) } }, data: { roomId: null, sequence: { increment: 1 } } });
    }
    // A bilateral's session exists only as its booking: drop it, the meeting waits for a room again.
    if (bilateralSessions.length > 0) {
      await tx.bilateralMeeting.updateMany({ where: { id: { in: bilateralSessions.map((s) => s.bilateralId!) } }, data: { sessionId: null } });
      await tx.session.deleteMany({ where: { id: { in: bilateralSessions.map((s) => s.id) } } });
    }
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: "room.retired",
        targetType: "room",
        targetId: roomId,
        data: auditData(actor, { name: room.name, unassignedSessions: otherSessions.map((s) => s.id), releasedBilaterals: bilateralSessions.map((s) => s.bilateralId) }),
      },
    });
    for (const session of otherSessions) {
      await tx.auditLog.create({
        data: { eventId: event.id, actorId: actorIdOf(actor), action: "session.room_unassigned", targetType: "session", targetId: session.id, data: auditData(actor, { roomId, reason: "room retired" }) },
      });
    }
    const publicRows = await tx.session.findMany({ where: { id: { in: otherSessions.map((s) => s.id) }, published: true }, select: { id: true } });
    return {
      retired: true as const,
      unassignedSessions: otherSessions.map((s) => s.id),
      releasedBilaterals: bilateralSessions.map((s) => s.bilateralId!),
      publicSessions: publicRows.map((r) => r.id),
      bilaterals: bilateralSessions.map((s) => s.bilateralId!),
    };
  });
  void publishSessions(services, result.publicSessions);
  for (const id of result.bilaterals) void publishBilateralChanged(services, id).catch(() => undefined);
  return { retired: true, unassignedSessions: result.unassignedSessions, releasedBilaterals: result.releasedBilaterals };
}

export async function reinstateRoom(services: RoomServices, actor: Actor, event: Pick<StaffEvent, "id">, roomId: string): Promise<{ id: string }> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(roomId).success) throw new NotFoundError("No such room.");
  await inTransaction(services.db, async (tx) => {
    await lockRooms(tx, [roomId]);
    const room = await tx.room.findFirst({ where: { id: roomId, eventId: event.id }, select: { retiredAt: true } });
    if (!room) throw new NotFoundError("No such room.");
    if (!room.retiredAt) return;
    await tx.room.update({ where: { id: roomId }, data: { retiredAt: null } });
    await tx.auditLog.create({ data: { eventId: event.id, actorId: actorIdOf(actor), action: "room.reinstated", targetType: "room", targetId: roomId, data: auditData(actor, {}) } });
  });
  return { id: roomId };
}

// ---------------------------------------------------------------------------------------------
// After commit
// ---------------------------------------------------------------------------------------------

async function publishSessions(services: RoomServices, sessionIds: string[]): Promise<void> {
  if (services.bus.listenerCount("session.updated") === 0) return;
  for (const id of sessionIds) {
    const found = await readPublicSession(services.db, id).catch(() => null);
    if (found) services.bus.publish("session.updated", found);
  }
}
