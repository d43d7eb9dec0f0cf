// The grid's data: rooms as columns, the day's blocks on an axis in the event's zone, free stretches,
// organisers only; and the move form (check, then move) through the same domain function.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import type { Actor } from "../auth/actor.ts";
import { createEvent, createRegistration, createRoom, createSession, createSignup, createUser } from "../demo/factories.server.ts";
import { getScheduleGrid, submitMoveForm } from "./grid.server.ts";
import type { SchedulingServices } from "./reschedule.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: SchedulingServices;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  services = { db, bus: new DomainEventBus() };
});
afterAll(async () => {
  await database?.dispose();
});

function form(values: Record<string, string>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

describe("the day × room grid", () => {
  it("lays out the day's sessions by room in the event's zone, with the free stretches", async () => {
    // Lagos: UTC+1 all year, so 09:00Z is 10:00 local. (Not Casablanca: it is UTC+0 for good
    // since 2026-09-20, tzdb 2026c, where a bug reading times as UTC would go unnoticed.)
    const event = await createEvent(db, { timeZone: "Africa/Lagos", startsOn: "2030-05-06", endsOn: "2030-05-07" });
    const organiser = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
    const delegate = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: delegate.id });
    const hall = await createRoom(db, { eventId: event.id, name: "B Hall", capacity: 100, opensAt: "08:00", closesAt: "18:00" });
    const small = await createRoom(db, { eventId: event.id, name: "A Small", capacity: 4, opensAt: "09:00", closesAt: "17:00" });
    const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 6, roomId: hall.id, startsAt: new Date("2030-05-06T09:00:00Z"), endsAt: new Date("2030-05-06T10:30:00Z"), texts: { en: { title: "Tracing crypto" }, fr: { title: "Tracer les cryptos" } } });
    for (let i = 0; i < 5; i++) await createSignup(db, { sessionId: workshop.id });
    await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: small.id, startsAt: new Date("2030-05-06T13:00:00Z"), endsAt: new Date("2030-05-06T14:00:00Z") });
    await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: hall.id, startsAt: new Date("2030-05-07T09:00:00Z"), endsAt: new Date("2030-05-07T10:00:00Z") });
    const ref = { id: event.id, languages: event.languages, timeZone: event.timeZone };
    const organiserActor: Actor = { kind: "user", userId: organiser.id };

    await expect(getScheduleGrid(services, { kind: "user", userId: delegate.id }, ref, "2030-05-06", "en")).rejects.toMatchObject({ status: 403 });
    const grid = await getScheduleGrid(services, organiserActor, ref, "2030-05-06", "fr");
    expect(grid).toMatchObject({ day: "2030-05-06", days: ["2030-05-06", "2030-05-07"], axisStart: "08:00", axisEnd: "18:00" });
    expect(grid.rooms.map((r) => r.name)).toEqual(["A Small", "B Hall"]);
    expect(grid.blocks).toHaveLength(2);
    expect(grid.blocks.find((b) => b.id === workshop.id)).toMatchObject({ title: "Tracer les cryptos", startTime: "10:00", endTime: "11:30", offset: 120, length: 90, seatsTaken: 5, capacity: 6 });
    expect(grid.free[small.id]).toEqual([
      { from: "09:00", to: "14:00" },
      { from: "15:00", to: "17:00" },
    ]);
    expect(grid.free[hall.id]).toEqual([
      { from: "08:00", to: "10:00" },
      { from: "11:30", to: "18:00" },
    ]);
    // An unknown day shows the first day.
    expect((await getScheduleGrid(services, organiserActor, ref, "2031-01-01", "en")).day).toBe("2030-05-06");

    // The move form: check explains the warnings, a move without a reason is refused, with one it passes.
    const move = { sessionId: workshop.id, roomId: small.id, day: "2030-05-06", startTime: "15:30", endTime: "17:00" };
    const checked = await submitMoveForm(services, organiserActor, ref, form({ intent: "check", ...move }));
    expect(checked.answer).toMatchObject({ outcome: "checked", allowed: false });
    expect(checked.answer.outcome === "checked" && checked.answer.conflicts.map((c) => c.code).sort()).toEqual(["capacity_exceeds_room", "signups_exceed_room"]);
    expect((await submitMoveForm(services, organiserActor, ref, form({ intent: "move", ...move }))).status).toBe(409);
    const moved = await submitMoveForm(services, organiserActor, ref, form({ intent: "move", ...move, overrideReason: "Chairs" }));
    expect(moved).toMatchObject({ status: 200, answer: { outcome: "moved" } });
    expect((await db.session.findUniqueOrThrow({ where: { id: workshop.id } })).startsAt.toISOString()).toBe("2030-05-06T14:30:00.000Z");
    const onTheBriefing = await submitMoveForm(services, organiserActor, ref, form({ intent: "check", ...move, startTime: "13:30", endTime: "14:30", overrideReason: "x" }));
    expect(onTheBriefing.answer).toMatchObject({ outcome: "checked", allowed: false, conflicts: expect.arrayContaining([expect.objectContaining({ code: "room_booked", hard: true })]) });
    const invalid = await submitMoveForm(services, organiserActor, ref, form({ intent: "check", ...move, endTime: "14:00" }));
    expect(invalid).toMatchObject({ status: 400, answer: { outcome: "invalid" } });
  });
});
