// GET/PATCH /api/events/:slug/sessions/:id through the real server (production build): every
// documented status code and JSON shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createEvent, createRegistration, createRoom, createSession, createSignup, createUser } from "../demo/factories.server.ts";

let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof createFixture>>;

const at = (hhmm: string) => new Date(`2030-05-06T${hhmm}:00.000Z`);

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db, { timeZone: "UTC", startsOn: "2030-05-06", endsOn: "2030-05-08", changeoverBufferMinutes: 10 });
  const big = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 100 });
  const small = await createRoom(db, { eventId: event.id, name: "Room 2", capacity: 2 });
  const plenarySession = await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: big.id, startsAt: at("09:00"), endsAt: at("10:00"), texts: { en: { title: "Opening" } } });
  const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 3, roomId: big.id, startsAt: at("11:00"), endsAt: at("12:00"), texts: { en: { title: "Tracing crypto" } } });
  for (let i = 0; i < 3; i++) await createSignup(db, { sessionId: workshop.id });
  const hidden = await createSession(db, { eventId: event.id, kind: "PLENARY", published: false, startsAt: at("15:00"), endsAt: at("16:00") });
  const person = async (role: "DELEGATE" | "ORGANISER") => {
    const user = await createUser(db, role === "ORGANISER" ? { totpKey: new Uint8Array(20).fill(3) } : {});
    await createRegistration(db, { eventId: event.id, userId: user.id, role });
    return `plenary_session=${(await createAuthSession(db, user.id, { twoFactorVerified: role === "ORGANISER" })).token}`;
  };
  return { event, big, small, plenarySession, workshop, hidden, organiser: await person("ORGANISER"), delegate: await person("DELEGATE") };
}

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
  f = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function call(method: "GET" | "PATCH", sessionId: string, options: { cookie?: string; body?: unknown; raw?: string; origin?: string } = {}) {
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return fetch(`${plenary.url}/api/events/${f.event.slug}/sessions/${sessionId}`, {
    method,
    headers: {
      Origin: options.origin ?? new URL(plenary.url).origin,
      ...(options.cookie && { Cookie: options.cookie }),
      ...(body !== undefined && { "Content-Type": "application/json" }),
    },
    body,
    redirect: "manual",
  });
}

describe("GET /api/events/:slug/sessions/:id", () => {
  it("answers one published session's public JSON, 404 otherwise", async () => {
    const response = await call("GET", f.workshop.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      session: {
        id: f.workshop.id,
        kind: "workshop",
        status: "scheduled",
        title: "Tracing crypto",
        titles: { en: "Tracing crypto" },
        startsAt: at("11:00").toISOString(),
        endsAt: at("12:00").toISOString(),
        delayMinutes: 0,
        room: { id: f.big.id, name: "Atlas Hall" },
        capacity: 3,
        seatsTaken: 3,
      },
    });
    expect((await call("GET", f.hidden.id)).status).toBe(404);
    expect((await call("GET", "00000000-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await call("GET", "not-a-uuid")).status).toBe(404);
  });
});

describe("PATCH /api/events/:slug/sessions/:id", () => {
  it("answers 401, 403, 400, 409 and 200 as documented", async () => {
    const move = { roomId: f.small.id };
    expect((await call("PATCH", f.workshop.id, { body: move })).status).toBe(401);
    expect((await call("PATCH", f.workshop.id, { cookie: f.delegate, body: move })).status).toBe(403);
    // A foreign origin is refused before anything else.
    expect((await call("PATCH", f.workshop.id, { cookie: f.organiser, body: move, origin: "https://evil.example" })).status).toBe(403);

    const invalid = await call("PATCH", f.workshop.id, { cookie: f.organiser, body: { delayMinutes: "soon", status: "postponed", startsAt: "tomorrow" } });
    expect(invalid.status).toBe(400);
    const { errors } = (await invalid.json()) as { errors: Record<string, string[]> };
    expect(Object.keys(errors).sort()).toEqual(["delayMinutes", "startsAt", "status"]);
    expect(errors.delayMinutes[0]).toMatch(/minutes/);
    const backwards = await call("PATCH", f.workshop.id, { cookie: f.organiser, body: { endsAt: at("10:30").toISOString() } });
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toEqual({ errors: { endsAt: ["The end must be after the start."] } });
    const notJson = await call("PATCH", f.workshop.id, { cookie: f.organiser, raw: "{nope" });
    expect(notJson.status).toBe(400);

    // Double booking: hard, refused even with a reason.
    const clash = await call("PATCH", f.workshop.id, { cookie: f.organiser, body: { startsAt: at("09:30").toISOString(), endsAt: at("10:30").toISOString(), overrideReason: "please" } });
    expect(clash.status).toBe(409);
    expect(await clash.json()).toEqual({ conflicts: [expect.objectContaining({ code: "room_booked", hard: true, message: expect.stringContaining("Opening") })] });

    // A dry run explains without writing.
    const dry = await fetch(`${plenary.url}/api/events/${f.event.slug}/sessions/${f.workshop.id}?dryRun=1`, {
      method: "PATCH",
      headers: { Origin: new URL(plenary.url).origin, Cookie: f.organiser, "Content-Type": "application/json" },
      body: JSON.stringify(move),
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({ allowed: false, conflicts: expect.arrayContaining([expect.objectContaining({ code: "signups_exceed_room", hard: false })]) });
    expect((await plenary.services.db.session.findUniqueOrThrow({ where: { id: f.workshop.id } })).roomId).toBe(f.big.id);

    // Three seats taken, two in the small room: soft, refused without a reason…
    const soft = await call("PATCH", f.workshop.id, { cookie: f.organiser, body: move });
    expect(soft.status).toBe(409);
    const { conflicts } = (await soft.json()) as { conflicts: { code: string; hard: boolean; message: string }[] };
    expect(conflicts.map((c) => [c.code, c.hard]).sort()).toEqual([
      ["capacity_exceeds_room", false],
      ["signups_exceed_room", false],
    ]);
    // …and accepted with one.
    const ok = await call("PATCH", f.workshop.id, { cookie: f.organiser, body: { ...move, overrideReason: "Chairs from next door" } });
    expect(ok.status).toBe(200);
    const answer = (await ok.json()) as { session: { room: { id: string }; status: string }; overridden: { code: string }[] };
    expect(answer.session).toMatchObject({ id: f.workshop.id, room: { id: f.small.id, name: "Room 2" }, status: "moved", seatsTaken: 3 });
    expect(answer.overridden.map((c) => c.code).sort()).toEqual(["capacity_exceeds_room", "signups_exceed_room"]);

    // A delay into the next session's slot is never a room conflict.
    const delayed = await call("PATCH", f.plenarySession.id, { cookie: f.organiser, body: { status: "delayed", delayMinutes: 120 } });
    expect(delayed.status).toBe(200);
    expect(await delayed.json()).toMatchObject({ session: { status: "delayed", delayMinutes: 120, startsAt: at("09:00").toISOString() } });

    expect((await call("PATCH", "00000000-0000-7000-8000-000000000000", { cookie: f.organiser, body: { status: "live" } })).status).toBe(404);
    const audit = await plenary.services.db.auditLog.findFirst({ where: { targetId: f.workshop.id, action: "session.rescheduled" } });
    expect(audit?.data).toMatchObject({ overrideReason: "Chairs from next door" });
  });
});
