// Workshop sign-ups: seats, the waitlist, clash detection, delegation caps and sign-up windows.
//
// The guarantee lives in the database. Every change to a workshop's seats is one short
// transaction that first locks the workshop's "Session" row (SELECT … FOR UPDATE) and only then
// counts and writes, so concurrent sign-ups for one workshop are serialised by PostgreSQL (and by
// PGlite, which runs one transaction at a time anyway). The person's own Registration row is
// locked next, so one person's concurrent sign-ups for two overlapping workshops cannot both pass
// the clash check. Lock order is always: session rows (sorted by id) → registration rows.
// Transactions that hit a serialization failure or deadlock are retried.
//
// Seats taken = CONFIRMED + OFFERED rows. WAITLISTED rows hold positions 1..n, kept consecutive:
// whoever leaves the line (promoted or cancelled) closes the gap behind them.
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { SessionKind, SessionStatus, WaitlistMode } from "~/generated/prisma/enums.ts";
import { inTransaction, type TransactionPolicy } from "~/lib/transactions.server";
import { createI18n, DEFAULT_LANGUAGE, isSupportedLanguage } from "~/i18n/config";
import type { AppServices } from "~/lib/app-context";
import { readPublicSession } from "~/modules/agenda/agenda.server";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import { enqueueMail } from "~/modules/mail/outbox.server";

type Tx = Prisma.TransactionClient;
export type WorkshopServices = Pick<AppServices, "db" | "bus"> & Partial<Pick<AppServices, "config" | "mailQueued" | "logger">>;

/** Interactive transactions wait their turn: on PGlite one at a time, on PostgreSQL for the session lock. */
/** A burst of 800 sign-ups queues on PGlite: a longer wait than other bookings. */
const SIGNUP_TRANSACTION: TransactionPolicy = { maxWait: 120_000, timeout: 60_000, attempts: 5 };
const inSignupTransaction = <T>(db: PrismaClient, work: (tx: Tx) => Promise<T>) => inTransaction(db, work, SIGNUP_TRANSACTION);

// ---------------------------------------------------------------------------------------------
// Results and errors
// ---------------------------------------------------------------------------------------------

export type SignupResult = { status: "confirmed" } | { status: "waitlisted"; position: number };

export interface ClashingSession {
  id: string;
  title: string;
  /** Scheduled slot, as in the public session JSON; see delayMinutes. */
  startsAt: string;
  endsAt: string;
  delayMinutes: number;
}

export type SignupConflictBody =
  | { reason: "clash"; session: ClashingSession; error: string }
  | { reason: "delegation_cap"; cap: number; error: string }
  | { reason: "full"; error: string }
  | { reason: "capacity_below_taken"; taken: number; error: string };

/** A refusal the person can act on: answered 409 with `body` as JSON. */
export class SignupConflictError extends Error {
  readonly status = 409;
  constructor(readonly body: SignupConflictBody) {
    super(body.error);
    this.name = "SignupConflictError";
  }
}

export const signupInputSchema = z.object({
  registrationId: z.uuid().optional(),
  switchFrom: z.uuid().optional(),
});
export type SignupInput = z.infer<typeof signupInputSchema>;

export const cancelInputSchema = z.object({ registrationId: z.uuid().optional() });
export type CancelInput = z.infer<typeof cancelInputSchema>;

export interface SignupEventRef {
  id: string;
}

// ---------------------------------------------------------------------------------------------
// Who signs up whom
// ---------------------------------------------------------------------------------------------

type Via = "self" | "head" | "organiser" | "system";

/**
 * The registration the actor acts for: their own; a member of the delegation they head; anyone
 * for organisers, admins and the system. Reads settled data only; the target's accreditation is
 * re-checked under lock in the transaction.
 */
export async function resolveTarget(
  db: PrismaClient,
  actor: Actor,
  eventId: string,
  registrationId: string | undefined,
): Promise<{ registrationId: string; via: Via }> {
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  if (actor.kind === "system") {
    if (!registrationId) throw new NotFoundError("No such registration.");
    const target = await db.registration.findFirst({ where: { id: registrationId, eventId }, select: { id: true } });
    if (!target) throw new NotFoundError("No such registration.");
    return { registrationId, via: "system" };
  }
  const own = await db.registration.findUnique({
    where: { eventId_userId: { eventId, userId: actor.userId } },
    select: { id: true, status: true, role: true, delegationId: true },
  });
  if (!registrationId || registrationId === own?.id) {
    if (!own) throw new ForbiddenError("You are not registered for this event.", 403, "not_accredited");
    return { registrationId: own.id, via: "self" };
  }
  const target = await db.registration.findFirst({ where: { id: registrationId, eventId }, select: { id: true, delegationId: true } });
  if (!target) throw new NotFoundError("No such registration.");
  if (own?.status === "APPROVED" && (own.role === "ORGANISER" || own.role === "ADMIN")) return { registrationId, via: "organiser" };
  if (own?.status === "APPROVED" && own.role === "HEAD_OF_DELEGATION" && own.delegationId && own.delegationId === target.delegationId) {
    return { registrationId, via: "head" };
  }
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { isPlatformAdmin: true, disabledAt: true } });
  if (user?.isPlatformAdmin && !user.disabledAt) return { registrationId, via: "organiser" };
  throw new ForbiddenError("You may sign up only yourself or members of the delegation you head.");
}

// ---------------------------------------------------------------------------------------------
// Locked reads
// ---------------------------------------------------------------------------------------------

interface LockedWorkshop {
  id: string;
  eventId: string;
  kind: SessionKind;
  status: SessionStatus;
  capacity: number | null;
  delegationCap: number | null;
  startsAt: Date;
  endsAt: Date;
  delayMinutes: number;
  sessionOpensAt: Date | null;
  sessionClosesAt: Date | null;
  eventOpensAt: Date | null;
  eventClosesAt: Date | null;
  waitlistMode: WaitlistMode;
  waitlistOfferMinutes: number;
  delegationCapDefault: number | null;
  eventSlug: string;
  eventName: string;
  eventNames: unknown;
  languages: string[];
  timeZone: string;
}

/** Locks the workshop rows (in id order, so two transactions never wait on each other in a circle). */
async function lockWorkshops(tx: Tx, eventId: string, sessionIds: string[]): Promise<Map<string, LockedWorkshop>> {
  const ids = [...new Set(sessionIds)].sort();
  const rows = await tx.$queryRaw<LockedWorkshop[]>`
    SELECT s.id::text, s."eventId"::text, s.kind, s.status, s.capacity, s."delegationCap", s."startsAt", s."endsAt", s."delayMinutes",
           s."signupOpensAt" AS "sessionOpensAt", s."signupClosesAt" AS "sessionClosesAt",
           e."signupOpensAt" AS "eventOpensAt", e."signupClosesAt" AS "eventClosesAt",
           e."waitlistMode", e."waitlistOfferMinutes", e."delegationCapDefault",
           e.slug AS "eventSlug", e.name AS "eventName", e.names AS "eventNames", e.languages, e."timeZone"
    FROM "Session" s JOIN "Event" e ON e.id = s."eventId"
    WHERE s.id = ANY(${ids}::uuid[]) AND s."eventId" = ${eventId}::uuid AND s.published
    ORDER BY s.id
    FOR UPDATE OF s`;
  return new Map(rows.map((row) => [row.id, row]));
}

function requireWorkshop(row: LockedWorkshop | undefined): LockedWorkshop & { capacity: number } {
  if (!row || row.kind !== "WORKSHOP" || row.capacity === null) throw new NotFoundError("No such workshop.");
  return row as LockedWorkshop & { capacity: number };
}

/** The workshop's own window when it has one (either bound set), else the event's. */
export function signupWindow(row: Pick<LockedWorkshop, "sessionOpensAt" | "sessionClosesAt" | "eventOpensAt" | "eventClosesAt">) {
  const own = row.sessionOpensAt !== null || row.sessionClosesAt !== null;
  return own ? { opensAt: row.sessionOpensAt, closesAt: row.sessionClosesAt } : { opensAt: row.eventOpensAt, closesAt: row.eventClosesAt };
}

function requireOpen(row: LockedWorkshop, now: Date) {
  if (row.status === "CANCELLED" || row.status === "ENDED") throw new ForbiddenError("This workshop no longer takes sign-ups.", 403, "closed");
  const { opensAt, closesAt } = signupWindow(row);
  if (opensAt && now < opensAt) throw new ForbiddenError(`Sign-up opens at ${opensAt.toISOString()}.`, 403, "not_open");
  if (closesAt && now >= closesAt) throw new ForbiddenError(`Sign-up closed at ${closesAt.toISOString()}.`, 403, "closed");
}

const effectiveStart = (s: { startsAt: Date; delayMinutes: number }) => new Date(s.startsAt.getTime() + s.delayMinutes * 60_000);
const effectiveEnd = (s: { endsAt: Date; delayMinutes: number }) => new Date(s.endsAt.getTime() + s.delayMinutes * 60_000);

interface ExistingSignup {
  id: string;
  status: "CONFIRMED" | "WAITLISTED" | "OFFERED" | "CANCELLED";
  waitlistPosition: number | null;
  offerExpiresAt: Date | null;
}

async function findSignup(tx: Tx, sessionId: string, registrationId: string): Promise<ExistingSignup | null> {
  return tx.workshopSignup.findUnique({
    where: { sessionId_registrationId: { sessionId, registrationId } },
    select: { id: true, status: true, waitlistPosition: true, offerExpiresAt: true },
  });
}

/** A confirmed (or offered) seat of the person in another live session overlapping this one. */
async function findClash(tx: Tx, registrationId: string, workshop: LockedWorkshop, ignoreSessionId: string | null): Promise<ClashingSession | null> {
  const language = workshop.languages[0] ?? "en";
  const rows = await tx.$queryRaw<{ id: string; title: string; startsAt: Date; endsAt: Date; delayMinutes: number }[]>`
    SELECT s.id::text, s."startsAt", s."endsAt", s."delayMinutes",
           COALESCE((SELECT t.title FROM "SessionText" t WHERE t."sessionId" = s.id ORDER BY (t.language = ${language}) DESC, t.language LIMIT 1), '') AS title
    FROM "WorkshopSignup" w JOIN "Session" s ON s.id = w."sessionId"
    WHERE w."registrationId" = ${registrationId}::uuid AND w.status IN ('CONFIRMED', 'OFFERED')
      AND w."sessionId" <> ${workshop.id}::uuid
      AND (${ignoreSessionId}::uuid IS NULL OR w."sessionId" <> ${ignoreSessionId}::uuid)
      AND s.status <> 'CANCELLED'
      AND s."startsAt" + make_interval(mins => s."delayMinutes") < ${effectiveEnd(workshop)}::timestamptz
      AND s."endsAt" + make_interval(mins => s."delayMinutes") > ${effectiveStart(workshop)}::timestamptz
    ORDER BY s."startsAt", s.id
    LIMIT 1`;
  const row = rows[0];
  return row ? { id: row.id, title: row.title, startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(), delayMinutes: row.delayMinutes } : null;
}

async function seatCounts(tx: Tx | PrismaClient, sessionId: string) {
  const [row] = await tx.$queryRaw<{ confirmed: number; offered: number; waitlisted: number; lastPosition: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed,
           count(*) FILTER (WHERE status = 'OFFERED')::int AS offered,
           count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waitlisted,
           COALESCE(max("waitlistPosition") FILTER (WHERE status = 'WAITLISTED'), 0)::int AS "lastPosition"
    FROM "WorkshopSignup" WHERE "sessionId" = ${sessionId}::uuid`;
  return row;
}

/** Closes the gap a person leaving the waitlist at `position` leaves behind. */
async function closeGap(tx: Tx, sessionId: string, position: number | null) {
  if (position === null) return;
  await tx.$executeRaw`
    UPDATE "WorkshopSignup" SET "waitlistPosition" = "waitlistPosition" - 1, "updatedAt" = now()
    WHERE "sessionId" = ${sessionId}::uuid AND status = 'WAITLISTED' AND "waitlistPosition" > ${position}`;
}

// ---------------------------------------------------------------------------------------------
// Promotion from the waitlist
// ---------------------------------------------------------------------------------------------

interface Promoted {
  signupId: string;
  registrationId: string;
  userId: string;
  eventId: string;
  sessionId: string;
  status: "CONFIRMED" | "OFFERED";
}

/**
 * Gives free seats to the first in line, in order. IMMEDIATE: the seat is confirmed at once;
 * TIMED_OFFER: an offer valid waitlistOfferMinutes. Someone whose confirmed seat elsewhere now
 * overlaps is passed over (keeps their place); a withdrawn registration is passed over too.
 * Each promoted person gets an e-mail in this transaction. Call with the workshop row locked.
 */
async function fillSeats(
  tx: Tx,
  services: WorkshopServices,
  actor: Actor,
  workshop: LockedWorkshop & { capacity: number },
  now: Date,
): Promise<Promoted[]> {
  const promoted: Promoted[] = [];
  const counts = await seatCounts(tx, workshop.id);
  let free = workshop.capacity - counts.confirmed - counts.offered;
  if (free <= 0 || counts.waitlisted === 0) return promoted;
  let title: string | undefined;
  while (free > 0) {
    const [next] = await tx.$queryRaw<
      { id: string; registrationId: string; position: number; userId: string; email: string; givenName: string; familyName: string; preferredLanguage: string }[]
    >`
      SELECT w.id::text, w."registrationId"::text, w."waitlistPosition" AS position,
             u.id::text AS "userId", u.email, u."givenName", u."familyName", u."preferredLanguage"
      FROM "WorkshopSignup" w
      JOIN "Registration" r ON r.id = w."registrationId"
      JOIN "User" u ON u.id = r."userId"
      WHERE w."sessionId" = ${workshop.id}::uuid AND w.status = 'WAITLISTED' AND r.status = 'APPROVED'
        AND NOT EXISTS (
          SELECT 1 FROM "WorkshopSignup" o JOIN "Session" os ON os.id = o."sessionId"
          WHERE o."registrationId" = w."registrationId" AND o.status IN ('CONFIRMED', 'OFFERED')
            AND o."sessionId" <> w."sessionId" AND os.status <> 'CANCELLED'
            AND os."startsAt" + make_interval(mins => os."delayMinutes") < ${effectiveEnd(workshop)}::timestamptz
            AND os."endsAt" + make_interval(mins => os."delayMinutes") > ${effectiveStart(workshop)}::timestamptz)
      ORDER BY w."waitlistPosition"
      LIMIT 1
      FOR UPDATE OF w, r`;
    if (!next) break;
    const offer = workshop.waitlistMode === "TIMED_OFFER";
    const offerExpiresAt = offer ? new Date(now.getTime() + workshop.waitlistOfferMinutes * 60_000) : null;
    await tx.workshopSignup.update({
      where: { id: next.id },
      data: offer
        ? { status: "OFFERED", waitlistPosition: null, offerExpiresAt }
        : { status: "CONFIRMED", waitlistPosition: null, confirmedAt: now, offerExpiresAt: null },
    });
    await closeGap(tx, workshop.id, next.position);
    await tx.auditLog.create({
      data: {
        eventId: workshop.eventId,
        actorId: actorIdOf(actor),
        action: offer ? "workshop.offered" : "workshop.promoted",
        targetType: "workshop_signup",
        targetId: next.id,
        data: { sessionId: workshop.id, registrationId: next.registrationId, fromPosition: next.position, ...(offerExpiresAt && { offerExpiresAt: offerExpiresAt.toISOString() }) },
      },
    });
    title ??= await sessionTitle(tx, workshop.id, workshop.languages[0] ?? "en");
    await mailPromotion(tx, services, workshop, next, title, offerExpiresAt);
    promoted.push({
      signupId: next.id,
      registrationId: next.registrationId,
      userId: next.userId,
      eventId: workshop.eventId,
      sessionId: workshop.id,
      status: offer ? "OFFERED" : "CONFIRMED",
    });
    free -= 1;
  }
  return promoted;
}

async function sessionTitle(tx: Tx, sessionId: string, language: string): Promise<string> {
  const texts = await tx.sessionText.findMany({ where: { sessionId }, select: { language: true, title: true } });
  return (texts.find((t) => t.language === language) ?? texts[0])?.title ?? "";
}

async function mailPromotion(
  tx: Tx,
  services: WorkshopServices,
  workshop: LockedWorkshop,
  person: { userId: string; email: string; givenName: string; familyName: string; preferredLanguage: string },
  title: string,
  offerExpiresAt: Date | null,
) {
  const language = isSupportedLanguage(person.preferredLanguage) ? person.preferredLanguage : DEFAULT_LANGUAGE;
  const t = createI18n(language).getFixedT(language, "mail");
  const names = asTextMap(workshop.eventNames);
  const kind = offerExpiresAt ? "offered" : "promoted";
  const values = {
    name: `${person.givenName} ${person.familyName}`.trim(),
    event: names[language] ?? workshop.eventName,
    session: title,
    url: `${services.config?.publicUrl ?? ""}/events/${workshop.eventSlug}/sessions/${workshop.id}`,
    expires: offerExpiresAt
      ? new Intl.DateTimeFormat(language, { dateStyle: "full", timeStyle: "short", timeZone: workshop.timeZone }).format(offerExpiresAt) + ` (${workshop.timeZone})`
      : "",
  };
  await enqueueMail(tx, {
    eventId: workshop.eventId,
    userId: person.userId,
    to: person.email,
    subject: t(`workshops.${kind}.subject`, values),
    text: t(`workshops.${kind}.body`, values),
    kind: `workshop.${kind}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Publishing after commit
// ---------------------------------------------------------------------------------------------

// A burst of sign-ups to one workshop publishes its seat count once per read, not once per sign-up:
// while a read is in flight, further requests only ask for one more read after it.
const publishing = new WeakMap<object, Map<string, { again: boolean }>>();

export function publishSessionUpdate(services: WorkshopServices, sessionId: string): void {
  if (services.bus.listenerCount("session.updated") === 0) return;
  let perBus = publishing.get(services.bus);
  if (!perBus) publishing.set(services.bus, (perBus = new Map()));
  const pending = perBus.get(sessionId);
  if (pending) {
    pending.again = true;
    return;
  }
  const state = { again: false };
  perBus.set(sessionId, state);
  void (async () => {
    try {
      do {
        state.again = false;
        const fresh = await readPublicSession(services.db, sessionId);
        if (fresh) {
          services.bus.publish("session.updated", fresh);
          services.bus.publish("seats.updated", { eventId: fresh.eventId, sessionId, capacity: fresh.session.capacity, seatsTaken: fresh.session.seatsTaken });
        }
      } while (state.again);
    } catch (error) {
      services.logger?.warn({ err: error, sessionId }, "could not publish the workshop's seat count");
    } finally {
      perBus.delete(sessionId);
    }
  })();
}

/** After commit: seat counts to everyone following the event, and to each promoted person their news. */
function afterCommit(services: WorkshopServices, sessionIds: string[], promoted: Promoted[]) {
  for (const id of new Set(sessionIds)) publishSessionUpdate(services, id);
  for (const p of promoted) {
    services.bus.publish("workshop.promoted", {
      eventId: p.eventId,
      sessionId: p.sessionId,
      userId: p.userId,
      status: p.status === "OFFERED" ? "offered" : "confirmed",
    });
  }
  if (promoted.length > 0) services.mailQueued?.();
}

// ---------------------------------------------------------------------------------------------
// Sign up
// ---------------------------------------------------------------------------------------------

/**
 * Signs the actor (or, for heads of delegation and organisers, `input.registrationId`) up for a
 * workshop: a confirmed seat while there is one, else the end of the waitlist. Idempotent: a
 * second call answers what the first did. With `switchFrom` the person's seat in that session is
 * given up in the same transaction, and only if the new seat is confirmed (else 409 "full" and
 * nothing changes). Accepting a TIMED_OFFER offer is signing up again while it is valid.
 */
export async function signUp(
  services: WorkshopServices,
  actor: Actor,
  event: SignupEventRef,
  sessionId: string,
  rawInput: SignupInput = {},
  options: { now?: Date } = {},
): Promise<SignupResult> {
  const input = signupInputSchema.parse(rawInput);
  const sessionParsed = z.uuid().safeParse(sessionId);
  if (!sessionParsed.success) throw new NotFoundError("No such workshop.");
  if (input.switchFrom === sessionId) throw new SignupConflictError({ reason: "full", error: "Cannot switch a workshop for itself." });
  const target = await resolveTarget(services.db, actor, event.id, input.registrationId);
  const now = options.now ?? new Date();
  const promoted: Promoted[] = [];

  const result = await inSignupTransaction(services.db, async (tx) => {
    const locked = await lockWorkshops(tx, event.id, input.switchFrom ? [sessionId, input.switchFrom] : [sessionId]);
    const workshop = requireWorkshop(locked.get(sessionId));
    const [registration] = await tx.$queryRaw<{ status: string; delegationId: string | null }[]>`
      SELECT status, "delegationId"::text FROM "Registration" WHERE id = ${target.registrationId}::uuid AND "eventId" = ${event.id}::uuid FOR UPDATE`;
    if (!registration) throw new NotFoundError("No such registration.");
    if (registration.status !== "APPROVED") throw new ForbiddenError("Only accredited participants can sign up for workshops.", 403, "not_accredited");
    requireOpen(workshop, now);

    let existing = await findSignup(tx, sessionId, target.registrationId);
    if (existing?.status === "CONFIRMED") return { result: { status: "confirmed" } as SignupResult, changed: false };
    if (existing?.status === "WAITLISTED" && !input.switchFrom) {
      return { result: { status: "waitlisted", position: existing.waitlistPosition! } as SignupResult, changed: false };
    }
    if (existing?.status === "OFFERED" && existing.offerExpiresAt && existing.offerExpiresAt <= now) {
      // An offer that lapsed before the expiry job ran passes on now; the person queues again.
      await tx.workshopSignup.update({ where: { id: existing.id }, data: { status: "CANCELLED", cancelledAt: now, offerExpiresAt: null } });
      promoted.push(...(await fillSeats(tx, services, actor, workshop, now)));
      existing = { ...existing, status: "CANCELLED" };
    }

    let switchSeat: { id: string; workshop: LockedWorkshop & { capacity: number } } | null = null;
    if (input.switchFrom) {
      const from = requireWorkshop(locked.get(input.switchFrom));
      const old = await findSignup(tx, from.id, target.registrationId);
      if (!old || (old.status !== "CONFIRMED" && old.status !== "OFFERED")) throw new NotFoundError("You hold no seat in the workshop to switch from.");
      switchSeat = { id: old.id, workshop: from };
    }

    const clash = await findClash(tx, target.registrationId, workshop, input.switchFrom ?? null);
    if (clash) {
      throw new SignupConflictError({ reason: "clash", session: clash, error: `This workshop overlaps “${clash.title}”, where you already have a seat.` });
    }

    const cap = workshop.delegationCap ?? workshop.delegationCapDefault;
    if (cap !== null && registration.delegationId) {
      const [{ count }] = await tx.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM "WorkshopSignup"
        WHERE "sessionId" = ${sessionId}::uuid AND "delegationId" = ${registration.delegationId}::uuid
          AND status <> 'CANCELLED' AND "registrationId" <> ${target.registrationId}::uuid`;
      if (count >= cap) {
        throw new SignupConflictError({ reason: "delegation_cap", cap, error: `Your delegation already has ${cap} place(s) in this workshop, the most it may take.` });
      }
    }

    const counts = await seatCounts(tx, sessionId);
    const acceptingOffer = existing?.status === "OFFERED";
    const seatFree = acceptingOffer || counts.confirmed + counts.offered < workshop.capacity;
    if (switchSeat && !seatFree) throw new SignupConflictError({ reason: "full", error: "The workshop is full: you keep your current seat." });

    const data = seatFree
      ? { status: "CONFIRMED" as const, waitlistPosition: null, confirmedAt: now, cancelledAt: null, offerExpiresAt: null }
      : { status: "WAITLISTED" as const, waitlistPosition: counts.lastPosition + 1, confirmedAt: null, cancelledAt: null, offerExpiresAt: null };
    const fromPosition = existing?.status === "WAITLISTED" ? existing.waitlistPosition : null;
    const row = existing
      ? await tx.workshopSignup.update({ where: { id: existing.id }, data: { ...data, delegationId: registration.delegationId }, select: { id: true } })
      : await tx.workshopSignup.create({
          data: { ...data, eventId: event.id, sessionId, registrationId: target.registrationId, delegationId: registration.delegationId },
          select: { id: true },
        });
    if (fromPosition !== null) await closeGap(tx, sessionId, fromPosition);

    if (switchSeat) {
      await tx.workshopSignup.update({ where: { id: switchSeat.id }, data: { status: "CANCELLED", cancelledAt: now, waitlistPosition: null, offerExpiresAt: null } });
      promoted.push(...(await fillSeats(tx, services, actor, switchSeat.workshop, now)));
    }
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: switchSeat ? "workshop.switched" : "workshop.signed_up",
        targetType: "workshop_signup",
        targetId: row.id,
        data: {
          sessionId,
          registrationId: target.registrationId,
          via: target.via,
          status: data.status,
          ...(data.waitlistPosition !== null && { position: data.waitlistPosition }),
          ...(switchSeat && { switchFrom: switchSeat.workshop.id }),
          ...(acceptingOffer && { acceptedOffer: true }),
          ...(actor.kind === "system" && { system: actor.reason }),
        },
      },
    });
    const result: SignupResult = seatFree ? { status: "confirmed" } : { status: "waitlisted", position: data.waitlistPosition! };
    return { result, changed: true };
  });
  if (result.changed || promoted.length > 0) afterCommit(services, input.switchFrom ? [sessionId, input.switchFrom] : [sessionId], promoted);
  return result.result;
}

// ---------------------------------------------------------------------------------------------
// Cancel
// ---------------------------------------------------------------------------------------------

/**
 * Gives up a seat, a waitlist place or an offer. A freed seat goes to the first in line in the
 * same transaction. Idempotent: cancelling what is not there answers "cancelled" too. Allowed
 * outside the sign-up window and after accreditation was withdrawn.
 */
export async function cancelSignup(
  services: WorkshopServices,
  actor: Actor,
  event: SignupEventRef,
  sessionId: string,
  rawInput: CancelInput = {},
  options: { now?: Date } = {},
): Promise<{ status: "cancelled"; promoted: number }> {
  const input = cancelInputSchema.parse(rawInput);
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such workshop.");
  const target = await resolveTarget(services.db, actor, event.id, input.registrationId);
  const now = options.now ?? new Date();
  const outcome = await inSignupTransaction(services.db, async (tx) => {
    const workshop = requireWorkshop((await lockWorkshops(tx, event.id, [sessionId])).get(sessionId));
    const existing = await findSignup(tx, sessionId, target.registrationId);
    if (!existing || existing.status === "CANCELLED") return { changed: false, promoted: [] as Promoted[] };
    await tx.workshopSignup.update({
      where: { id: existing.id },
      data: { status: "CANCELLED", cancelledAt: now, waitlistPosition: null, offerExpiresAt: null },
    });
    if (existing.status === "WAITLISTED") await closeGap(tx, sessionId, existing.waitlistPosition);
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: "workshop.cancelled",
        targetType: "workshop_signup",
        targetId: existing.id,
        data: {
          sessionId,
          registrationId: target.registrationId,
          via: target.via,
          from: existing.status,
          ...(existing.waitlistPosition !== null && { position: existing.waitlistPosition }),
          ...(actor.kind === "system" && { system: actor.reason }),
        },
      },
    });
    const promoted = existing.status === "WAITLISTED" ? [] : await fillSeats(tx, services, actor, workshop, now);
    return { changed: true, promoted };
  });
  if (outcome.changed) afterCommit(services, [sessionId], outcome.promoted);
  return { status: "cancelled", promoted: outcome.promoted.length };
}

// ---------------------------------------------------------------------------------------------
// Timed offers
// ---------------------------------------------------------------------------------------------

/**
 * Passes lapsed offers (TIMED_OFFER mode) to the next in line. Safe on several nodes at once: each
 * workshop is taken with FOR UPDATE SKIP LOCKED, so a workshop another node (or a sign-up) holds
 * is left for the next run. Returns how many offers lapsed and how many people were promoted.
 */
export async function expireOffers(
  services: WorkshopServices,
  now: Date = new Date(),
  options: { limit?: number } = {},
): Promise<{ expired: number; promoted: number }> {
  const due = await services.db.$queryRaw<{ sessionId: string; eventId: string }[]>`
    SELECT DISTINCT "sessionId"::text AS "sessionId", "eventId"::text AS "eventId" FROM "WorkshopSignup"
    WHERE status = 'OFFERED' AND "offerExpiresAt" <= ${now}::timestamptz
    LIMIT ${options.limit ?? 100}`;
  const system: Actor = { kind: "system", reason: "workshop offers expired" };
  let expired = 0;
  let promoted = 0;
  for (const { sessionId, eventId } of due) {
    const outcome = await inSignupTransaction(services.db, async (tx) => {
      const [claimed] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE SKIP LOCKED`;
      if (!claimed) return null;
      const workshop = requireWorkshop((await lockWorkshops(tx, eventId, [sessionId])).get(sessionId));
      const lapsed = await tx.$queryRaw<{ id: string; registrationId: string }[]>`
        UPDATE "WorkshopSignup" SET status = 'CANCELLED', "cancelledAt" = ${now}::timestamptz, "offerExpiresAt" = NULL, "updatedAt" = now()
        WHERE "sessionId" = ${sessionId}::uuid AND status = 'OFFERED' AND "offerExpiresAt" <= ${now}::timestamptz
        RETURNING id::text, "registrationId"::text`;
      for (const row of lapsed) {
        await tx.auditLog.create({
          data: { eventId, actorId: null, action: "workshop.offer_expired", targetType: "workshop_signup", targetId: row.id, data: { sessionId, registrationId: row.registrationId, system: system.reason } },
        });
      }
      const filled = await fillSeats(tx, services, system, workshop, now);
      return { expired: lapsed.length, promoted: filled };
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null; // the session was unpublished or is no workshop any more
      throw error;
    });
    if (!outcome) continue;
    expired += outcome.expired;
    promoted += outcome.promoted.length;
    if (outcome.expired > 0) afterCommit(services, [sessionId], outcome.promoted);
  }
  return { expired, promoted };
}

// ---------------------------------------------------------------------------------------------
// Capacity changes (organisers)
// ---------------------------------------------------------------------------------------------

/**
 * Sets a workshop's capacity. Raising it promotes from the waitlist at once; lowering it below
 * the seats already taken (confirmed + offered) is refused with 409 "capacity_below_taken".
 */
export async function changeCapacity(
  services: WorkshopServices,
  actor: Actor,
  event: SignupEventRef,
  sessionId: string,
  capacity: number,
  options: { now?: Date } = {},
): Promise<{ capacity: number; promoted: number }> {
  const value = z.number().int().min(0).max(100_000).parse(capacity);
  await requireOrganiser(services.db, actor, event.id);
  const now = options.now ?? new Date();
  const promoted = await inSignupTransaction(services.db, async (tx) => {
    const workshop = requireWorkshop((await lockWorkshops(tx, event.id, [sessionId])).get(sessionId));
    const counts = await seatCounts(tx, sessionId);
    const taken = counts.confirmed + counts.offered;
    if (value < taken) {
      throw new SignupConflictError({
        reason: "capacity_below_taken",
        taken,
        error: `${taken} seats are already taken: cancel sign-ups before lowering the capacity below that.`,
      });
    }
    await tx.session.update({ where: { id: sessionId }, data: { capacity: value, sequence: { increment: 1 } } });
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: "workshop.capacity_changed",
        targetType: "session",
        targetId: sessionId,
        data: { from: workshop.capacity, to: value, ...(actor.kind === "system" && { system: actor.reason }) },
      },
    });
    return fillSeats(tx, services, actor, { ...workshop, capacity: value }, now);
  });
  afterCommit(services, [sessionId], promoted);
  return { capacity: value, promoted: promoted.length };
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export interface SeatCounts {
  capacity: number | null;
  confirmed: number;
  offered: number;
  waitlisted: number;
  /** capacity − confirmed − offered, never below 0; null without capacity. */
  free: number | null;
}

export async function getSeatCounts(db: PrismaClient, sessionId: string): Promise<SeatCounts> {
  const session = await db.session.findUnique({ where: { id: sessionId }, select: { capacity: true } });
  if (!session) throw new NotFoundError("No such workshop.");
  const counts = await seatCounts(db, sessionId);
  return {
    capacity: session.capacity,
    confirmed: counts.confirmed,
    offered: counts.offered,
    waitlisted: counts.waitlisted,
    free: session.capacity === null ? null : Math.max(0, session.capacity - counts.confirmed - counts.offered),
  };
}

/** One person's standing in one workshop, for the page and `GET` on the API. */
/** When sign-up opens and closes for a workshop (its own window replaces the event's), UTC ISO. */
export async function getSignupWindow(db: PrismaClient, sessionId: string): Promise<{ opensAt: string | null; closesAt: string | null } | null> {
  const row = await db.session.findUnique({
    where: { id: sessionId },
    select: { signupOpensAt: true, signupClosesAt: true, event: { select: { signupOpensAt: true, signupClosesAt: true } } },
  });
  if (!row) return null;
  const { opensAt, closesAt } = signupWindow({
    sessionOpensAt: row.signupOpensAt,
    sessionClosesAt: row.signupClosesAt,
    eventOpensAt: row.event.signupOpensAt,
    eventClosesAt: row.event.signupClosesAt,
  });
  return { opensAt: opensAt?.toISOString() ?? null, closesAt: closesAt?.toISOString() ?? null };
}

export async function getMySignup(
  db: PrismaClient,
  registrationId: string,
  sessionId: string,
): Promise<{ status: "none" | "confirmed" | "waitlisted" | "offered"; position?: number; offerExpiresAt?: string }> {
  const row = await db.workshopSignup.findUnique({
    where: { sessionId_registrationId: { sessionId, registrationId } },
    select: { status: true, waitlistPosition: true, offerExpiresAt: true },
  });
  if (!row || row.status === "CANCELLED") return { status: "none" };
  if (row.status === "WAITLISTED") return { status: "waitlisted", position: row.waitlistPosition ?? undefined };
  if (row.status === "OFFERED") return { status: "offered", offerExpiresAt: row.offerExpiresAt?.toISOString() };
  return { status: "confirmed" };
}

/** The event behind the API route, published or not (the person's registration is what counts). */
export async function findSignupEvent(db: PrismaClient, slug: string): Promise<SignupEventRef> {
  const event = await db.event.findUnique({ where: { slug }, select: { id: true } });
  if (!event) throw new NotFoundError("No such event.");
  return event;
}

