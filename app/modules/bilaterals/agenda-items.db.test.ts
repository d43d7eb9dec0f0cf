// A booked bilateral meeting in "my agenda": both delegations see it, with its room; a third
// delegation does not; a meeting not yet booked is not in anyone's timeline.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import { listPersonalItems } from "../agenda/personal.server.ts";
import type { Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createRoom, createUser } from "../demo/factories.server.ts";
import { getPublishedEvent } from "../events/events.server.ts";
import { allocateBilateral, requestBilateral, respondToBilateral, type BilateralServices } from "./bilaterals.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: BilateralServices;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  services = { db, bus: new DomainEventBus() };
});
afterAll(async () => {
  await database?.dispose();
});

it("puts a booked meeting into both delegations' personal agendas and nobody else's", async () => {
  // Lagos is UTC+1 all year: the 10:00 local slot is 09:00Z. (Not Casablanca: it is UTC+0 for good
  // since 2026-09-20, tzdb 2026c, where a bug reading times as UTC would go unnoticed.)
  const created = await createEvent(db, { startsOn: "2030-06-03", timeZone: "Africa/Lagos", languages: ["en", "fr"] });
  const event = await getPublishedEvent(db, created.slug);
  const person = async (role: "HEAD_OF_DELEGATION" | "DELEGATE" | "ORGANISER", delegationId: string | null): Promise<Actor & { kind: "user" }> => {
    const u = await createUser(db, role === "ORGANISER" ? { totpKey: new Uint8Array(20).fill(7) } : {});
    await createRegistration(db, { eventId: event.id, userId: u.id, role, delegationId, status: "APPROVED" });
    return { kind: "user", userId: u.id };
  };
  const [a, b, c] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const [headA, delegateB, headB, headC, organiser] = [
    await person("HEAD_OF_DELEGATION", a.id),
    await person("DELEGATE", b.id),
    await person("HEAD_OF_DELEGATION", b.id),
    await person("HEAD_OF_DELEGATION", c.id),
    await person("ORGANISER", null),
  ];
  const room = await createRoom(db, { eventId: event.id, name: "Bilateral Room 2", capacity: 10, opensAt: "08:00", closesAt: "20:00" });
  const { id } = await requestBilateral(services, headA, event, { inviteeDelegationId: b.id, topic: "Extradition requests", size: 6, slots: [{ date: "2030-06-03", start: "10:00", end: "10:45" }] });
  await respondToBilateral(services, headB, event, id, { response: "accept" });

  const bilateralItems = async (actor: Actor) => (await listPersonalItems(services, actor, event)).filter((item) => item.key === `bilateral:${id}`);
  expect(await bilateralItems(headA)).toEqual([]); // accepted, no room yet: not in the timeline

  await allocateBilateral(services, organiser, event, id, { roomId: room.id, slot: 0 });
  for (const actor of [headA, headB, delegateB]) {
    const [item] = await bilateralItems(actor);
    expect(item).toMatchObject({ kind: "bilateral", title: "Extradition requests", startsAt: "2030-06-03T09:00:00.000Z", room: { id: room.id, name: "Bilateral Room 2" } });
  }
  expect(await bilateralItems(headC)).toEqual([]);
  expect(await bilateralItems(organiser)).toEqual([]);
});
