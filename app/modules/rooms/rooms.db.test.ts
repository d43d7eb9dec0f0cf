// The room register on the real database: who may change it, what the form accepts, unique names,
// and the retire rule (never silently: refused with the sessions, or confirmed with their count).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import { ForbiddenError, NotFoundError, type Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createRoom as createRoomRow, createSession, createSignup, createUser } from "../demo/factories.server.ts";
import { createRoom, getRoom, listRooms, reinstateRoom, retireRoom, RoomConflictError, updateRoom, type RoomServices } from "./rooms.server.ts";
import type { RoomFormInput } from "./schema.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: RoomServices;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  services = { db, bus: new DomainEventBus() };
});
afterAll(async () => {
  await database?.dispose();
});

const user = (userId: string): Actor => ({ kind: "user", userId });
const HOUR = 3_600_000;
const NOW = new Date("2030-05-01T12:00:00Z");

const valid: RoomFormInput = {
  name: "Atlas Room",
  names: { fr: "Salle Atlas", ar: "قاعة الأطلس", es: "" },
  building: "Palais des congrès",
  floor: "2",
  capacity: 120,
  layout: "classroom",
  equipment: ["projector", "microphones"],
  otherEquipment: "whiteboard, flip charts, projector",
  stepFreeAccess: true,
  interpretationLanguages: ["fr", "en", "en"],
  opensAt: "08:00",
  closesAt: "19:00",
};

async function setup() {
  const event = await createEvent(db);
  const delegation = await createDelegation(db, { eventId: event.id });
  const person = async (role: "ORGANISER" | "DELEGATE" | "HEAD_OF_DELEGATION" | "CHECKIN_STAFF", eventId = event.id) => {
    const u = await createUser(db);
    await createRegistration(db, { eventId, userId: u.id, role, delegationId: role === "DELEGATE" || role === "HEAD_OF_DELEGATION" ? delegation.id : null, status: "APPROVED" });
    return user(u.id);
  };
  const organiser = await person("ORGANISER");
  return { event, organiser, person };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
}

describe("room register: who may", () => {
  it("lets only the event's organisers (and the system) list, create, edit, retire and reinstate", async () => {
    const { event, organiser, person } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    const otherEvent = await createEvent(db);
    const outsiders: [string, Actor, 401 | 403][] = [
      ["anonymous", { kind: "anonymous" }, 401],
      ["delegate", await person("DELEGATE"), 403],
      ["head of delegation", await person("HEAD_OF_DELEGATION"), 403],
      ["check-in staff", await person("CHECKIN_STAFF"), 403],
      ["another event's organiser", await person("ORGANISER", otherEvent.id), 403],
    ];
    for (const [who, actor, status] of outsiders) {
      for (const attempt of [
        () => listRooms(db, actor, event),
        () => getRoom(db, actor, event, id),
        () => createRoom(services, actor, event, { ...valid, name: `By ${who}` }),
        () => updateRoom(services, actor, event, id, { ...valid, capacity: 1 }),
        () => retireRoom(services, actor, event, id),
        () => reinstateRoom(services, actor, event, id),
      ]) {
        const error = await failure(attempt());
        expect(error, who).toBeInstanceOf(ForbiddenError);
        expect((error as ForbiddenError).status, who).toBe(status);
      }
    }
    const room = await db.room.findUniqueOrThrow({ where: { id } });
    expect(room.capacity).toBe(120);
    expect(room.retiredAt).toBeNull();
    expect(await db.room.count({ where: { eventId: event.id } })).toBe(1);
    await expect(listRooms(db, { kind: "system", reason: "test" }, event)).resolves.toHaveLength(1);
  });

  it("answers 404 for a room of another event or an id that is not one", async () => {
    const { event, organiser } = await setup();
    const elsewhere = await createRoomRow(db, { eventId: (await createEvent(db)).id });
    await expect(getRoom(db, organiser, event, elsewhere.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateRoom(services, organiser, event, elsewhere.id, valid)).rejects.toBeInstanceOf(NotFoundError);
    await expect(retireRoom(services, organiser, event, elsewhere.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getRoom(db, organiser, event, "not-a-uuid")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("room register: what it stores", () => {
  it("creates a room with every field, cleaned, and audits it", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    const room = await db.room.findUniqueOrThrow({ where: { id } });
    expect(room).toMatchObject({
      name: "Atlas Room",
      names: { fr: "Salle Atlas", ar: "قاعة الأطلس" },
      building: "Palais des congrès",
      floor: "2",
      capacity: 120,
      layout: "classroom",
      equipment: ["projector", "microphones", "whiteboard", "flip charts"],
      stepFreeAccess: true,
      interpretationLanguages: ["en", "fr"],
      opensAt: "08:00",
      closesAt: "19:00",
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: id, action: "room.created" } });
    expect(audit.actorId).toBe((organiser as { userId: string }).userId);
  });

  it("refuses invalid input field by field", async () => {
    const { event, organiser } = await setup();
    const cases: [Partial<RoomFormInput>, string][] = [
      [{ name: "  " }, "name"],
      [{ name: "x".repeat(121) }, "name"],
      [{ capacity: 0 }, "capacity"],
      [{ capacity: 2.5 }, "capacity"],
      [{ opensAt: "8am" }, "opensAt"],
      [{ opensAt: "08:00", closesAt: undefined }, "closesAt"],
      [{ opensAt: "09:00", closesAt: "09:00" }, "closesAt"],
      [{ interpretationLanguages: ["English!"] }, "interpretationLanguages"],
      [{ otherEquipment: Array.from({ length: 31 }, (_, i) => `item ${i}`).join(",") }, "otherEquipment"],
    ];
    for (const [change, field] of cases) {
      const error = await failure(createRoom(services, organiser, event, { ...valid, name: `Room ${field}`, ...change }));
      expect(error, field).toBeInstanceOf(ZodError);
      expect((error as ZodError).issues.map((i) => i.path[0]), field).toContain(field);
    }
    expect(await db.room.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("accepts a room open past midnight and one with no hours", async () => {
    const { event, organiser } = await setup();
    await createRoom(services, organiser, event, { ...valid, name: "Terrace", opensAt: "10:00", closesAt: "01:00" });
    const { id } = await createRoom(services, organiser, event, { ...valid, name: "Lobby", opensAt: undefined, closesAt: undefined });
    expect(await db.room.findUniqueOrThrow({ where: { id } })).toMatchObject({ opensAt: null, closesAt: null });
  });

  it("refuses a name another room of the event has (any case) with a 409, on create and on edit", async () => {
    const { event, organiser } = await setup();
    const first = await createRoom(services, organiser, event, valid);
    const second = await createRoom(services, organiser, event, { ...valid, name: "Menara Hall" });
    for (const attempt of [() => createRoom(services, organiser, event, { ...valid, name: "atlas room" }), () => updateRoom(services, organiser, event, second.id, { ...valid, name: "ATLAS ROOM" })]) {
      const error = await failure(attempt());
      expect(error).toBeInstanceOf(RoomConflictError);
      expect((error as RoomConflictError).code).toBe("duplicate_name");
      expect((error as RoomConflictError).status).toBe(409);
    }
    // Renaming a room to its own name, or using the name in another event, is fine.
    await updateRoom(services, organiser, event, first.id, { ...valid, capacity: 130 });
    const other = await createEvent(db);
    await createRoom(services, { kind: "system", reason: "test" }, other, valid);
  });

  it("edits a room, audits what changed, and tells the public channel about sessions in a renamed room", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    const session = await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: id, startsAt: new Date(NOW.getTime() + HOUR), endsAt: new Date(NOW.getTime() + 2 * HOUR) });
    const bilateral = await createSession(db, { eventId: event.id, kind: "BILATERAL", roomId: id, published: false, startsAt: new Date(NOW.getTime() + 3 * HOUR), endsAt: new Date(NOW.getTime() + 4 * HOUR) });
    const bus = new DomainEventBus();
    const published: { id: string; room: unknown }[] = [];
    bus.subscribe("session.updated", ({ session: s }) => void published.push({ id: s.id, room: s.room }));
    await updateRoom({ db, bus }, organiser, event, id, { ...valid, name: "Atlas Hall", capacity: 150 });
    await expect.poll(() => published.length).toBe(1);
    expect(published[0]).toEqual({ id: session.id, room: { id, name: "Atlas Hall" } });
    expect(published.map((p) => p.id)).not.toContain(bilateral.id);
    const audit = await db.auditLog.findFirstOrThrow({ where: { targetId: id, action: "room.updated" } });
    expect(audit.data).toMatchObject({ changed: { name: "Atlas Hall", capacity: 150 }, before: { name: "Atlas Room", capacity: 120 } });
  });
});

describe("editing a room that holds sessions", () => {
  it("saves, and warns about what the change leaves in its sessions still to come", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    // 2030-05-02 09:00Z is 09:00 in Casablanca (UTC+0 for good since 2026-09-20, tzdb 2026c).
    const workshop = await createSession(db, {
      eventId: event.id,
      kind: "WORKSHOP",
      roomId: id,
      capacity: 40,
      interpretationLanguages: ["fr", "en"],
      startsAt: new Date("2030-05-02T09:00:00Z"),
      endsAt: new Date("2030-05-02T10:00:00Z"),
      texts: { en: { title: "Tracing crypto" } },
    });
    for (let i = 0; i < 3; i++) await createSignup(db, { sessionId: workshop.id });
    const fine = await updateRoom(services, organiser, event, id, { ...valid, capacity: 40 }, NOW);
    expect(fine.warnings).toEqual([]);
    const { warnings } = await updateRoom(services, organiser, event, id, { ...valid, capacity: 2, opensAt: "12:00", closesAt: "18:00", interpretationLanguages: ["en"] }, NOW);
    expect(warnings.map((w) => [w.code, w.sessionId, w.detail])).toEqual([
      ["capacity", workshop.id, "40"],
      ["signups", workshop.id, "3"],
      ["hours", workshop.id, ""],
      ["booths", workshop.id, "fr"],
    ]);
    expect((await db.room.findUniqueOrThrow({ where: { id } })).capacity).toBe(2);
  });
});

describe("retiring a room", () => {
  it("retires an empty room at once, and brings it back", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    // Past, cancelled and ended sessions do not hold the room.
    await createSession(db, { eventId: event.id, roomId: id, startsAt: new Date(NOW.getTime() - 3 * HOUR), endsAt: new Date(NOW.getTime() - 2 * HOUR) });
    await createSession(db, { eventId: event.id, roomId: id, status: "CANCELLED", startsAt: new Date(NOW.getTime() + HOUR), endsAt: new Date(NOW.getTime() + 2 * HOUR) });
    await createSession(db, { eventId: event.id, roomId: id, status: "ENDED", startsAt: new Date(NOW.getTime() - HOUR), endsAt: new Date(NOW.getTime() + HOUR) });
    await expect(retireRoom(services, organiser, event, id, {}, NOW)).resolves.toEqual({ retired: true, unassignedSessions: [], releasedBilaterals: [] });
    expect((await db.room.findUniqueOrThrow({ where: { id } })).retiredAt).toEqual(NOW);
    expect(await db.session.count({ where: { roomId: id } })).toBe(3); // history keeps its room
    expect((await listRooms(db, organiser, event, NOW)).map((r) => r.retiredAt)).toEqual([NOW]);
    await reinstateRoom(services, organiser, event, id);
    expect((await db.room.findUniqueOrThrow({ where: { id } })).retiredAt).toBeNull();
    expect(await db.auditLog.count({ where: { targetId: id, action: { in: ["room.retired", "room.reinstated"] } } })).toBe(2);
  });

  it("refuses to retire a room holding sessions, listing them, until the organiser confirms their number", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, valid);
    const running = await createSession(db, {
      eventId: event.id,
      kind: "WORKSHOP",
      roomId: id,
      status: "LIVE",
      capacity: 20,
      startsAt: new Date(NOW.getTime() - HOUR),
      endsAt: new Date(NOW.getTime() + HOUR),
      texts: { en: { title: "Tracing crypto" } },
    });
    const later = await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: id, startsAt: new Date(NOW.getTime() + 24 * HOUR), endsAt: new Date(NOW.getTime() + 25 * HOUR) });

    const refused = await failure(retireRoom(services, organiser, event, id, {}, NOW));
    expect(refused).toBeInstanceOf(RoomConflictError);
    expect((refused as RoomConflictError).code).toBe("in_use");
    expect((refused as RoomConflictError).sessions.map((s) => [s.id, s.title])).toEqual([
      [running.id, "Tracing crypto"],
      [later.id, later.texts[0].title],
    ]);
    // A count that does not match what is in the room now (someone booked it meanwhile) is refused again.
    await expect(retireRoom(services, organiser, event, id, { confirmSessions: 1 }, NOW)).rejects.toBeInstanceOf(RoomConflictError);
    expect((await db.room.findUniqueOrThrow({ where: { id } })).retiredAt).toBeNull();
    expect(await db.session.count({ where: { roomId: id } })).toBe(2);

    const bus = new DomainEventBus();
    const published: string[] = [];
    bus.subscribe("session.updated", ({ session }) => void published.push(`${session.id}:${session.room === null ? "none" : "room"}`));
    const result = await retireRoom({ db, bus }, organiser, event, id, { confirmSessions: "2" as unknown as number }, NOW);
    expect(result.unassignedSessions.sort()).toEqual([running.id, later.id].sort());
    const after = await db.session.findMany({ where: { id: { in: [running.id, later.id] } } });
    expect(after.map((s) => [s.roomId, s.sequence])).toEqual([
      [null, 1],
      [null, 1],
    ]);
    expect((await db.room.findUniqueOrThrow({ where: { id } })).retiredAt).toEqual(NOW);
    await expect.poll(() => published.sort()).toEqual([`${running.id}:none`, `${later.id}:none`].sort());
    expect(await db.auditLog.count({ where: { action: "session.room_unassigned", targetId: { in: [running.id, later.id] } } })).toBe(2);
  });

  it("releases a booked bilateral meeting: its session goes, the meeting waits for a room again", async () => {
    const { event, organiser } = await setup();
    const { id } = await createRoom(services, organiser, event, { ...valid, name: "Bilateral Room 1", capacity: 12 });
    const [a, b] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
    const session = await createSession(db, { eventId: event.id, kind: "BILATERAL", published: false, roomId: id, startsAt: new Date(NOW.getTime() + HOUR), endsAt: new Date(NOW.getTime() + 2 * HOUR) });
    const meeting = await db.bilateralMeeting.create({
      data: { eventId: event.id, requesterDelegationId: a.id, inviteeDelegationId: b.id, topic: "Extradition treaty", size: 6, status: "ACCEPTED", sessionId: session.id },
    });
    const refused = await failure(retireRoom(services, organiser, event, id, {}, NOW));
    expect((refused as RoomConflictError).sessions).toEqual([expect.objectContaining({ id: session.id, kind: "bilateral", bilateralId: meeting.id })]);
    const result = await retireRoom(services, organiser, event, id, { confirmSessions: 1 }, NOW);
    expect(result).toEqual({ retired: true, unassignedSessions: [], releasedBilaterals: [meeting.id] });
    expect(await db.session.findUnique({ where: { id: session.id } })).toBeNull();
    expect(await db.bilateralMeeting.findUniqueOrThrow({ where: { id: meeting.id } })).toMatchObject({ status: "ACCEPTED", sessionId: null });
  });
});
