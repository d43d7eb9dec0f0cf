// The room register's and the bilateral pages' form posts through the real server (production
// build): who may post, and the status codes of refusals (400 invalid, 403, 404, 409).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createDelegation, createEvent, createRegistration, createRoom, createSession, createUser } from "../demo/factories.server.ts";

let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof createFixture>>;

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db, { startsOn: "2030-06-03" });
  const [a, b, c] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const person = async (role: "HEAD_OF_DELEGATION" | "ORGANISER", delegationId: string | null) => {
    const organiser = role === "ORGANISER";
    const user = await createUser(db, organiser ? { totpKey: new Uint8Array(20).fill(7) } : {});
    await createRegistration(db, { eventId: event.id, userId: user.id, role, delegationId, status: "APPROVED" });
    return `plenary_session=${(await createAuthSession(db, user.id, { twoFactorVerified: organiser })).token}`;
  };
  const room = await createRoom(db, { eventId: event.id, name: "Atlas Room", capacity: 30 });
  await createSession(db, { eventId: event.id, roomId: room.id, startsAt: new Date("2030-06-03T09:00:00Z"), endsAt: new Date("2030-06-03T10:00:00Z") });
  const meeting = await db.bilateralMeeting.create({ data: { eventId: event.id, requesterDelegationId: a.id, inviteeDelegationId: b.id, topic: "Secret", size: 4 } });
  return { event, room, meeting, b, headA: await person("HEAD_OF_DELEGATION", a.id), headB: await person("HEAD_OF_DELEGATION", b.id), headC: await person("HEAD_OF_DELEGATION", c.id), organiser: await person("ORGANISER", null) };
}

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
  f = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function post(path: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(key, v);
  return fetch(`${plenary.url}/events/${f.event.slug}${path}`, {
    method: "POST",
    headers: { Origin: new URL(plenary.url).origin, "Content-Type": "application/x-www-form-urlencoded", ...(cookie && { Cookie: cookie }) },
    body,
    redirect: "manual",
  });
}

const room = { intent: "save", name: "Menara Hall", capacity: "80", equipment: ["projector", "microphones"], stepFreeAccess: "on", opensAt: "08:00", closesAt: "21:00" };

describe("room register form posts", () => {
  it("only organisers post; invalid is 400, a taken name 409, success goes back to the list", async () => {
    const anonymous = await post("/admin/rooms/new", room);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
    expect((await post("/admin/rooms/new", room, f.headA)).status).toBe(403);
    expect((await post("/admin/rooms/new", { ...room, capacity: "-3" }, f.organiser)).status).toBe(400);
    expect((await post("/admin/rooms/new", { ...room, name: "ATLAS ROOM" }, f.organiser)).status).toBe(409);
    const created = await post("/admin/rooms/new", room, f.organiser);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(`/events/${f.event.slug}/admin/rooms?done=created`);
    const stored = await plenary.services.db.room.findFirstOrThrow({ where: { eventId: f.event.id, name: "Menara Hall" } });
    expect(stored).toMatchObject({ capacity: 80, equipment: ["projector", "microphones"], stepFreeAccess: true, opensAt: "08:00", closesAt: "21:00" });
    expect((await post(`/admin/rooms/${stored.id}`, { ...room, capacity: "81" }, f.headA)).status).toBe(403);
    expect((await post(`/admin/rooms/00000000-0000-7000-8000-000000000000`, room, f.organiser)).status).toBe(404);
  });

  it("retiring a room with a session answers 409 until confirmed", async () => {
    expect((await post(`/admin/rooms/${f.room.id}`, { intent: "retire" }, f.headA)).status).toBe(403);
    expect((await post(`/admin/rooms/${f.room.id}`, { intent: "retire" }, f.organiser)).status).toBe(409);
    expect((await post(`/admin/rooms/${f.room.id}`, { intent: "retire", confirmSessions: "2" }, f.organiser)).status).toBe(409);
    const retired = await post(`/admin/rooms/${f.room.id}`, { intent: "retire", confirmSessions: "1" }, f.organiser);
    expect(retired.status).toBe(302);
    expect((await plenary.services.db.room.findUniqueOrThrow({ where: { id: f.room.id } })).retiredAt).not.toBeNull();
  });
});

describe("bilateral form posts", () => {
  it("a third delegation's head gets 404 for a meeting it is not part of; only organisers book", async () => {
    for (const intent of ["respond", "cancel"]) {
      const response = await post("/bilaterals", { intent, bilateralId: f.meeting.id, response: "accept" }, f.headC);
      expect(response.status, intent).toBe(404);
      expect(await response.text()).not.toContain("Secret");
    }
    expect((await post("/admin/bilaterals", { intent: "book", bilateralId: f.meeting.id, roomId: f.room.id, slot: "0" }, f.headA)).status).toBe(403);
    expect((await post("/bilaterals", { intent: "request", inviteeDelegationId: f.b.id, topic: "x", size: "4", date1: "2030-06-03", start1: "10:00", end1: "11:00" }, f.headA)).status).toBe(400);
    expect((await post("/bilaterals", { intent: "request", inviteeDelegationId: f.b.id, topic: "Secret", size: "4", date1: "2030-06-03", start1: "10:00", end1: "11:00" }, f.headA)).status).toBe(409);
    expect((await post("/bilaterals", { intent: "respond", bilateralId: f.meeting.id, response: "accept" }, f.headB)).status).toBe(200);
    expect((await plenary.services.db.bilateralMeeting.findUniqueOrThrow({ where: { id: f.meeting.id } })).status).toBe("ACCEPTED");
  });
});
