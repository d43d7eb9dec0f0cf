// Moving, resizing, delaying and changing the status of a session: the one domain function behind
// the PATCH API, the organiser pages, the grid and `changeSessionStatus`.
//
// Protocol (decision 006): one transaction that locks the target room's row (lockRooms), then the
// session's row, then looks for conflicts (findConflicts → findRoomClashes), then writes, audits
// and bumps the iCal SEQUENCE. Two organisers moving two sessions into one room at one instant are
// serialised by the room lock, so the second sees the first one's booking and is refused. The
// live update is published after commit.
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { SessionStatus } from "~/generated/prisma/enums.ts";
import { inTransaction } from "~/lib/transactions.server";
import type { AppServices } from "~/lib/app-context";
import { sessionInclude, toSessionPublic } from "~/modules/agenda/agenda.server";
import { SESSION_STATUSES, type SessionPublic } from "~/modules/agenda/session-public";
import { NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { calendarDate } from "~/modules/events/events.server";
import { lockRooms } from "~/modules/rooms/room-booking.server";
import { findConflicts, type Conflict, type SchedulingEvent } from "./conflicts.server";

type Tx = Prisma.TransactionClient;
export type SchedulingServices = Pick<AppServices, "db" | "bus">;

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

const instant = z
  .union([z.date(), z.iso.datetime({ offset: true, message: "Give a date and time in ISO 8601 with a zone, e.g. 2026-05-06T09:00:00Z." })])
  .transform((value) => new Date(value));

export const rescheduleInputSchema = z
  .object({
    status: z.enum(SESSION_STATUSES, { message: `Status must be one of: ${SESSION_STATUSES.join(", ")}.` }).optional(),
    delayMinutes: z.number({ message: "Give the delay in whole minutes." }).int("Give the delay in whole minutes.").min(0, "A delay cannot be negative.").max(24 * 60, "A delay is at most 1440 minutes.").optional(),
    roomId: z.uuid({ message: "Not a room id." }).nullable().optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    overrideReason: z.string().trim().max(500, "Keep the reason under 500 characters.").optional().transform((value) => (value ? value : undefined)),
  })
  .strict()
  .refine((input) => !(input.startsAt && input.endsAt) || input.endsAt > input.startsAt, { message: "The end must be after the start.", path: ["endsAt"] });

export type RescheduleInput = z.input<typeof rescheduleInputSchema>;
type ParsedInput = z.output<typeof rescheduleInputSchema>;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** The change is refused because of conflicts: answered 409 `{ conflicts }`. */
export class ScheduleConflictError extends Error {
  readonly status = 409;
  constructor(readonly conflicts: Conflict[]) {
    super(conflicts.map((c) => c.message).join(" "));
    this.name = "ScheduleConflictError";
  }
}

/** Input that is well-formed but does not fit this session (unknown room, end before start): 400 `{ errors }`. */
export class ScheduleInputError extends Error {
  readonly status = 400;
  constructor(readonly errors: Record<string, string[]>) {
    super(Object.values(errors).flat().join(" "));
    this.name = "ScheduleInputError";
  }
}

// ---------------------------------------------------------------------------------------------
// The function
// ---------------------------------------------------------------------------------------------

export interface RescheduleResult {
  session: SessionPublic;
  /** The conflicts that were overridden (empty when there were none). */
  overridden: Conflict[];
  /** False when the input changed nothing (nothing written, nothing published). */
  changed: boolean;
}

export interface CheckResult {
  conflicts: Conflict[];
  /** True when it would be saved as given: no hard conflict, and soft ones only with a reason. */
  allowed: boolean;
}

/** Test seam: runs inside the transaction after the conflicts are known, before the write. */
export interface RescheduleHooks {
  beforeWrite?: () => Promise<void>;
}

type EventRef = { id: string; languages?: string[] };

/**
 * Moves, resizes, delays or changes the status of one session. Organisers only (401 anonymous,
 * 403 others). Hard conflicts are always refused, soft ones unless `overrideReason` is given.
 * A delay is kept beside the slot and is never refused as a room conflict.
 */
export async function rescheduleSession(
  services: SchedulingServices,
  actor: Actor,
  event: EventRef,
  sessionId: string,
  input: RescheduleInput,
  hooks: RescheduleHooks = {},
): Promise<RescheduleResult> {
  await requireOrganiser(services.db, actor, event.id);
  const change = rescheduleInputSchema.parse(input);
  const outcome = await inTransaction(services.db, (tx) => applyChange(tx, actor, event.id, sessionId, change, hooks));
  if (outcome.changed && outcome.publicSession) services.bus.publish("session.updated", { eventId: event.id, session: outcome.publicSession });
  return { session: outcome.session, overridden: outcome.overridden, changed: outcome.changed };
}

/** The same checks as rescheduleSession without writing anything: what would stand in the way. */
export async function checkReschedule(services: Pick<AppServices, "db">, actor: Actor, event: EventRef, sessionId: string, input: RescheduleInput): Promise<CheckResult> {
  await requireOrganiser(services.db, actor, event.id);
  const change = rescheduleInputSchema.parse(input);
  const session = await loadSession(services.db, event.id, sessionId, false);
  const schedulingEvent = await loadSchedulingEvent(services.db, event.id);
  const plan = await planChange(services.db, schedulingEvent, session, change);
  const conflicts = plan.mustCheck ? await findConflicts(services.db, schedulingEvent, plan.slot) : [];
  return { conflicts, allowed: !conflicts.some((c) => c.hard) && (conflicts.length === 0 || !!change.overrideReason) };
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

const sessionForChange = {
  id: true,
  eventId: true,
  kind: true,
  status: true,
  published: true,
  roomId: true,
  startsAt: true,
  endsAt: true,
  delayMinutes: true,
  capacity: true,
  interpretationLanguages: true,
  speakers: { select: { userId: true, name: true } },
} satisfies Prisma.SessionSelect;
type SessionForChange = Prisma.SessionGetPayload<{ select: typeof sessionForChange }>;

async function loadSession(db: Tx | PrismaClient, eventId: string, sessionId: string, lock: boolean): Promise<SessionForChange> {
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such session.");
  if (lock) await (db as Tx).$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const session = await db.session.findFirst({ where: { id: sessionId, eventId }, select: sessionForChange });
  if (!session) throw new NotFoundError("No such session.");
  return session;
}

export async function loadSchedulingEvent(db: Tx | PrismaClient, eventId: string): Promise<SchedulingEvent> {
  const row = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, timeZone: true, startsOn: true, endsOn: true, changeoverBufferMinutes: true, languages: true },
  });
  if (!row) throw new NotFoundError("No such event.");
  return { ...row, startsOn: calendarDate(row.startsOn), endsOn: calendarDate(row.endsOn) };
}

async function planChange(db: Tx | PrismaClient, event: SchedulingEvent, session: SessionForChange, change: ParsedInput) {
  const roomId = change.roomId !== undefined ? change.roomId : session.roomId;
  const startsAt = change.startsAt ?? session.startsAt;
  const endsAt = change.endsAt ?? session.endsAt;
  if (endsAt <= startsAt) {
    throw new ScheduleInputError({ [change.endsAt ? "endsAt" : "startsAt"]: ["The end must be after the start."] });
  }
  const room = roomId
    ? await db.room.findFirst({
        where: { id: roomId, eventId: event.id },
        select: { id: true, name: true, capacity: true, interpretationLanguages: true, opensAt: true, closesAt: true, retiredAt: true },
      })
    : null;
  if (roomId && !room) throw new ScheduleInputError({ roomId: ["No such room in this event."] });
  if (room?.retiredAt && roomId !== session.roomId) throw new ScheduleInputError({ roomId: ["This room is retired: choose another one."] });

  const slotChanged = roomId !== session.roomId || startsAt.getTime() !== session.startsAt.getTime() || endsAt.getTime() !== session.endsAt.getTime();
  const status = (change.status?.toUpperCase() as SessionStatus | undefined) ?? session.status;
  const reactivated = session.status === "CANCELLED" && status !== "CANCELLED";
  return {
    roomId,
    startsAt,
    endsAt,
    status,
    slotChanged,
    // A delay or a status change alone never re-checks the slot; a move, a resize or bringing a
    // cancelled session back does (a cancelled session itself never conflicts).
    mustCheck: (slotChanged || reactivated) && status !== "CANCELLED",
    slot: {
      sessionId: session.id,
      startsAt,
      endsAt,
      room: room && { id: room.id, name: room.name, capacity: room.capacity, interpretationLanguages: room.interpretationLanguages, opensAt: room.opensAt, closesAt: room.closesAt },
      capacity: session.capacity,
      interpretationLanguages: session.interpretationLanguages,
      speakers: session.speakers,
    },
  };
}

interface Outcome {
  session: SessionPublic;
  publicSession: SessionPublic | null;
  overridden: Conflict[];
  changed: boolean;
}

async function applyChange(
  tx: Tx,
  actor: Actor,
  eventId: string,
  sessionId: string,
  change: ParsedInput,
  hooks: RescheduleHooks,
): Promise<Outcome> {
  const event = await loadSchedulingEvent(tx, eventId);
  // Lock order (every writer): rooms by id → the session. Which room is the target depends on the
  // session's current room when the input names none, so read it, lock, and check it did not move.
  const peek = await loadSession(tx, eventId, sessionId, false);
  const targetRoomId = change.roomId !== undefined ? change.roomId : peek.roomId;
  if (targetRoomId && z.uuid().safeParse(targetRoomId).success) await lockRooms(tx, [targetRoomId]);
  const session = await loadSession(tx, eventId, sessionId, true);
  if (change.roomId === undefined && session.roomId !== peek.roomId) {
    // Moved by someone else between the read and the lock: start again with the new room.
    throw Object.assign(new Error("session moved meanwhile"), { code: "40001" });
  }

  const plan = await planChange(tx, event, session, change);
  const conflicts = plan.mustCheck ? await findConflicts(tx, event, plan.slot) : [];
  const hard = conflicts.filter((c) => c.hard);
  if (hard.length > 0) throw new ScheduleConflictError(conflicts);
  if (conflicts.length > 0 && !change.overrideReason) throw new ScheduleConflictError(conflicts);
  await hooks.beforeWrite?.();

  // Moving a published, scheduled session tells delegates it moved, unless a status is given.
  const status = change.status === undefined && plan.slotChanged && session.published && session.status === "SCHEDULED" ? "MOVED" : plan.status;
  const delayMinutes = change.delayMinutes ?? session.delayMinutes;
  const changed = plan.slotChanged || status !== session.status || delayMinutes !== session.delayMinutes;

  if (!changed) {
    const row = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, include: sessionInclude });
    const session = toSessionPublic(row, event.languages[0] ?? "en");
    return { session, publicSession: null, overridden: [], changed: false };
  }

  const row = await tx.session.update({
    where: { id: sessionId },
    data: { roomId: plan.roomId, startsAt: plan.startsAt, endsAt: plan.endsAt, status, delayMinutes, sequence: { increment: 1 } },
    include: sessionInclude,
  });
  const from = { status: session.status.toLowerCase(), delayMinutes: session.delayMinutes, roomId: session.roomId, startsAt: session.startsAt.toISOString(), endsAt: session.endsAt.toISOString() };
  const to = { status: status.toLowerCase(), delayMinutes, roomId: plan.roomId, startsAt: plan.startsAt.toISOString(), endsAt: plan.endsAt.toISOString() };
  await tx.auditLog.create({
    data: {
      eventId,
      actorId: actorIdOf(actor),
      action: plan.slotChanged ? "session.rescheduled" : "session.status_changed",
      targetType: "session",
      targetId: sessionId,
      data: {
        from,
        to,
        ...(conflicts.length > 0 && { overrideReason: change.overrideReason, overridden: conflicts.map((c) => ({ code: c.code, message: c.message })) }),
        ...(actor.kind === "system" && { system: actor.reason }),
      },
    },
  });
  const publicJson = toSessionPublic(row, event.languages[0] ?? "en");
  return {
    session: publicJson,
    publicSession: row.published && row.kind !== "BILATERAL" ? publicJson : null,
    overridden: conflicts,
    changed: true,
  };
}

