// The agenda's public interfaces through the real server (production build): the sessions JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { createEvent, createRoom, createSession, createSignup } from "../demo/factories.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";

let server: TestServer;
let plenary: Plenary;

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("GET /api/events/:slug/sessions", () => {
  it("lists every published session, cancelled included, unpublished and bilaterals excluded, in the documented shape", async () => {
    const db = plenary.services.db;
    const event = await createEvent(db);
    const room = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 50 });
    const startsAt = new Date("2030-05-06T09:00:00Z");
    const plenarySession = await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: room.id, startsAt, texts: { en: { title: "Opening" }, fr: { title: "Ouverture" } } });
    const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 12, startsAt: new Date("2030-05-06T11:00:00Z"), delayMinutes: 15, status: "DELAYED" });
    const cancelled = await createSession(db, { eventId: event.id, kind: "SIDE_EVENT", status: "CANCELLED", startsAt: new Date("2030-05-06T13:00:00Z") });
    const hidden = await createSession(db, { eventId: event.id, kind: "PLENARY", published: false, startsAt });
    const bilateral = await createSession(db, { eventId: event.id, kind: "BILATERAL", startsAt });
    await createSignup(db, { sessionId: workshop.id });
    await createSignup(db, { sessionId: workshop.id, status: "WAITLISTED" });

    const response = await fetch(`${plenary.url}/api/events/${event.slug}/sessions`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as { sessions: Record<string, unknown>[] };
    const ids = body.sessions.map((s) => s.id);
    expect(ids).toEqual([plenarySession.id, workshop.id, cancelled.id]);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(bilateral.id);

    const [first, second, third] = body.sessions;
    expect(first).toMatchObject({
      id: plenarySession.id,
      kind: "plenary",
      status: "scheduled",
      title: "Opening",
      startsAt: startsAt.toISOString(),
      endsAt: plenarySession.endsAt.toISOString(),
      delayMinutes: 0,
      room: { id: room.id, name: "Atlas Hall" },
      capacity: null,
      seatsTaken: null,
    });
    for (const key of ["id", "kind", "status", "title", "startsAt", "endsAt", "delayMinutes", "room", "capacity", "seatsTaken"]) {
      expect(Object.keys(first)).toContain(key);
    }
    for (const session of body.sessions) {
      expect(session.startsAt).toMatch(ISO_UTC);
      expect(session.endsAt).toMatch(ISO_UTC);
    }
    // A sign-up session counts confirmed seats only.
    expect(second).toMatchObject({ kind: "workshop", status: "delayed", delayMinutes: 15, capacity: 12, seatsTaken: 1, room: null });
    expect(third).toMatchObject({ kind: "side_event", status: "cancelled", capacity: null, seatsTaken: null });
  });

  it("answers 404 with a message for an unknown event", async () => {
    const response = await fetch(`${plenary.url}/api/events/no-such-event/sessions`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "No such event." });
  });
});
