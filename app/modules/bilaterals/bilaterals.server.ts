// Bilateral meetings between delegations. A head of delegation asks another delegation for a
// meeting (topic, size, wished times); the other head accepts or declines; organisers book a room,
// choosing among the rooms that fit and are free (suggested here), through the one booking
// protocol (room-booking.server.ts) so a room is never double booked. The booking is a BILATERAL
// session that is never published.
//
// Confidential: a meeting is visible to organisers, to the two heads of delegation from the
// request on, and to the two delegations' other accredited members once it is booked (they may
// have to attend); to everyone else it does not exist (404, never 403).
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { daysBetween, zonedWallTimeToUtc } from "~/lib/zoned-time";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { calendarDate } from "~/modules/events/events.server";
import { isOpenDuring } from "~/modules/rooms/opening-hours";
import { findRoomClashes, lockRooms, type RoomClash } from "~/modules/rooms/room-booking.server";
import { inTransaction } from "~/lib/transactions.server";
import { audienceWhere, publishBilateralChanged, statusOf, type BilateralStatusJson } from "./events.server";

type Tx = Prisma.TransactionClient;
export type BilateralServices = Pick<AppServices, "db" | "bus">;
export type { BilateralStatusJson };

/** What these functions need of the event. */
export interface BilateralEvent {
  id: string;
  timeZone: string;
  languages: string[];
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

export type BilateralErrorCode = "duplicate" | "transition" | "room_unsuitable" | "room_taken" | "own_delegation";

/** A refusal the person can act on: 409 (400 for asking one's own delegation). */
export class BilateralError extends Error {
  readonly status: 400 | 409;
  constructor(
    readonly code: BilateralErrorCode,
    message: string,
    readonly clashes: RoomClash[] = [],
  ) {
    super(message);
    this.name = "BilateralError";
    this.status = code === "own_delegation" ? 400 : 409;
  }
}

// ---------------------------------------------------------------------------------------------
// Who is asking
// ---------------------------------------------------------------------------------------------

interface Membership {
  delegationId: string;
  head: boolean;
}

/** The person's accredited membership of a delegation in this event, or null. */
async function membershipOf(db: PrismaClient | Tx, actor: Actor, eventId: string): Promise<Membership | null> {
  if (actor.kind !== "user") return null;
  const registration = await db.registration.findFirst({
    where: { eventId, userId: actor.userId, status: "APPROVED", delegationId: { not: null } },
    select: { delegationId: true, role: true },
  });
  if (!registration?.delegationId) return null;
  return { delegationId: registration.delegationId, head: registration.role === "HEAD_OF_DELEGATION" };
}

async function isOrganiser(db: PrismaClient, actor: Actor, eventId: string): Promise<boolean> {
  if (actor.kind === "anonymous") return false;
  try {
    await requireOrganiser(db, actor, eventId);
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}

async function requireHead(db: PrismaClient, actor: Actor, eventId: string): Promise<Membership> {
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  const membership = await membershipOf(db, actor, eventId);
  if (!membership?.head) throw new ForbiddenError("Only heads of delegation request and answer bilateral meetings.");
  return membership;
}

type MeetingRow = { status: string; sessionId: string | null; requesterDelegationId: string; inviteeDelegationId: string };

/** Whether a delegation member may know of this meeting (see the top of the file). */
function memberMaySee(membership: Membership | null, row: MeetingRow): boolean {
  if (!membership) return false;
  if (membership.delegationId !== row.requesterDelegationId && membership.delegationId !== row.inviteeDelegationId) return false;
  return membership.head || row.sessionId !== null;
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

const meetingSelect = {
  id: true,
  topic: true,
  size: true,
  status: true,
  wishedSlots: true,
  responseNote: true,
  createdAt: true,
  respondedAt: true,
  sessionId: true,
  requesterDelegationId: true,
  inviteeDelegationId: true,
  requester: { select: { id: true, name: true, countryCode: true } },
  invitee: { select: { id: true, name: true, countryCode: true } },
  session: { select: { startsAt: true, endsAt: true, status: true, room: { select: { id: true, name: true, names: true } } } },
} satisfies Prisma.BilateralMeetingSelect;
type MeetingRecord = Prisma.BilateralMeetingGetPayload<{ select: typeof meetingSelect }>;

export interface Slot {
  startsAt: Date;
  endsAt: Date;
}

export interface BilateralView {
  id: string;
  topic: string;
  size: number;
  status: BilateralStatusJson;
  requester: { id: string; name: string };
  invitee: { id: string; name: string };
  wishedSlots: Slot[];
  responseNote: string | null;
  requestedAt: Date;
  /** The booking, once organisers allocated a room. */
  booking: { startsAt: Date; endsAt: Date; room: { id: string; name: string; names: Record<string, string> } | null } | null;
}

function parseSlots(value: unknown): Slot[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((slot) => {
    const startsAt = new Date((slot as { startsAt?: string }).startsAt ?? "");
    const endsAt = new Date((slot as { endsAt?: string }).endsAt ?? "");
    return Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()) ? [] : [{ startsAt, endsAt }];
  });
}

function toView(row: MeetingRecord): BilateralView {
  return {
    id: row.id,
    topic: row.topic,
    size: row.size,
    status: statusOf(row),
    requester: { id: row.requester.id, name: row.requester.name },
    invitee: { id: row.invitee.id, name: row.invitee.name },
    wishedSlots: parseSlots(row.wishedSlots),
    responseNote: row.responseNote,
    requestedAt: row.createdAt,
    booking: row.session
      ? {
          startsAt: row.session.startsAt,
          endsAt: row.session.endsAt,
          room: row.session.room ? { id: row.session.room.id, name: row.session.room.name, names: (row.session.room.names ?? {}) as Record<string, string> } : null,
        }
      : null,
  };
}

/**
 * One meeting, for whoever may see it; NotFoundError for everyone else (anonymous included), so
 * the answer never tells whether a meeting exists.
 */
export async function getBilateralForViewer(services: BilateralServices, actor: Actor, event: Pick<BilateralEvent, "id">, bilateralId: string): Promise<BilateralView> {
  const notFound = new NotFoundError("No such bilateral meeting.");
  if (!z.uuid().safeParse(bilateralId).success || actor.kind === "anonymous") throw notFound;
  const row = await services.db.bilateralMeeting.findFirst({ where: { id: bilateralId, eventId: event.id }, select: meetingSelect });
  if (!row) throw notFound;
  if (memberMaySee(await membershipOf(services.db, actor, event.id), row)) return toView(row);
  if (await isOrganiser(services.db, actor, event.id)) return toView(row);
  throw notFound;
}

/** Item of the personal agenda: a meeting of the viewer's delegation, in time order. */
export interface BilateralAgendaItem {
  id: string;
  /** The topic. */
  title: string;
  /** The other delegation. */
  counterpart: { id: string; name: string };
  /** The booked slot, or the first wished one while no room is booked. */
  startsAt: string;
  endsAt: string;
  room: { id: string; name: string } | null;
  status: BilateralStatusJson;
}

/**
 * The bilateral meetings the viewer may see as a member of a delegation, for their personal
 * agenda: requested, accepted and booked ones, and booked ones that were cancelled (declined
 * requests and requests withdrawn before booking are left out). Heads see them from the request
 * on, other members once booked; anyone else gets an empty list.
 */
export async function listBilateralsForViewer(services: Pick<AppServices, "db">, actor: Actor, event: Pick<BilateralEvent, "id">): Promise<BilateralAgendaItem[]> {
  const membership = await membershipOf(services.db, actor, event.id);
  if (!membership) return [];
  const rows = await services.db.bilateralMeeting.findMany({
    where: {
      eventId: event.id,
      AND: [
        { OR: [{ requesterDelegationId: membership.delegationId }, { inviteeDelegationId: membership.delegationId }] },
        membership.head ? { OR: [{ status: { in: ["REQUESTED", "ACCEPTED"] } }, { sessionId: { not: null } }] } : { sessionId: { not: null } },
      ],
    },
    select: meetingSelect,
  });
  return rows
    .map((row) => {
      const view = toView(row);
      const slot = view.booking ?? view.wishedSlots[0];
      if (!slot) return null;
      const counterpart = view.requester.id === membership.delegationId ? view.invitee : view.requester;
      return {
        id: view.id,
        title: view.topic,
        counterpart,
        startsAt: slot.startsAt.toISOString(),
        endsAt: slot.endsAt.toISOString(),
        room: view.booking?.room ? { id: view.booking.room.id, name: view.booking.room.name } : null,
        status: view.status,
      };
    })
    .filter((item): item is BilateralAgendaItem => item !== null)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

export interface DelegationPage {
  delegation: { id: string; name: string };
  head: boolean;
  /** Requests other delegations sent to this one (heads only). */
  incoming: BilateralView[];
  /** Requests this delegation sent (heads only). */
  outgoing: BilateralView[];
  /** Accepted meetings, booked or waiting for a room (members: booked ones only). */
  meetings: BilateralView[];
  /** Declined and cancelled ones (heads only; members see booked ones that were cancelled). */
  closed: BilateralView[];
  /** Delegations that can be asked (heads only). */
  delegations: { id: string; name: string }[];
  /** The event's days, for the wished times. */
  days: string[];
}

/** The delegation page's data: heads and members of a delegation only (403 for others, 401 anonymous). */
export async function getDelegationBilaterals(services: BilateralServices, actor: Actor, event: Pick<BilateralEvent, "id">): Promise<DelegationPage> {
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  const membership = await membershipOf(services.db, actor, event.id);
  if (!membership) throw new ForbiddenError("Bilateral meetings are arranged by delegations.");
  const [delegation, eventRow, rows] = await Promise.all([
    services.db.delegation.findUniqueOrThrow({ where: { id: membership.delegationId }, select: { id: true, name: true } }),
    services.db.event.findUniqueOrThrow({ where: { id: event.id }, select: { startsOn: true, endsOn: true } }),
    services.db.bilateralMeeting.findMany({
      where: { eventId: event.id, OR: [{ requesterDelegationId: membership.delegationId }, { inviteeDelegationId: membership.delegationId }] },
      select: meetingSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    }),
  ]);
  const visible = rows.filter((row) => memberMaySee(membership, row)).map(toView);
  const byTime = (a: BilateralView, b: BilateralView) => (a.booking?.startsAt ?? a.wishedSlots[0]?.startsAt ?? a.requestedAt).getTime() - (b.booking?.startsAt ?? b.wishedSlots[0]?.startsAt ?? b.requestedAt).getTime();
  const delegations = membership.head
    ? await services.db.delegation.findMany({ where: { eventId: event.id, id: { not: membership.delegationId } }, select: { id: true, name: true }, orderBy: { name: "asc" } })
    : [];
  return {
    delegation,
    head: membership.head,
    incoming: visible.filter((m) => m.status === "requested" && m.invitee.id === membership.delegationId),
    outgoing: visible.filter((m) => m.status === "requested" && m.requester.id === membership.delegationId),
    meetings: visible.filter((m) => m.status === "accepted" || m.status === "booked").sort(byTime),
    closed: visible.filter((m) => m.status === "declined" || m.status === "cancelled"),
    delegations,
    days: daysBetween(calendarDate(eventRow.startsOn), calendarDate(eventRow.endsOn)),
  };
}

// ---------------------------------------------------------------------------------------------
// Requests and answers (heads of delegation)
// ---------------------------------------------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const wishedSlotSchema = z.object({ date: z.string().regex(DATE), start: z.string().regex(HHMM), end: z.string().regex(HHMM) });

export const requestSchema = z.object({
  inviteeDelegationId: z.uuid(),
  topic: z.string().trim().min(3).max(300),
  size: z.coerce.number().int().min(2).max(200),
  slots: z.array(wishedSlotSchema).min(1).max(3),
});
export type BilateralRequestInput = z.input<typeof requestSchema>;

/** Wished times in the event's zone → UTC, each on one of the event's days, in the future, at most 4 hours. */
async function toSlots(db: PrismaClient, event: BilateralEvent, slots: z.output<typeof wishedSlotSchema>[], now: Date): Promise<Slot[]> {
  const row = await db.event.findUniqueOrThrow({ where: { id: event.id }, select: { startsOn: true, endsOn: true } });
  const days = new Set(daysBetween(calendarDate(row.startsOn), calendarDate(row.endsOn)));
  return slots.map((slot, index) => {
    const issue = (message: string) =>
      new z.ZodError([{ code: "custom", path: ["slots", index], message, input: slot }]);
    if (!days.has(slot.date)) throw issue("Choose one of the event's days.");
    const startsAt = zonedWallTimeToUtc(slot.date, slot.start, event.timeZone);
    const endsAt = zonedWallTimeToUtc(slot.date, slot.end, event.timeZone);
    if (endsAt <= startsAt) throw issue("The end must be after the start.");
    if (endsAt.getTime() - startsAt.getTime() > 4 * 3_600_000) throw issue("A bilateral meeting lasts at most four hours.");
    if (startsAt <= now) throw issue("This time has passed.");
    return { startsAt, endsAt };
  });
}

function audit(tx: Tx, actor: Actor, eventId: string, action: string, bilateralId: string, data: Record<string, unknown>) {
  return tx.auditLog.create({
    data: {
      eventId,
      actorId: actorIdOf(actor),
      action,
      targetType: "bilateral",
      targetId: bilateralId,
      data: { ...data, ...(actor.kind === "system" && { system: actor.reason }) } as Prisma.InputJsonObject,
    },
  });
}

function published(services: BilateralServices, bilateralId: string): void {
  void publishBilateralChanged(services, bilateralId).catch(() => undefined);
}

/** A head of delegation asks another delegation of the event for a meeting. */
export async function requestBilateral(services: BilateralServices, actor: Actor, event: BilateralEvent, raw: BilateralRequestInput, now = new Date()): Promise<{ id: string }> {
  const membership = await requireHead(services.db, actor, event.id);
  const input = requestSchema.parse(raw);
  if (input.inviteeDelegationId === membership.delegationId) throw new BilateralError("own_delegation", "Ask another delegation than your own.");
  const invitee = await services.db.delegation.findFirst({ where: { id: input.inviteeDelegationId, eventId: event.id }, select: { id: true } });
  if (!invitee) throw new NotFoundError("No such delegation in this event.");
  const slots = await toSlots(services.db, event, input.slots, now);
  const created = await inTransaction(services.db, async (tx) => {
    // One open request per pair and topic: a double click or a repeat does not ask twice.
    await tx.$queryRaw`SELECT id FROM "Delegation" WHERE id = ${membership.delegationId}::uuid FOR UPDATE`;
    const open = await tx.bilateralMeeting.findFirst({
      where: {
        eventId: event.id,
        status: { in: ["REQUESTED", "ACCEPTED"] },
        topic: { equals: input.topic, mode: "insensitive" },
        OR: [
          { requesterDelegationId: membership.delegationId, inviteeDelegationId: invitee.id },
          { requesterDelegationId: invitee.id, inviteeDelegationId: membership.delegationId },
        ],
      },
      select: { id: true },
    });
    if (open) throw new BilateralError("duplicate", "A meeting on this topic between your two delegations is already requested or agreed.");
    const row = await tx.bilateralMeeting.create({
      data: {
        eventId: event.id,
        requesterDelegationId: membership.delegationId,
        inviteeDelegationId: invitee.id,
        requestedById: actorIdOf(actor),
        topic: input.topic,
        size: input.size,
        wishedSlots: slots.map((s) => ({ startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })),
      },
      select: { id: true },
    });
    await audit(tx, actor, event.id, "bilateral.requested", row.id, { invitee: invitee.id, size: input.size, slots: slots.length });
    return row;
  });
  published(services, created.id);
  return created;
}

export const responseSchema = z.object({
  response: z.enum(["accept", "decline"]),
  note: z.string().trim().max(1000).optional(),
});

/** The invited delegation's head accepts or declines a request. */
export async function respondToBilateral(
  services: BilateralServices,
  actor: Actor,
  event: BilateralEvent,
  bilateralId: string,
  raw: z.input<typeof responseSchema>,
): Promise<{ status: BilateralStatusJson }> {
  const view = await getBilateralForViewer(services, actor, event, bilateralId); // 404 unless visible
  const membership = await requireHead(services.db, actor, event.id);
  if (membership.delegationId !== view.invitee.id) throw new ForbiddenError("Only the invited delegation answers a request.");
  const input = responseSchema.parse(raw);
  const status = input.response === "accept" ? "ACCEPTED" : "DECLINED";
  await inTransaction(services.db, async (tx) => {
    const { count } = await tx.bilateralMeeting.updateMany({
      where: { id: bilateralId, status: "REQUESTED" },
      data: { status, respondedById: actorIdOf(actor), respondedAt: new Date(), responseNote: input.note || null },
    });
    if (count === 0) throw new BilateralError("transition", "This request has already been answered or withdrawn.");
    await audit(tx, actor, event.id, `bilateral.${input.response === "accept" ? "accepted" : "declined"}`, bilateralId, { note: input.note ?? null });
  });
  published(services, bilateralId);
  return { status: input.response === "accept" ? "accepted" : "declined" };
}

/**
 * Either head (or an organiser) calls a requested or agreed meeting off. A booked meeting's
 * session is cancelled, which frees the room.
 */
export async function cancelBilateral(services: BilateralServices, actor: Actor, event: BilateralEvent, bilateralId: string): Promise<{ status: "cancelled" }> {
  await getBilateralForViewer(services, actor, event, bilateralId); // 404 unless visible
  const membership = await membershipOf(services.db, actor, event.id);
  if (!membership?.head && !(await isOrganiser(services.db, actor, event.id))) throw new ForbiddenError("Only the heads of the two delegations or organisers cancel a meeting.");
  await inTransaction(services.db, async (tx) => {
    const row = await tx.bilateralMeeting.findUniqueOrThrow({ where: { id: bilateralId }, select: { sessionId: true } });
    const { count } = await tx.bilateralMeeting.updateMany({ where: { id: bilateralId, status: { in: ["REQUESTED", "ACCEPTED"] } }, data: { status: "CANCELLED" } });
    if (count === 0) throw new BilateralError("transition", "This meeting is already declined or cancelled.");
    if (row.sessionId) await tx.session.update({ where: { id: row.sessionId }, data: { status: "CANCELLED", sequence: { increment: 1 } } });
    await audit(tx, actor, event.id, "bilateral.cancelled", bilateralId, { sessionId: row.sessionId });
  });
  published(services, bilateralId);
  return { status: "cancelled" };
}

// ---------------------------------------------------------------------------------------------
// Organisers: overview, room suggestions and booking
// ---------------------------------------------------------------------------------------------

export interface RoomSuggestion {
  id: string;
  name: string;
  names: Record<string, string>;
  capacity: number;
}

export interface AdminBilateral extends BilateralView {
  /** For accepted meetings without a room: per wished slot, the rooms that fit and are free, smallest first. */
  suggestions: { slot: Slot; rooms: RoomSuggestion[] }[];
}

export interface AdminOverview {
  /** Rooms that can be booked (not retired), smallest first, for booking at another time. */
  rooms: RoomSuggestion[];
  /** The event's days. */
  days: string[];
  waiting: AdminBilateral[];
  booked: AdminBilateral[];
  requested: AdminBilateral[];
  closed: AdminBilateral[];
  bufferMinutes: number;
}

/** Every bilateral meeting of the event, with free rooms suggested for the ones waiting for a room. Organisers only. */
export async function listBilateralsForOrganisers(services: BilateralServices, actor: Actor, event: BilateralEvent): Promise<AdminOverview> {
  await requireOrganiser(services.db, actor, event.id);
  const [eventRow, rows, rooms] = await Promise.all([
    services.db.event.findUniqueOrThrow({ where: { id: event.id }, select: { changeoverBufferMinutes: true, startsOn: true, endsOn: true } }),
    services.db.bilateralMeeting.findMany({ where: { eventId: event.id }, select: meetingSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    services.db.room.findMany({
      where: { eventId: event.id, retiredAt: null },
      select: { id: true, name: true, names: true, capacity: true, opensAt: true, closesAt: true },
      orderBy: [{ capacity: "asc" }, { name: "asc" }],
    }),
  ]);
  const buffer = eventRow.changeoverBufferMinutes * 60_000;
  const views = rows.map(toView);
  const waiting = views.filter((v) => v.status === "accepted");
  // One read of the bookings that could clash with any wished slot; the booking itself re-checks under lock.
  const slots = waiting.flatMap((v) => v.wishedSlots);
  const busy =
    slots.length === 0
      ? []
      : await services.db.session.findMany({
          where: {
            eventId: event.id,
            roomId: { not: null },
            status: { not: "CANCELLED" },
            startsAt: { lt: new Date(Math.max(...slots.map((s) => s.endsAt.getTime())) + buffer) },
            endsAt: { gt: new Date(Math.min(...slots.map((s) => s.startsAt.getTime())) - buffer) },
          },
          select: { roomId: true, startsAt: true, endsAt: true },
        });
  const busyByRoom = new Map<string, typeof busy>();
  for (const s of busy) busyByRoom.set(s.roomId!, [...(busyByRoom.get(s.roomId!) ?? []), s]);
  const suggest = (size: number, slot: Slot): RoomSuggestion[] =>
    rooms
      .filter((room) => room.capacity >= size)
      .filter(
        (room) =>
          !(busyByRoom.get(room.id) ?? []).some((s) => s.startsAt.getTime() < slot.endsAt.getTime() + buffer && s.endsAt.getTime() > slot.startsAt.getTime() - buffer),
      )
      .filter((room) => isOpenDuring(room, slot, event.timeZone))
      .map((room) => ({ id: room.id, name: room.name, names: (room.names ?? {}) as Record<string, string>, capacity: room.capacity }));
  const withSuggestions = (v: BilateralView): AdminBilateral => ({
    ...v,
    suggestions: v.status === "accepted" ? v.wishedSlots.map((slot) => ({ slot, rooms: suggest(v.size, slot) })) : [],
  });
  const startOf = (v: BilateralView) => (v.booking?.startsAt ?? v.wishedSlots[0]?.startsAt ?? v.requestedAt).getTime();
  return {
    rooms: rooms.map((room) => ({ id: room.id, name: room.name, names: (room.names ?? {}) as Record<string, string>, capacity: room.capacity })),
    days: daysBetween(calendarDate(eventRow.startsOn), calendarDate(eventRow.endsOn)),
    waiting: waiting.map(withSuggestions),
    booked: views.filter((v) => v.status === "booked").sort((a, b) => startOf(a) - startOf(b)).map(withSuggestions),
    requested: views.filter((v) => v.status === "requested").map(withSuggestions),
    closed: views.filter((v) => v.status === "declined" || v.status === "cancelled").map(withSuggestions),
    bufferMinutes: eventRow.changeoverBufferMinutes,
  };
}

export const allocationSchema = z
  .object({
    roomId: z.uuid(),
    /** Index of the wished slot (0-based)… */
    slot: z.coerce.number().int().min(0).max(2).optional(),
    /** …or another time the organisers agreed with the delegations, in the event's zone. */
    date: z.string().regex(DATE).optional(),
    start: z.string().regex(HHMM).optional(),
    end: z.string().regex(HHMM).optional(),
  })
  .refine((v) => (v.slot !== undefined) !== (v.date !== undefined && v.start !== undefined && v.end !== undefined), {
    message: "Give either a wished time or a day with a start and an end.",
    path: ["slot"],
  });

/**
 * Books an accepted meeting into a room at one of its wished times (or moves its booking). Under
 * the booking protocol: the room's row is locked, then the meeting's, then clashes are looked for
 * (changeover buffer included) and the BILATERAL session written, all in one transaction.
 */
export async function allocateBilateral(
  services: BilateralServices,
  actor: Actor,
  event: BilateralEvent,
  bilateralId: string,
  raw: z.input<typeof allocationSchema>,
): Promise<{ sessionId: string; roomId: string; startsAt: Date; endsAt: Date }> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(bilateralId).success) throw new NotFoundError("No such bilateral meeting.");
  const input = allocationSchema.parse(raw);
  const chosen = input.slot === undefined ? (await toSlots(services.db, event, [{ date: input.date!, start: input.start!, end: input.end! }], new Date()))[0] : null;
  const result = await inTransaction(services.db, async (tx) => {
    // Rooms before meetings, the order every booking and retirement takes (no deadlock).
    await lockRooms(tx, [input.roomId]);
    await tx.$queryRaw`SELECT id FROM "BilateralMeeting" WHERE id = ${bilateralId}::uuid FOR UPDATE`;
    const meeting = await tx.bilateralMeeting.findFirst({
      where: { id: bilateralId, eventId: event.id },
      select: { id: true, status: true, size: true, wishedSlots: true, sessionId: true, requester: { select: { name: true } }, invitee: { select: { name: true } } },
    });
    if (!meeting) throw new NotFoundError("No such bilateral meeting.");
    if (meeting.status !== "ACCEPTED") throw new BilateralError("transition", "Only accepted meetings are booked into a room.");
    const slot = chosen ?? parseSlots(meeting.wishedSlots)[input.slot!];
    if (!slot) throw new z.ZodError([{ code: "custom", path: ["slot"], message: "No such wished time.", input: input.slot }]);
    const [room, eventRow] = await Promise.all([
      tx.room.findFirst({ where: { id: input.roomId, eventId: event.id }, select: { id: true, name: true, capacity: true, retiredAt: true, opensAt: true, closesAt: true } }),
      tx.event.findUniqueOrThrow({ where: { id: event.id }, select: { changeoverBufferMinutes: true } }),
    ]);
    if (!room) throw new NotFoundError("No such room.");
    if (room.retiredAt) throw new BilateralError("room_unsuitable", `“${room.name}” is retired.`);
    if (room.capacity < meeting.size) throw new BilateralError("room_unsuitable", `“${room.name}” seats ${room.capacity}; the meeting needs ${meeting.size}.`);
    if (!isOpenDuring(room, slot, event.timeZone)) throw new BilateralError("room_unsuitable", `“${room.name}” is closed at that time.`);
    const clashes = await findRoomClashes(tx, {
      roomId: room.id,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      bufferMinutes: eventRow.changeoverBufferMinutes,
      ...(meeting.sessionId && { excludeSessionId: meeting.sessionId }),
    });
    if (clashes.length > 0) throw new BilateralError("room_taken", `“${room.name}” is booked at that time (changeover included).`, clashes);
    let sessionId = meeting.sessionId;
    if (sessionId) {
      await tx.session.update({ where: { id: sessionId }, data: { roomId: room.id, startsAt: slot.startsAt, endsAt: slot.endsAt, status: "SCHEDULED", published: false, sequence: { increment: 1 } } });
    } else {
      const session = await tx.session.create({
        data: {
          eventId: event.id,
          kind: "BILATERAL",
          roomId: room.id,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          published: false, // never on the public agenda, API or calendar
          floorLanguage: event.languages[0] ?? "en",
          texts: { create: { language: event.languages[0] ?? "en", title: `${meeting.requester.name} – ${meeting.invitee.name}` } },
        },
        select: { id: true },
      });
      sessionId = session.id;
      await tx.bilateralMeeting.update({ where: { id: bilateralId }, data: { sessionId } });
    }
    await audit(tx, actor, event.id, "bilateral.booked", bilateralId, { roomId: room.id, sessionId, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), moved: meeting.sessionId !== null });
    return { sessionId, roomId: room.id, startsAt: slot.startsAt, endsAt: slot.endsAt };
  });
  published(services, bilateralId);
  return result;
}
