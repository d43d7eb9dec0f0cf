// Workshop sign-ups against the real database (PGlite and PostgreSQL): the seat guarantee under
// bursts, the waitlist order, clashes, switches, caps, windows, idempotency and who may act.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import type { Actor } from "../auth/actor.ts";
import {
  buildRegistrationData,
  buildUserData,
  createDelegation,
  createEvent,
  createRegistration,
  createSession,
  createUser,
  insertRows,
} from "../demo/factories.server.ts";
import { cancelSignup, changeCapacity, expireOffers, getSeatCounts, signUp, SignupConflictError, type WorkshopServices } from "./signup.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: WorkshopServices;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  services = { db, bus: new DomainEventBus(), config: { publicUrl: "https://plenary.test" } as WorkshopServices["config"] };
});
afterAll(async () => {
  await database?.dispose();
});

const user = (userId: string): Actor => ({ kind: "user", userId });
const HOUR = 3_600_000;
const base = new Date("2030-03-04T09:00:00Z");

/** `count` accredited delegates (one user each) in `delegationId`, inserted in bulk; returns [{ userId, registrationId }]. */
async function delegates(eventId: string, count: number, delegationId?: string, status: "APPROVED" | "PENDING" = "APPROVED") {
  const users = Array.from({ length: count }, () => buildUserData());
  const registrations = users.map((u) => buildRegistrationData({ eventId, userId: u.id, delegationId: delegationId ?? null, status }));
  await insertRows(db, "User", users);
  await insertRows(db, "Registration", registrations);
  return registrations.map((r) => ({ userId: r.userId, registrationId: r.id }));
}

async function workshop(eventId: string, overrides: Parameters<typeof createSession>[1] = {}) {
  return createSession(db, { eventId, kind: "WORKSHOP", capacity: 40, startsAt: base, endsAt: new Date(base.getTime() + 1.5 * HOUR), ...overrides });
}

async function rows(sessionId: string) {
  return db.workshopSignup.findMany({ where: { sessionId }, orderBy: { waitlistPosition: "asc" } });
}

async function expectConsecutiveWaitlist(sessionId: string) {
  const waiting = (await rows(sessionId)).filter((r) => r.status === "WAITLISTED");
  expect(waiting.map((r) => r.waitlistPosition)).toEqual(waiting.map((_, i) => i + 1));
  return waiting;
}

async function conflictOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignupConflictError);
  return (error as SignupConflictError).body;
}

async function statusOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a refusal").not.toBeNull();
  return (error as { status?: number }).status;
}

describe("a burst at one workshop", () => {
  it("200 concurrent sign-ups for 40 seats: exactly 40 confirmed, 160 waitlisted at positions 1..160, nothing lost", async () => {
    const event = await createEvent(db);
    const session = await workshop(event.id, { capacity: 40 });
    const people = await delegates(event.id, 200);
    const results = await Promise.allSettled(people.map((p) => signUp(services, user(p.userId), event, session.id)));
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const values = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof signUp>>>).value);
    expect(values.filter((v) => v.status === "confirmed")).toHaveLength(40);
    const positions = values.flatMap((v) => (v.status === "waitlisted" ? [v.position] : [])).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));

    const stored = await rows(session.id);
    expect(stored).toHaveLength(200);
    expect(stored.filter((r) => r.status === "CONFIRMED")).toHaveLength(40);
    await expectConsecutiveWaitlist(session.id);
    // What each person was told is what the database holds.
    const byRegistration = new Map(stored.map((r) => [r.registrationId, r]));
    people.forEach((p, i) => {
      const row = byRegistration.get(p.registrationId)!;
      const told = values[i];
      expect(row.status).toBe(told.status === "confirmed" ? "CONFIRMED" : "WAITLISTED");
      if (told.status === "waitlisted") expect(row.waitlistPosition).toBe(told.position);
    });
    expect(await getSeatCounts(db, session.id)).toEqual({ capacity: 40, confirmed: 40, offered: 0, waitlisted: 160, free: 0 });
  });

  it("cancellations racing sign-ups never exceed capacity, and the waitlist drains in arrival order", async () => {
    const event = await createEvent(db);
    const capacity = 20;
    const session = await workshop(event.id, { capacity });
    const seated = await delegates(event.id, capacity);
    for (const p of seated) expect(await signUp(services, user(p.userId), event, session.id)).toEqual({ status: "confirmed" });
    const newcomers = await delegates(event.id, 100);
    const leaving = seated.slice(0, 15);

    let monitoring = true;
    let checks = 0;
    let worst = 0;
    const monitor = (async () => {
      while (monitoring) {
        const [{ taken }] = await db.$queryRaw<{ taken: number }[]>`
          SELECT count(*)::int AS taken FROM "WorkshopSignup" WHERE "sessionId" = ${session.id}::uuid AND status IN ('CONFIRMED', 'OFFERED')`;
        worst = Math.max(worst, taken);
        checks += 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const work = [
      ...newcomers.map((p) => signUp(services, user(p.userId), event, session.id)),
      ...leaving.map(async (p, i) => {
        await new Promise((resolve) => setTimeout(resolve, 3 * i));
        return cancelSignup(services, user(p.userId), event, session.id);
      }),
    ];
    const settled = await Promise.allSettled(work);
    monitoring = false;
    await monitor;
    expect(settled.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
    expect(checks).toBeGreaterThan(1);
    expect(worst).toBeLessThanOrEqual(capacity);

    const stored = await rows(session.id);
    expect(stored.filter((r) => r.status === "CONFIRMED")).toHaveLength(capacity);
    expect(stored.filter((r) => r.status === "CANCELLED").map((r) => r.registrationId).sort()).toEqual(leaving.map((p) => p.registrationId).sort());
    const waiting = await expectConsecutiveWaitlist(session.id);
    expect(waiting).toHaveLength(100 - 15);

    // Arrival order on the waitlist = order of the audit rows written under the workshop's lock.
    const arrivals = await db.auditLog.findMany({
      where: { eventId: event.id, action: "workshop.signed_up", targetType: "workshop_signup" },
      orderBy: { id: "asc" },
    });
    const queued = arrivals.filter((a) => (a.data as { status: string }).status === "WAITLISTED").map((a) => (a.data as { registrationId: string }).registrationId);
    const confirmedLater = new Set(stored.filter((r) => r.status === "CONFIRMED").map((r) => r.registrationId));
    const promotedNewcomers = queued.filter((id) => confirmedLater.has(id));
    // Everyone who queued and got a seat came before everyone still waiting…
    expect(promotedNewcomers).toEqual(queued.slice(0, promotedNewcomers.length));
    // …and those still waiting keep their arrival order.
    expect(waiting.map((r) => r.registrationId)).toEqual(queued.slice(promotedNewcomers.length));
    // Newcomers confirmed directly (a seat was free when they arrived) plus promoted ones fill the 15 freed seats.
    const directlyConfirmed = newcomers.filter((p) => confirmedLater.has(p.registrationId) && !queued.includes(p.registrationId));
    expect(promotedNewcomers.length + directlyConfirmed.length).toBe(15);
    // Each promoted person got an e-mail.
    const mails = await db.mailMessage.findMany({ where: { eventId: event.id, kind: "workshop.promoted" } });
    expect(mails).toHaveLength(promotedNewcomers.length);
  });
});

describe("rules", () => {
  it("refuses a confirmed seat in two overlapping workshops (with the delay) and switches atomically", async () => {
    const event = await createEvent(db);
    const a = await workshop(event.id, { capacity: 5, texts: { en: { title: "Cyber forensics" } } });
    // B starts 30 minutes after A ends, but A runs 45 minutes late.
    const b = await workshop(event.id, { capacity: 1, startsAt: new Date(base.getTime() + 2 * HOUR), endsAt: new Date(base.getTime() + 3 * HOUR) });
    const [me, other] = await delegates(event.id, 2);
    expect(await signUp(services, user(me.userId), event, a.id)).toEqual({ status: "confirmed" });
    expect(await signUp(services, user(me.userId), event, b.id)).toEqual({ status: "confirmed" }); // no overlap yet
    await cancelSignup(services, user(me.userId), event, b.id);
    await db.session.update({ where: { id: a.id }, data: { delayMinutes: 45 } });
    const clash = await conflictOf(signUp(services, user(me.userId), event, b.id));
    expect(clash).toMatchObject({ reason: "clash", session: { id: a.id, title: "Cyber forensics", startsAt: a.startsAt.toISOString(), endsAt: a.endsAt.toISOString() } });

    // B fills up: a switch cannot be confirmed, so the seat in A is kept and nothing changes.
    expect(await signUp(services, user(other.userId), event, b.id)).toEqual({ status: "confirmed" });
    expect(await conflictOf(signUp(services, user(me.userId), event, b.id, { switchFrom: a.id }))).toMatchObject({ reason: "full" });
    expect((await db.workshopSignup.findUniqueOrThrow({ where: { sessionId_registrationId: { sessionId: a.id, registrationId: me.registrationId } } })).status).toBe("CONFIRMED");
    expect(await db.workshopSignup.count({ where: { sessionId: b.id, registrationId: me.registrationId, status: { not: "CANCELLED" } } })).toBe(0);

    // A seat frees up in B: the switch goes through in one step.
    await cancelSignup(services, user(other.userId), event, b.id);
    expect(await signUp(services, user(me.userId), event, b.id, { switchFrom: a.id })).toEqual({ status: "confirmed" });
    const mine = await db.workshopSignup.findMany({ where: { registrationId: me.registrationId }, select: { sessionId: true, status: true } });
    expect(Object.fromEntries(mine.map((r) => [r.sessionId, r.status]))).toEqual({ [a.id]: "CANCELLED", [b.id]: "CONFIRMED" });
  });

  it("switching frees the old seat for the first in line there", async () => {
    const event = await createEvent(db);
    const a = await workshop(event.id, { capacity: 1 });
    const b = await workshop(event.id, { capacity: 1, startsAt: new Date(base.getTime() + HOUR) });
    const [me, waiting] = await delegates(event.id, 2);
    await signUp(services, user(me.userId), event, a.id);
    expect(await signUp(services, user(waiting.userId), event, a.id)).toEqual({ status: "waitlisted", position: 1 });
    expect(await signUp(services, user(me.userId), event, b.id, { switchFrom: a.id })).toEqual({ status: "confirmed" });
    expect((await rows(a.id)).map((r) => [r.registrationId, r.status])).toEqual(
      expect.arrayContaining([
        [me.registrationId, "CANCELLED"],
        [waiting.registrationId, "CONFIRMED"],
      ]),
    );
  });

  it("applies the delegation cap: the workshop's own, else the event's default", async () => {
    const event = await createEvent(db, { delegationCapDefault: 2 });
    const delegation = await createDelegation(db, { eventId: event.id });
    const people = await delegates(event.id, 3, delegation.id);
    const outsider = (await delegates(event.id, 1))[0];
    const byDefault = await workshop(event.id);
    await signUp(services, user(people[0].userId), event, byDefault.id);
    await signUp(services, user(people[1].userId), event, byDefault.id);
    expect(await conflictOf(signUp(services, user(people[2].userId), event, byDefault.id))).toMatchObject({ reason: "delegation_cap", cap: 2 });
    expect(await signUp(services, user(outsider.userId), event, byDefault.id)).toEqual({ status: "confirmed" }); // no delegation: no cap

    const own = await workshop(event.id, { delegationCap: 1, startsAt: new Date(base.getTime() + 5 * HOUR), endsAt: new Date(base.getTime() + 6 * HOUR) });
    await signUp(services, user(people[2].userId), event, own.id);
    expect(await conflictOf(signUp(services, user(people[0].userId), event, own.id))).toMatchObject({ reason: "delegation_cap", cap: 1 });
    // A cancelled place frees the delegation's share.
    await cancelSignup(services, user(people[2].userId), event, own.id);
    expect(await signUp(services, user(people[0].userId), event, own.id)).toEqual({ status: "confirmed" });
  });

  it("enforces the sign-up window: the workshop's own overrides the event's", async () => {
    const now = new Date("2030-03-01T08:00:00Z");
    const event = await createEvent(db, { signupOpensAt: new Date("2030-03-01T09:00:00Z"), signupClosesAt: new Date("2030-03-02T09:00:00Z") });
    const [p] = await delegates(event.id, 1);
    const eventWindow = await workshop(event.id);
    expect(await statusOf(signUp(services, user(p.userId), event, eventWindow.id, {}, { now }))).toBe(403);
    expect(await statusOf(signUp(services, user(p.userId), event, eventWindow.id, {}, { now: new Date("2030-03-02T09:00:00Z") }))).toBe(403);
    expect(await signUp(services, user(p.userId), event, eventWindow.id, {}, { now: new Date("2030-03-01T09:00:00Z") })).toEqual({ status: "confirmed" });

    const ownWindow = await workshop(event.id, {
      startsAt: new Date(base.getTime() + 4 * HOUR),
      endsAt: new Date(base.getTime() + 5 * HOUR),
      signupOpensAt: new Date("2030-03-01T07:00:00Z"),
    });
    expect(await signUp(services, user(p.userId), event, ownWindow.id, {}, { now })).toEqual({ status: "confirmed" });
    expect(await db.workshopSignup.count({ where: { sessionId: eventWindow.id, status: "CONFIRMED" } })).toBe(1);
  });

  it("refuses people who are not accredited (403), anonymous callers (401), and non-workshops (404)", async () => {
    const event = await createEvent(db);
    const session = await workshop(event.id);
    const [pending] = await delegates(event.id, 1, undefined, "PENDING");
    expect(await statusOf(signUp(services, user(pending.userId), event, session.id))).toBe(403);
    expect(await statusOf(signUp(services, { kind: "anonymous" }, event, session.id))).toBe(401);
    const stranger = await createUser(db);
    expect(await statusOf(signUp(services, user(stranger.id), event, session.id))).toBe(403);
    const plenary = await createSession(db, { eventId: event.id, kind: "PLENARY" });
    const [ok] = await delegates(event.id, 1);
    expect(await statusOf(signUp(services, user(ok.userId), event, plenary.id))).toBe(404);
    expect(await statusOf(signUp(services, user(ok.userId), event, "not-a-uuid"))).toBe(404);
    expect(await db.workshopSignup.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("is idempotent: concurrent double clicks leave one entry", async () => {
    const event = await createEvent(db);
    const session = await workshop(event.id, { capacity: 1 });
    const [first, second] = await delegates(event.id, 2);
    const answers = await Promise.all(Array.from({ length: 5 }, () => signUp(services, user(first.userId), event, session.id)));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ status: "confirmed" })));
    const waitlisted = await Promise.all(Array.from({ length: 5 }, () => signUp(services, user(second.userId), event, session.id)));
    expect(waitlisted).toEqual(Array.from({ length: 5 }, () => ({ status: "waitlisted", position: 1 })));
    expect(await db.workshopSignup.count({ where: { sessionId: session.id } })).toBe(2);
    expect(await db.auditLog.count({ where: { eventId: event.id, action: "workshop.signed_up" } })).toBe(2);
  });

  it("lets a head sign up members of their own delegation only, and organisers anyone (audited)", async () => {
    const event = await createEvent(db);
    const [mine, theirs] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
    const head = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: head.id, delegationId: mine.id, role: "HEAD_OF_DELEGATION" });
    const organiser = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
    const [member] = await delegates(event.id, 1, mine.id);
    const [foreigner, another] = await delegates(event.id, 2, theirs.id);
    const session = await workshop(event.id);

    expect(await signUp(services, user(head.id), event, session.id, { registrationId: member.registrationId })).toEqual({ status: "confirmed" });
    expect(await statusOf(signUp(services, user(head.id), event, session.id, { registrationId: foreigner.registrationId }))).toBe(403);
    expect(await statusOf(signUp(services, user(member.userId), event, session.id, { registrationId: another.registrationId }))).toBe(403);
    expect(await signUp(services, user(organiser.id), event, session.id, { registrationId: foreigner.registrationId })).toEqual({ status: "confirmed" });
    expect(await statusOf(cancelSignup(services, user(head.id), event, session.id, { registrationId: foreigner.registrationId }))).toBe(403);

    const audit = await db.auditLog.findMany({ where: { eventId: event.id, action: "workshop.signed_up" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.actorId, (a.data as { via: string; registrationId: string }).via, (a.data as { registrationId: string }).registrationId])).toEqual([
      [head.id, "head", member.registrationId],
      [organiser.id, "organiser", foreigner.registrationId],
    ]);
  });

  it("re-signing up after a cancellation reuses the row and goes to the end of the waitlist when full", async () => {
    const event = await createEvent(db);
    const session = await workshop(event.id, { capacity: 2 });
    const [a, b, c, d] = await delegates(event.id, 4);
    for (const p of [a, b, c, d]) await signUp(services, user(p.userId), event, session.id);
    const before = await db.workshopSignup.findUniqueOrThrow({ where: { sessionId_registrationId: { sessionId: session.id, registrationId: a.registrationId } } });
    await cancelSignup(services, user(a.userId), event, session.id); // c is promoted, d becomes 1st
    expect(await signUp(services, user(a.userId), event, session.id)).toEqual({ status: "waitlisted", position: 2 });
    const after = await db.workshopSignup.findUniqueOrThrow({ where: { sessionId_registrationId: { sessionId: session.id, registrationId: a.registrationId } } });
    expect(after.id).toBe(before.id);
    expect(await db.workshopSignup.count({ where: { sessionId: session.id } })).toBe(4);
    const waiting = await expectConsecutiveWaitlist(session.id);
    expect(waiting.map((r) => r.registrationId)).toEqual([d.registrationId, a.registrationId]);
    // Leaving the waitlist closes the gap.
    await cancelSignup(services, user(d.userId), event, session.id);
    expect((await expectConsecutiveWaitlist(session.id)).map((r) => r.registrationId)).toEqual([a.registrationId]);
  });

  it("timed offers: a freed seat is offered, accepted by signing up, or passed on by expireOffers", async () => {
    const event = await createEvent(db, { waitlistMode: "TIMED_OFFER", waitlistOfferMinutes: 60 });
    const session = await workshop(event.id, { capacity: 1 });
    const [a, b, c] = await delegates(event.id, 3);
    for (const p of [a, b, c]) await signUp(services, user(p.userId), event, session.id);
    const t0 = new Date();
    await cancelSignup(services, user(a.userId), event, session.id, {}, { now: t0 });
    const offered = await db.workshopSignup.findUniqueOrThrow({ where: { sessionId_registrationId: { sessionId: session.id, registrationId: b.registrationId } } });
    expect(offered.status).toBe("OFFERED");
    expect(offered.offerExpiresAt?.getTime()).toBe(t0.getTime() + 60 * 60_000);
    expect(await getSeatCounts(db, session.id)).toMatchObject({ confirmed: 0, offered: 1, waitlisted: 1, free: 0 });
    expect(await db.mailMessage.count({ where: { eventId: event.id, kind: "workshop.offered" } })).toBe(1);

    // Not yet expired: nothing happens.
    expect(await expireOffers(services, new Date(t0.getTime() + 30 * 60_000))).toEqual({ expired: 0, promoted: 0 });
    // Expired: passes to c.
    expect(await expireOffers(services, new Date(t0.getTime() + 61 * 60_000))).toEqual({ expired: 1, promoted: 1 });
    const statuses = Object.fromEntries((await rows(session.id)).map((r) => [r.registrationId, r.status]));
    expect(statuses).toEqual({ [a.registrationId]: "CANCELLED", [b.registrationId]: "CANCELLED", [c.registrationId]: "OFFERED" });
    // c accepts within the hour.
    expect(await signUp(services, user(c.userId), event, session.id, {}, { now: new Date(t0.getTime() + 62 * 60_000) })).toEqual({ status: "confirmed" });
    expect(await getSeatCounts(db, session.id)).toMatchObject({ confirmed: 1, offered: 0, waitlisted: 0 });
  });

  it("two nodes expiring offers at once pass each offer on exactly once", async () => {
    const event = await createEvent(db, { waitlistMode: "TIMED_OFFER", waitlistOfferMinutes: 10 });
    const session = await workshop(event.id, { capacity: 2 });
    const people = await delegates(event.id, 6);
    for (const p of people) await signUp(services, user(p.userId), event, session.id);
    const t0 = new Date();
    await cancelSignup(services, user(people[0].userId), event, session.id, {}, { now: t0 });
    await cancelSignup(services, user(people[1].userId), event, session.id, {}, { now: t0 });
    const later = new Date(t0.getTime() + 11 * 60_000);
    const [one, two] = await Promise.all([expireOffers(services, later), expireOffers(services, later)]);
    expect(one.expired + two.expired).toBe(2);
    expect(one.promoted + two.promoted).toBe(2);
    const stored = await rows(session.id);
    expect(stored.filter((r) => r.status === "OFFERED").map((r) => r.registrationId).sort()).toEqual([people[4].registrationId, people[5].registrationId].sort());
  });

  it("changeCapacity: raising promotes at once, lowering below the seats taken is refused", async () => {
    const event = await createEvent(db);
    const organiser = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
    const session = await workshop(event.id, { capacity: 2 });
    const people = await delegates(event.id, 5);
    for (const p of people) await signUp(services, user(p.userId), event, session.id);
    expect(await statusOf(changeCapacity(services, user(people[0].userId), event, session.id, 10))).toBe(403);
    expect(await changeCapacity(services, user(organiser.id), event, session.id, 4)).toEqual({ capacity: 4, promoted: 2 });
    expect(await getSeatCounts(db, session.id)).toMatchObject({ capacity: 4, confirmed: 4, waitlisted: 1 });
    expect((await expectConsecutiveWaitlist(session.id)).map((r) => r.registrationId)).toEqual([people[4].registrationId]);
    expect(await conflictOf(changeCapacity(services, user(organiser.id), event, session.id, 3))).toMatchObject({ reason: "capacity_below_taken", taken: 4 });
  });

  it("publishes the fresh seat count after commit", async () => {
    const bus = new DomainEventBus();
    const seen: (number | null)[] = [];
    bus.subscribe("session.updated", ({ session }) => void seen.push(session.seatsTaken));
    const event = await createEvent(db);
    const session = await workshop(event.id, { capacity: 3 });
    const [p] = await delegates(event.id, 1);
    await signUp({ ...services, bus }, user(p.userId), event, session.id);
    await expect.poll(() => seen).toEqual([1]);
  });
});
