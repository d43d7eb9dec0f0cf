// Moving sessions against the real database (PGlite and PostgreSQL): every conflict kind, overrides,
// delays, who may act, the live update, and two organisers booking one room at the same instant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import { changeSessionStatus } from "../agenda/agenda.server.ts";
import type { SessionPublic } from "../agenda/session-public.ts";
import type { Actor } from "../auth/actor.ts";
import { createEvent, createRegistration, createRoom, createSession, createSignup, createUser } from "../demo/factories.server.ts";
import { findRoomClashes } from "../rooms/room-booking.server.ts";
import { checkReschedule, rescheduleSession, ScheduleConflictError, ScheduleInputError, type SchedulingServices } from "./reschedule.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: SchedulingServices;
const published: SessionPublic[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  const bus = new DomainEventBus();
  bus.subscribe("session.updated", ({ session }) => void published.push(session));
  services = { db, bus };
});
afterAll(async () => {
  await database?.dispose();
});

const at = (hhmm: string, day = "2030-03-04") => new Date(`${day}T${hhmm}:00.000Z`);
const user = (userId: string): Actor => ({ kind: "user", userId });

/** An event in UTC (times read as written) with a 10-minute changeover, two organisers and three rooms. */
async function setup() {
  const event = await createEvent(db, { timeZone: "UTC", startsOn: "2030-03-04", endsOn: "2030-03-07", changeoverBufferMinutes: 10, languages: ["en", "fr"] });
  const organiser = async () => {
    const u = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: u.id, role: "ORGANISER" });
    return user(u.id);
  };
  const [alice, bruno] = [await organiser(), await organiser()];
  const delegateUser = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: delegateUser.id });
  const big = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 100, interpretationLanguages: ["fr", "es"], opensAt: "08:00", closesAt: "20:00" });
  const small = await createRoom(db, { eventId: event.id, name: "Room 2", capacity: 10, opensAt: "08:00", closesAt: "20:00" });
  const other = await createRoom(db, { eventId: event.id, name: "Room 3", capacity: 60, opensAt: "08:00", closesAt: "20:00" });
  const session = (overrides: Parameters<typeof createSession>[1]) => createSession(db, { eventId: event.id, kind: "PLENARY", ...overrides });
  return { event, alice, bruno, delegate: user(delegateUser.id), big, small, other, session };
}

async function refusal(promise: Promise<unknown>): Promise<ScheduleConflictError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScheduleConflictError);
  return error as ScheduleConflictError;
}

describe("rescheduleSession", () => {
  it("lets only organisers of the event move a session", async () => {
    const f = await setup();
    const s = await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00") });
    const move = { startsAt: at("11:00").toISOString(), endsAt: at("12:00").toISOString() };
    await expect(rescheduleSession(services, { kind: "anonymous" }, f.event, s.id, move)).rejects.toMatchObject({ status: 401 });
    await expect(rescheduleSession(services, f.delegate, f.event, s.id, move)).rejects.toMatchObject({ status: 403 });
    const elsewhere = await setup();
    await expect(rescheduleSession(services, elsewhere.alice, f.event, s.id, move)).rejects.toMatchObject({ status: 403 });
    // An organiser of another event cannot reach this event's session through their own event either.
    await expect(rescheduleSession(services, elsewhere.alice, elsewhere.event, s.id, move)).rejects.toMatchObject({ status: 404 });
    const result = await rescheduleSession(services, f.alice, f.event, s.id, move);
    expect(result.session).toMatchObject({ startsAt: at("11:00").toISOString(), endsAt: at("12:00").toISOString(), status: "moved" });
  });

  it("refuses a double booking of a room, changeover buffer included, even with a reason", async () => {
    const f = await setup();
    await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00"), texts: { en: { title: "Opening plenary" } } });
    const s = await f.session({ roomId: f.other.id, startsAt: at("10:05"), endsAt: at("11:00") });
    const error = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { roomId: f.big.id, overrideReason: "We really need it" }));
    expect(error.conflicts).toEqual([expect.objectContaining({ code: "room_booked", hard: true })]);
    expect(error.conflicts[0].message).toContain("Opening plenary");
    expect((await db.session.findUniqueOrThrow({ where: { id: s.id } })).roomId).toBe(f.other.id);
    // Ten minutes after the end is free again.
    const moved = await rescheduleSession(services, f.alice, f.event, s.id, { roomId: f.big.id, startsAt: at("10:10").toISOString() });
    expect(moved.session.room?.id).toBe(f.big.id);
    // A cancelled session frees its room.
    const third = await f.session({ roomId: f.other.id, startsAt: at("09:00"), endsAt: at("10:00") });
    await rescheduleSession(services, f.alice, f.event, third.id, { status: "cancelled" });
    const fourth = await f.session({ roomId: f.small.id, startsAt: at("09:00"), endsAt: at("10:00") });
    await expect(rescheduleSession(services, f.alice, f.event, fourth.id, { roomId: f.other.id })).resolves.toMatchObject({ changed: true });
    // …and bringing the cancelled one back checks the room again.
    const back = await refusal(rescheduleSession(services, f.alice, f.event, third.id, { status: "scheduled" }));
    expect(back.conflicts.map((c) => c.code)).toEqual(["room_booked"]);
  });

  it("keeps a delay beside the slot and never refuses it as a room conflict", async () => {
    const f = await setup();
    const first = await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00") });
    await f.session({ roomId: f.big.id, startsAt: at("10:10"), endsAt: at("11:00") });
    const before = await db.session.findUniqueOrThrow({ where: { id: first.id } });
    const result = await rescheduleSession(services, f.alice, f.event, first.id, { status: "delayed", delayMinutes: 45 });
    expect(result.session).toMatchObject({ status: "delayed", delayMinutes: 45, startsAt: at("09:00").toISOString(), endsAt: at("10:00").toISOString() });
    const after = await db.session.findUniqueOrThrow({ where: { id: first.id } });
    expect(after.sequence).toBe(before.sequence + 1);
    expect(published.at(-1)).toEqual(result.session);
    const audit = await db.auditLog.findFirst({ where: { targetId: first.id }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ action: "session.status_changed", actorId: f.alice.kind === "user" ? f.alice.userId : null });
  });

  it("warns about a speaker elsewhere and lets an organiser override with a reason, audited", async () => {
    const f = await setup();
    const speaker = await createUser(db, { givenName: "Amina", familyName: "Diallo" });
    await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00"), speakers: [{ userId: speaker.id }], texts: { en: { title: "Keynote" } } });
    const s = await f.session({ roomId: f.other.id, startsAt: at("14:00"), endsAt: at("15:00"), speakers: [{ userId: speaker.id, role: "MODERATOR" }, { name: "A Guest" }] });
    const error = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { startsAt: at("09:30").toISOString(), endsAt: at("10:30").toISOString() }));
    expect(error.conflicts).toEqual([expect.objectContaining({ code: "speaker_busy", hard: false })]);
    expect(error.conflicts[0].message).toContain("Amina Diallo");
    expect(error.conflicts[0].message).toContain("Keynote");

    const before = await db.session.findUniqueOrThrow({ where: { id: s.id } });
    const checked = await checkReschedule(services, f.alice, f.event, s.id, { startsAt: at("09:30").toISOString(), endsAt: at("10:30").toISOString() });
    expect(checked).toMatchObject({ allowed: false, conflicts: [expect.objectContaining({ code: "speaker_busy" })] });
    expect((await db.session.findUniqueOrThrow({ where: { id: s.id } })).updatedAt).toEqual(before.updatedAt);

    const result = await rescheduleSession(services, f.alice, f.event, s.id, {
      startsAt: at("09:30").toISOString(),
      endsAt: at("10:30").toISOString(),
      overrideReason: "She moderates remotely",
    });
    expect(result.overridden.map((c) => c.code)).toEqual(["speaker_busy"]);
    const audit = await db.auditLog.findFirst({ where: { targetId: s.id, action: "session.rescheduled" } });
    expect(audit?.data).toMatchObject({ overrideReason: "She moderates remotely", overridden: [{ code: "speaker_busy" }], to: { startsAt: at("09:30").toISOString() } });
    expect((await db.session.findUniqueOrThrow({ where: { id: s.id } })).sequence).toBe(before.sequence + 1);
  });

  it("warns when confirmed sign-ups exceed the new room's seats", async () => {
    const f = await setup();
    const workshop = await f.session({ kind: "WORKSHOP", capacity: 12, roomId: f.big.id, startsAt: at("14:00"), endsAt: at("15:00") });
    for (let i = 0; i < 12; i++) await createSignup(db, { sessionId: workshop.id });
    await createSignup(db, { sessionId: workshop.id, status: "WAITLISTED" });
    const error = await refusal(rescheduleSession(services, f.alice, f.event, workshop.id, { roomId: f.small.id }));
    expect(error.conflicts.map((c) => c.code).sort()).toEqual(["capacity_exceeds_room", "signups_exceed_room"]);
    expect(error.conflicts.find((c) => c.code === "signups_exceed_room")?.params).toMatchObject({ taken: 12, roomCapacity: 10 });
    const result = await rescheduleSession(services, f.alice, f.event, workshop.id, { roomId: f.small.id, overrideReason: "Two will stand" });
    expect(result.session.room?.id).toBe(f.small.id);
  });

  it("warns outside the room's opening hours and the event's days", async () => {
    const f = await setup();
    const s = await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00") });
    const late = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { startsAt: at("19:30").toISOString(), endsAt: at("20:30").toISOString() }));
    expect(late.conflicts.map((c) => c.code)).toEqual(["outside_room_hours"]);
    const early = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { startsAt: at("07:00").toISOString(), endsAt: at("08:30").toISOString() }));
    expect(early.conflicts.map((c) => c.code)).toEqual(["outside_room_hours"]);
    const after = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { startsAt: at("09:00", "2030-03-08").toISOString(), endsAt: at("10:00", "2030-03-08").toISOString() }));
    expect(after.conflicts.map((c) => c.code)).toEqual(["outside_event_days"]);
    // The last day is inside.
    await expect(
      rescheduleSession(services, f.alice, f.event, s.id, { startsAt: at("09:00", "2030-03-07").toISOString(), endsAt: at("10:00", "2030-03-07").toISOString() }),
    ).resolves.toMatchObject({ changed: true });
  });

  it("warns when the new room's booths cannot serve the session's interpretation languages", async () => {
    const f = await setup();
    const s = await f.session({ roomId: f.other.id, startsAt: at("09:00"), endsAt: at("10:00"), interpretationLanguages: ["fr", "ar"] });
    const error = await refusal(rescheduleSession(services, f.alice, f.event, s.id, { roomId: f.big.id }));
    expect(error.conflicts).toEqual([expect.objectContaining({ code: "interpretation_unavailable", hard: false, params: expect.objectContaining({ languages: "ar" }) })]);
  });

  it("answers field errors for input that cannot be right", async () => {
    const f = await setup();
    const s = await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00") });
    await expect(rescheduleSession(services, f.alice, f.event, s.id, { endsAt: at("08:00").toISOString() })).rejects.toBeInstanceOf(ScheduleInputError);
    await expect(rescheduleSession(services, f.alice, f.event, s.id, { roomId: "00000000-0000-7000-8000-000000000000" })).rejects.toMatchObject({ errors: { roomId: expect.any(Array) } });
    await expect(rescheduleSession(services, f.alice, f.event, s.id, { delayMinutes: -5 })).rejects.toMatchObject({ name: "ZodError" });
    await expect(rescheduleSession(services, f.alice, f.event, "00000000-0000-7000-8000-000000000000", { status: "live" })).rejects.toMatchObject({ status: 404 });
  });

  it("keeps changeSessionStatus working as a wrapper, publishing only public sessions", async () => {
    const f = await setup();
    const hidden = await f.session({ roomId: f.big.id, startsAt: at("09:00"), endsAt: at("10:00"), published: false });
    const count = published.length;
    const result = await changeSessionStatus(services, f.alice, f.event, hidden.id, { status: "live" });
    expect(result.status).toBe("live");
    await new Promise((resolve) => setImmediate(resolve));
    expect(published.length).toBe(count);
  });
});

describe("two organisers booking one room at the same instant", () => {
  it("lets exactly one of two simultaneous moves into the same room and time succeed", async () => {
    const f = await setup();
    const a = await f.session({ roomId: f.small.id, startsAt: at("09:00"), endsAt: at("10:00") });
    const b = await f.session({ roomId: f.other.id, startsAt: at("11:00"), endsAt: at("12:00") });
    const target = { roomId: f.big.id, startsAt: at("14:00").toISOString(), endsAt: at("15:00").toISOString() };
    const results = await Promise.allSettled([
      rescheduleSession(services, f.alice, f.event, a.id, target),
      rescheduleSession(services, f.bruno, f.event, b.id, target),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.reason).toBeInstanceOf(ScheduleConflictError);
    expect((rejected.reason as ScheduleConflictError).conflicts.map((c) => c.code)).toEqual(["room_booked"]);
    expect(await db.session.count({ where: { roomId: f.big.id, startsAt: at("14:00") } })).toBe(1);
  });

  // PGlite runs one transaction at a time, so only PostgreSQL can interleave two of them.
  it.runIf(testDatabaseKind === "postgres")("serialises the second booker on the room lock, where check-then-write without it double-books", async () => {
    const f = await setup();
    const target = { roomId: f.big.id, startsAt: at("16:00"), endsAt: at("17:00") };

    // 1. Without the lock: both check while neither has written, then both write. A double booking.
    const [x, y] = [await f.session({ roomId: f.small.id, startsAt: at("09:00"), endsAt: at("10:00") }), await f.session({ roomId: f.other.id, startsAt: at("09:00"), endsAt: at("10:00") })];
    let bothChecked!: () => void;
    const checked = new Promise<void>((resolve) => (bothChecked = resolve));
    let checks = 0;
    const naive = (sessionId: string) =>
      db.$transaction(async (tx) => {
        const clashes = await findRoomClashes(tx, { ...target, bufferMinutes: 10, excludeSessionId: sessionId });
        if (++checks === 2) bothChecked();
        await checked;
        if (clashes.length > 0) throw new Error("clash");
        await tx.session.update({ where: { id: sessionId }, data: { roomId: target.roomId, startsAt: target.startsAt, endsAt: target.endsAt } });
      });
    await Promise.all([naive(x.id), naive(y.id)]);
    expect(await db.session.count({ where: { roomId: f.big.id, startsAt: target.startsAt } })).toBe(2);

    // 2. With the protocol: Alice holds the room lock (checked, not yet written) while Bruno's move
    //    starts; Bruno is seen waiting on the lock; when Alice commits, Bruno finds her booking.
    await db.session.updateMany({ where: { id: { in: [x.id, y.id] } }, data: { roomId: f.small.id, startsAt: at("07:00"), endsAt: at("07:30") } });
    const move = { roomId: target.roomId, startsAt: at("18:00").toISOString(), endsAt: at("19:00").toISOString() };
    let bruno: Promise<unknown> | undefined;
    let brunoSettled = false;
    const alice = rescheduleSession(services, f.alice, f.event, x.id, move, {
      beforeWrite: async () => {
        bruno = rescheduleSession(services, f.bruno, f.event, y.id, move)
          .then(
            () => "booked",
            (e: unknown) => e,
          )
          .finally(() => (brunoSettled = true));
        // Wait until Bruno's transaction is blocked on a lock (no clock involved), or has finished
        // (which only happens if nothing stopped him: the assertion below then fails).
        while (!brunoSettled) {
          const [row] = await db.$queryRaw<{ waiting: number }[]>`
            SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
          if (row.waiting > 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    });
    await expect(alice).resolves.toMatchObject({ changed: true });
    const answer = await bruno;
    expect(answer).toBeInstanceOf(ScheduleConflictError);
    expect((answer as ScheduleConflictError).conflicts.map((c) => c.code)).toEqual(["room_booked"]);
    expect(await db.session.count({ where: { roomId: f.big.id, startsAt: at("18:00") } })).toBe(1);
  });
});
