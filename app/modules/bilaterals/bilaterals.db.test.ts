// Bilateral meetings on the real database: who may know a meeting exists at each step, the
// request / answer / booking rules, room suggestions, the booking protocol under a race, and that
// nothing of it reaches the public agenda.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import { getPublicSession, listPublicSessions, readPublicSession } from "../agenda/agenda.server.ts";
import { ForbiddenError, NotFoundError, type Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createRoom, createSession, createUser } from "../demo/factories.server.ts";
import { getPublishedEvent } from "../events/events.server.ts";
import {
  allocateBilateral,
  BilateralError,
  cancelBilateral,
  getBilateralForViewer,
  getDelegationBilaterals,
  listBilateralsForOrganisers,
  listBilateralsForViewer,
  requestBilateral,
  respondToBilateral,
  type BilateralServices,
} from "./bilaterals.server.ts";
import { retireRoom, RoomConflictError } from "../rooms/rooms.server.ts";
import type { BilateralChanged } from "./events.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: BilateralServices;
const changes: BilateralChanged[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  const bus = new DomainEventBus();
  bus.subscribe("bilateral.changed", (payload) => void changes.push(payload));
  services = { db, bus };
});
afterAll(async () => {
  await database?.dispose();
});

const user = (userId: string): Actor => ({ kind: "user", userId });
const ANONYMOUS: Actor = { kind: "anonymous" };
// Lagos is UTC+1 all year: 10:00 local = 09:00Z. (Not Casablanca: it is UTC+0 for good since
// 2026-09-20, tzdb 2026c, where a bug reading times as UTC would go unnoticed.)
const DAY1 = "2030-06-03";

async function setup() {
  const event = await createEvent(db, { startsOn: DAY1, timeZone: "Africa/Lagos", languages: ["en", "fr"] });
  const [a, b, c] = [await createDelegation(db, { eventId: event.id, name: "Aland" }), await createDelegation(db, { eventId: event.id, name: "Borduria" }), await createDelegation(db, { eventId: event.id, name: "Carpania" })];
  const person = async (role: "HEAD_OF_DELEGATION" | "DELEGATE" | "ORGANISER" | "CHECKIN_STAFF", delegationId: string | null) => {
    const u = await createUser(db, role === "ORGANISER" ? { totpKey: new Uint8Array(20).fill(7) } : {});
    await createRegistration(db, { eventId: event.id, userId: u.id, role, delegationId, status: "APPROVED" });
    return { actor: user(u.id), userId: u.id };
  };
  const people = {
    headA: await person("HEAD_OF_DELEGATION", a.id),
    delegateA: await person("DELEGATE", a.id),
    headB: await person("HEAD_OF_DELEGATION", b.id),
    delegateB: await person("DELEGATE", b.id),
    headC: await person("HEAD_OF_DELEGATION", c.id),
    delegateC: await person("DELEGATE", c.id),
    organiser: await person("ORGANISER", null),
    checkin: await person("CHECKIN_STAFF", null),
  };
  // Pending members of A do not count as members.
  const pendingA = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: pendingA.id, delegationId: a.id, status: "PENDING" });
  const ev = { id: event.id, slug: event.slug, timeZone: event.timeZone, languages: event.languages };
  return { event: ev, a, b, c, people, pendingA: user(pendingA.id) };
}

const slot = (start: string, end: string, date = DAY1) => ({ date, start, end });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
}

describe("who knows a bilateral meeting exists", () => {
  it("requested, accepted, booked: both heads and organisers; the delegations' members once booked; nobody else (404)", async () => {
    const { event, a, b, people, pendingA } = await setup();
    const room = await createRoom(db, { eventId: event.id, name: "Bilateral Room 1", capacity: 12, opensAt: "08:00", closesAt: "20:00" });
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic: "Mutual legal assistance", size: 6, slots: [slot("10:00", "10:45")] });

    const sees = async (actor: Actor) =>
      getBilateralForViewer(services, actor, event, id).then(
        () => true,
        (e: unknown) => {
          if (e instanceof NotFoundError) return false;
          throw e;
        },
      );
    const listed = async (actor: Actor) => (await listBilateralsForViewer(services, actor, event)).some((item) => item.id === id);
    const outsiders = { headC: people.headC.actor, delegateC: people.delegateC.actor, checkin: people.checkin.actor, anonymous: ANONYMOUS, pendingA };

    const check = async (membersSee: boolean) => {
      for (const [who, actor] of Object.entries(outsiders)) {
        expect(await sees(actor), who).toBe(false);
        expect(await listed(actor), who).toBe(false);
      }
      for (const who of ["headA", "headB"] as const) {
        expect(await sees(people[who].actor), who).toBe(true);
        expect(await listed(people[who].actor), who).toBe(true);
      }
      for (const who of ["delegateA", "delegateB"] as const) {
        expect(await sees(people[who].actor), who).toBe(membersSee);
        expect(await listed(people[who].actor), who).toBe(membersSee);
      }
      expect(await sees(people.organiser.actor)).toBe(true);
      expect(await listed(people.organiser.actor)).toBe(false); // not in an organiser's personal agenda
      const third = await getDelegationBilaterals(services, people.headC.actor, event);
      expect([...third.incoming, ...third.outgoing, ...third.meetings, ...third.closed]).toEqual([]);
    };

    await check(false); // requested
    await respondToBilateral(services, people.headB.actor, event, id, { response: "accept" });
    await check(false); // accepted, no room yet
    await allocateBilateral(services, people.organiser.actor, event, id, { roomId: room.id, slot: 0 });
    await check(true); // booked

    const item = (await listBilateralsForViewer(services, people.delegateB.actor, event)).find((i) => i.id === id)!;
    expect(item).toEqual({
      id,
      title: "Mutual legal assistance",
      counterpart: { id: a.id, name: "Aland" },
      startsAt: "2030-06-03T09:00:00.000Z",
      endsAt: "2030-06-03T09:45:00.000Z",
      room: { id: room.id, name: "Bilateral Room 1" },
      status: "booked",
    });
  });

  it("never shows a booked meeting on the public agenda", async () => {
    const { event, b, people } = await setup();
    const room = await createRoom(db, { eventId: event.id, capacity: 20 });
    const plenary = await createSession(db, { eventId: event.id, kind: "PLENARY", startsAt: new Date("2030-06-03T13:00:00Z"), endsAt: new Date("2030-06-03T14:00:00Z") });
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic: "Joint investigation team", size: 4, slots: [slot("11:00", "12:00")] });
    await respondToBilateral(services, people.headB.actor, event, id, { response: "accept" });
    const { sessionId } = await allocateBilateral(services, people.organiser.actor, event, id, { roomId: room.id, slot: 0 });
    const session = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ kind: "BILATERAL", published: false, roomId: room.id });
    const publicEvent = await getPublishedEvent(db, event.slug);
    const publicSessions = await listPublicSessions(db, publicEvent);
    expect(publicSessions.map((s) => s.id)).toEqual([plenary.id]);
    // Nor the session page, nor the live payload.
    await expect(getPublicSession(db, publicEvent, sessionId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await readPublicSession(db, sessionId)).toBeNull();
  });

  it("tells only the people who may know, after commit", async () => {
    const { event, b, people } = await setup();
    const room = await createRoom(db, { eventId: event.id, capacity: 20 });
    changes.length = 0;
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic: "Cyber capacity building", size: 4, slots: [slot("15:00", "16:00")] });
    await expect.poll(() => changes.filter((c) => c.bilateralId === id).length).toBe(1);
    expect(changes.at(-1)).toMatchObject({ status: "requested", userIds: expect.arrayContaining([people.headA.userId, people.headB.userId]) });
    expect(changes.at(-1)!.userIds).toHaveLength(2);
    await respondToBilateral(services, people.headB.actor, event, id, { response: "accept" });
    await allocateBilateral(services, people.organiser.actor, event, id, { roomId: room.id, slot: 0 });
    await expect.poll(() => changes.filter((c) => c.bilateralId === id).length).toBe(3);
    const booked = changes.at(-1)!;
    expect(booked.status).toBe("booked");
    expect(booked.userIds.sort()).toEqual([people.headA.userId, people.delegateA.userId, people.headB.userId, people.delegateB.userId].sort());
  });
});

describe("requests and answers", () => {
  it("only heads of delegation request, never of their own delegation, at wished times inside the event", async () => {
    const { event, a, b, people } = await setup();
    const ok = { inviteeDelegationId: b.id, topic: "Asset recovery", size: 5, slots: [slot("10:00", "11:00")] };
    for (const [who, actor, status] of [
      ["anonymous", ANONYMOUS, 401],
      ["delegate", people.delegateA.actor, 403],
      ["organiser", people.organiser.actor, 403],
    ] as const) {
      const error = await failure(requestBilateral(services, actor, event, ok));
      expect(error, who).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).status, who).toBe(status);
    }
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, inviteeDelegationId: a.id }))).toMatchObject({ code: "own_delegation", status: 400 });
    const otherEvent = await createDelegation(db, { eventId: (await createEvent(db)).id });
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, inviteeDelegationId: otherEvent.id }))).toBeInstanceOf(NotFoundError);
    for (const slots of [[slot("10:00", "11:00", "2030-06-10")], [slot("11:00", "10:00")], [slot("08:00", "13:00")], [], [slot("10:00", "11:00", "2020-01-01")]]) {
      expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, slots })), JSON.stringify(slots)).toBeInstanceOf(ZodError);
    }
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, topic: "x" }))).toBeInstanceOf(ZodError);
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, size: 1 }))).toBeInstanceOf(ZodError);
    // The event's last day is fine; a past time on it is not.
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, slots: [slot("10:00", "11:00", "2030-06-06")] }, new Date("2030-06-06T12:00:00Z")))).toBeInstanceOf(ZodError);
    expect(await db.bilateralMeeting.count({ where: { eventId: event.id } })).toBe(0);

    await requestBilateral(services, people.headA.actor, event, ok);
    // Asking again (a double click, or the other side asking back) on an open topic: 409.
    expect(await failure(requestBilateral(services, people.headA.actor, event, { ...ok, topic: "asset RECOVERY" }))).toMatchObject({ code: "duplicate", status: 409 });
    expect(await failure(requestBilateral(services, people.headB.actor, event, { ...ok, inviteeDelegationId: a.id }))).toMatchObject({ code: "duplicate" });
    expect(await db.auditLog.count({ where: { eventId: event.id, action: "bilateral.requested" } })).toBe(1);
  });

  it("only the invited head answers, once", async () => {
    const { event, b, people } = await setup();
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic: "Extradition", size: 4, slots: [slot("10:00", "11:00")] });
    expect(await failure(respondToBilateral(services, people.headA.actor, event, id, { response: "accept" }))).toBeInstanceOf(ForbiddenError);
    expect(await failure(respondToBilateral(services, people.headC.actor, event, id, { response: "accept" }))).toBeInstanceOf(NotFoundError);
    expect(await failure(respondToBilateral(services, people.delegateB.actor, event, id, { response: "accept" }))).toBeInstanceOf(NotFoundError);
    await expect(respondToBilateral(services, people.headB.actor, event, id, { response: "decline", note: "Not this week." })).resolves.toEqual({ status: "declined" });
    expect(await failure(respondToBilateral(services, people.headB.actor, event, id, { response: "accept" }))).toMatchObject({ code: "transition", status: 409 });
    expect(await db.bilateralMeeting.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DECLINED", responseNote: "Not this week.", respondedById: people.headB.userId });
    // A declined request leaves the personal agenda but stays on the heads' page.
    expect(await listBilateralsForViewer(services, people.headA.actor, event)).toEqual([]);
    expect((await getDelegationBilaterals(services, people.headA.actor, event)).closed.map((m) => m.id)).toEqual([id]);
  });
});

describe("booking a room", () => {
  async function accepted(setupResult: Awaited<ReturnType<typeof setup>>, topic: string, size: number, slots = [slot("10:00", "10:45"), slot("14:00", "14:45")]) {
    const { event, b, people } = setupResult;
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic, size, slots });
    await respondToBilateral(services, people.headB.actor, event, id, { response: "accept" });
    return id;
  }

  it("suggests the rooms that fit, are open and free (changeover included), smallest first", async () => {
    const s = await setup();
    const { event, people } = s;
    await db.event.update({ where: { id: event.id }, data: { changeoverBufferMinutes: 15 } });
    const small = await createRoom(db, { eventId: event.id, name: "Small", capacity: 4 });
    const fit = await createRoom(db, { eventId: event.id, name: "Fit", capacity: 8 });
    const big = await createRoom(db, { eventId: event.id, name: "Big", capacity: 40 });
    const late = await createRoom(db, { eventId: event.id, name: "Late", capacity: 10, opensAt: "12:00", closesAt: "23:00" });
    const gone = await createRoom(db, { eventId: event.id, name: "Gone", capacity: 10, retiredAt: new Date() });
    // "Fit" is busy until 09:50 local on day 1 (08:50Z): within the 15-minute changeover before 10:00.
    await createSession(db, { eventId: event.id, roomId: fit.id, startsAt: new Date("2030-06-03T08:00:00Z"), endsAt: new Date("2030-06-03T08:50:00Z") });
    // A cancelled session does not hold "Big".
    await createSession(db, { eventId: event.id, roomId: big.id, status: "CANCELLED", startsAt: new Date("2030-06-03T09:00:00Z"), endsAt: new Date("2030-06-03T10:00:00Z") });
    const id = await accepted(s, "Witness protection", 6);
    const overview = await listBilateralsForOrganisers(services, people.organiser.actor, event);
    const meeting = overview.waiting.find((m) => m.id === id)!;
    expect(meeting.suggestions.map((x) => x.rooms.map((r) => r.name))).toEqual([["Big"], ["Fit", "Late", "Big"]]);
    expect([small.id, gone.id, late.id].every(Boolean)).toBe(true);
    expect(overview.bufferMinutes).toBe(15);

    // Booking a room that is not suggested is refused for the same reasons, under lock.
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: fit.id, slot: 0 }))).toMatchObject({ code: "room_taken", status: 409 });
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: small.id, slot: 0 }))).toMatchObject({ code: "room_unsuitable" });
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: late.id, slot: 0 }))).toMatchObject({ code: "room_unsuitable" });
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: gone.id, slot: 1 }))).toMatchObject({ code: "room_unsuitable" });
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: big.id, slot: 2 }))).toBeInstanceOf(ZodError);
    expect(await db.session.count({ where: { eventId: event.id, kind: "BILATERAL" } })).toBe(0);

    const booked = await allocateBilateral(services, people.organiser.actor, event, id, { roomId: fit.id, slot: 1 });
    expect(booked).toMatchObject({ roomId: fit.id, startsAt: new Date("2030-06-03T13:00:00Z") });
    // Moving the booking keeps one session.
    const moved = await allocateBilateral(services, people.organiser.actor, event, id, { roomId: big.id, slot: 0 });
    expect(moved.sessionId).toBe(booked.sessionId);
    expect(await db.session.findUniqueOrThrow({ where: { id: booked.sessionId } })).toMatchObject({ roomId: big.id, sequence: 1 });
    expect(await db.auditLog.count({ where: { targetId: id, action: "bilateral.booked" } })).toBe(2);
  });

  it("books at another time agreed with both delegations, under the same checks", async () => {
    const s = await setup();
    const { event, people } = s;
    const room = await createRoom(db, { eventId: event.id, capacity: 10, opensAt: "08:00", closesAt: "19:00" });
    await createSession(db, { eventId: event.id, roomId: room.id, startsAt: new Date("2030-06-04T08:00:00Z"), endsAt: new Date("2030-06-04T09:00:00Z") });
    const id = await accepted(s, "Another time", 4);
    const other = (start: string, end: string, date = "2030-06-04") => ({ roomId: room.id, date, start, end });
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { ...other("10:00", "11:00"), slot: 0 }))).toBeInstanceOf(ZodError);
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, other("10:00", "11:00", "2030-07-01")))).toBeInstanceOf(ZodError);
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, other("10:05", "10:45")))).toMatchObject({ code: "room_taken" }); // changeover after 09:00Z = 10:00 local
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, other("18:30", "19:30")))).toMatchObject({ code: "room_unsuitable" });
    const booked = await allocateBilateral(services, people.organiser.actor, event, id, other("10:30", "11:15"));
    expect(booked).toMatchObject({ roomId: room.id, startsAt: new Date("2030-06-04T09:30:00Z"), endsAt: new Date("2030-06-04T10:15:00Z") });
  });

  it("only organisers book, and only accepted meetings", async () => {
    const s = await setup();
    const { event, b, people } = s;
    const room = await createRoom(db, { eventId: event.id, capacity: 10 });
    const { id } = await requestBilateral(services, people.headA.actor, event, { inviteeDelegationId: b.id, topic: "Not yet", size: 4, slots: [slot("10:00", "11:00")] });
    for (const actor of [people.headA.actor, people.headB.actor, people.checkin.actor]) {
      expect(await failure(allocateBilateral(services, actor, event, id, { roomId: room.id, slot: 0 }))).toBeInstanceOf(ForbiddenError);
    }
    expect(await failure(allocateBilateral(services, people.organiser.actor, event, id, { roomId: room.id, slot: 0 }))).toMatchObject({ code: "transition" });
  });

  it("never double books a room, even when two organisers book two meetings into it at once", async () => {
    const s = await setup();
    const { event, people } = s;
    const room = await createRoom(db, { eventId: event.id, capacity: 10 });
    const first = await accepted(s, "Race one", 4, [slot("10:00", "11:00")]);
    const second = await accepted(s, "Race two", 4, [slot("10:30", "11:30")]);
    const results = await Promise.allSettled([
      allocateBilateral(services, people.organiser.actor, event, first, { roomId: room.id, slot: 0 }),
      allocateBilateral(services, people.organiser.actor, event, second, { roomId: room.id, slot: 0 }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(BilateralError);
    expect((rejected.reason as BilateralError).code).toBe("room_taken");
    expect(await db.session.count({ where: { roomId: room.id, status: { not: "CANCELLED" } } })).toBe(1);
  });

  it("a booking racing the room's retirement: never a booked meeting in a retired room", async () => {
    const s = await setup();
    const { event, people } = s;
    const room = await createRoom(db, { eventId: event.id, capacity: 10 });
    const id = await accepted(s, "Race with retirement", 4, [slot("10:00", "11:00")]);
    const [booking, retirement] = await Promise.allSettled([
      allocateBilateral(services, people.organiser.actor, event, id, { roomId: room.id, slot: 0 }),
      retireRoom(services, people.organiser.actor, event, room.id, { confirmSessions: 0 }),
    ]);
    const retired = (await db.room.findUniqueOrThrow({ where: { id: room.id } })).retiredAt !== null;
    const booked = await db.session.count({ where: { roomId: room.id, kind: "BILATERAL", status: { not: "CANCELLED" } } });
    // Exactly one wins: booked first (retirement then refused, the room holds it) or retired first (booking refused).
    expect([booking.status, retirement.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(retired ? booked : 1 - booked).toBe(0);
    const loser = (booking.status === "rejected" ? booking : retirement) as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(booking.status === "rejected" ? BilateralError : RoomConflictError);
  });

  it("cancelling a booked meeting frees its room; the members still see that it was cancelled", async () => {
    const s = await setup();
    const { event, people } = s;
    const room = await createRoom(db, { eventId: event.id, capacity: 10 });
    const first = await accepted(s, "Cancelled later", 4, [slot("10:00", "11:00")]);
    const second = await accepted(s, "Takes the room", 4, [slot("10:00", "11:00")]);
    const { sessionId } = await allocateBilateral(services, people.organiser.actor, event, first, { roomId: room.id, slot: 0 });
    expect(await failure(cancelBilateral(services, people.delegateA.actor, event, first))).toBeInstanceOf(ForbiddenError);
    expect(await failure(cancelBilateral(services, people.headC.actor, event, first))).toBeInstanceOf(NotFoundError);
    await cancelBilateral(services, people.headB.actor, event, first);
    expect(await db.session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: "CANCELLED" });
    await allocateBilateral(services, people.organiser.actor, event, second, { roomId: room.id, slot: 0 });
    expect((await listBilateralsForViewer(services, people.delegateA.actor, event)).map((i) => [i.title, i.status]).sort()).toEqual([
      ["Cancelled later", "cancelled"],
      ["Takes the room", "booked"],
    ]);
    expect(await failure(cancelBilateral(services, people.headA.actor, event, first))).toMatchObject({ code: "transition" });
  });
});
