// The agenda's interfaces through the real server (production build): the sessions JSON, the agenda
// page's filters, stars, my agenda's forms and the calendar feeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import ICAL from "ical.js";
import { createAuthSession } from "../auth/session.server.ts";
import { createEvent, createRegistration, createRoom, createSession, createSignup, createUser } from "../demo/factories.server.ts";
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

describe("pages and feeds over HTTP", () => {
  async function fixture() {
    const db = plenary.services.db;
    const event = await createEvent(db, { startsOn: "2030-05-06" });
    const room = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 50 });
    const other = await createRoom(db, { eventId: event.id, name: "Ourika Room", capacity: 50 });
    const plenarySession = await createSession(db, {
      eventId: event.id,
      kind: "PLENARY",
      roomId: room.id,
      startsAt: new Date("2030-05-06T09:00:00Z"),
      texts: { en: { title: "Opening of the assembly" }, fr: { title: "Ouverture de l'assemblée" } },
      speakers: [{ name: "Amélie Dupré" }],
    });
    const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 5, roomId: other.id, startsAt: new Date("2030-05-06T13:00:00Z"), texts: { en: { title: "Tracing crypto" } } });
    const user = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: user.id, status: "APPROVED" });
    const cookie = `plenary_session=${(await createAuthSession(db, user.id)).token}`;
    return { event, room, other, plenarySession, workshop, user, cookie };
  }

  const post = (path: string, cookie: string, fields: Record<string, string>) =>
    fetch(`${plenary.url}${path}`, {
      method: "POST",
      headers: { Origin: new URL(plenary.url).origin, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });

  it("the agenda page filters on the server (plain GET form) and searches speakers without accents", async () => {
    const f = await fixture();
    const page = (query: string) => fetch(`${plenary.url}/events/${f.event.slug}/agenda?day=2030-05-06&${query}`).then((r) => r.text());
    const all = await page("");
    expect(all).toContain("Opening of the assembly");
    expect(all).toContain("Tracing crypto");
    const bySpeaker = await page("q=amelie+dupre");
    expect(bySpeaker).toContain("Opening of the assembly");
    expect(bySpeaker).not.toContain("Tracing crypto");
    const byFrenchTitle = await page("q=assemblee");
    expect(byFrenchTitle).toContain("Opening of the assembly");
    const byKind = await page("kind=workshop");
    expect(byKind).not.toContain("Opening of the assembly");
    const byRoom = await page(`room=${f.other.id}`);
    expect(byRoom).toContain("Tracing crypto");
    expect(byRoom).not.toContain("Opening of the assembly");
    // A viewer's zone is applied on the server and remembered; junk is ignored, not an error.
    const tokyo = await fetch(`${plenary.url}/events/${f.event.slug}/agenda?day=2030-05-06&tz=Asia/Tokyo`);
    expect(tokyo.headers.get("set-cookie")).toContain("plenary_tz=Asia%2FTokyo");
    expect(await tokyo.text()).toContain("18:00"); // 09:00 UTC in Tokyo
    const junk = await fetch(`${plenary.url}/events/${f.event.slug}/agenda?tz=Not/AZone&kind=nonsense&room=1`);
    expect(junk.status).toBe(200);
    expect(await junk.text()).toContain("Unknown time zone “Not/AZone”");
  });

  it("a delegate stars from the agenda, signs up from my agenda, creates, reads and revokes the personal feed", async () => {
    const f = await fixture();
    const db = plenary.services.db;
    expect((await post(`/events/${f.event.slug}/agenda?day=2030-05-06`, f.cookie, { intent: "star", sessionId: f.plenarySession.id })).status).toBe(200);
    expect(await db.sessionStar.count({ where: { userId: f.user.id } })).toBe(1);
    // Anonymous visitors cannot star.
    expect((await post(`/events/${f.event.slug}/agenda`, "", { intent: "star", sessionId: f.plenarySession.id })).status).toBe(401);

    const myAgenda = await fetch(`${plenary.url}/events/${f.event.slug}/my-agenda`, { headers: { Cookie: f.cookie } }).then((r) => r.text());
    expect(myAgenda).toContain("Opening of the assembly");
    expect(myAgenda).not.toContain("Tracing crypto");

    // Two starred sessions at the same time are both marked, in words.
    const clash = await createSession(db, { eventId: f.event.id, kind: "SIDE_EVENT", startsAt: new Date("2030-05-06T09:30:00Z"), texts: { en: { title: "Side meeting at the same time" } } });
    await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "star", sessionId: clash.id });
    const withClash = await fetch(`${plenary.url}/events/${f.event.slug}/my-agenda`, { headers: { Cookie: f.cookie } }).then((r) => r.text());
    expect(withClash).toContain("Overlaps with: Side meeting at the same time");
    expect(withClash).toContain("Overlaps with: Opening of the assembly");
    expect(withClash).toContain("1 overlap to resolve");
    await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "unstar", sessionId: clash.id });

    const signup = await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "signup", sessionId: f.workshop.id });
    expect(signup.status).toBe(200);
    expect(await db.workshopSignup.findFirst({ where: { sessionId: f.workshop.id }, select: { status: true } })).toEqual({ status: "CONFIRMED" });

    expect((await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "feed-create" })).status).toBe(200);
    const html = await fetch(`${plenary.url}/events/${f.event.slug}/my-agenda`, { headers: { Cookie: f.cookie } }).then((r) => r.text());
    const feedUrl = new RegExp(`${plenary.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/events/${f.event.slug}/feeds/[^"]+\\.ics`).exec(html)?.[0];
    expect(feedUrl).toBeTruthy();
    const feed = await fetch(feedUrl!);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const events = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([`${f.plenarySession.id}@plenary`, `${f.workshop.id}@plenary`]);

    expect((await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "feed-revoke" })).status).toBe(200);
    expect((await fetch(feedUrl!)).status).toBe(404);
    expect((await post(`/events/${f.event.slug}/my-agenda`, f.cookie, { intent: "feed-nonsense" })).status).toBe(400);
  });

  it("the public feed is an iCalendar ical.js reads", async () => {
    const f = await fixture();
    const response = await fetch(`${plenary.url}/events/${f.event.slug}/agenda.ics?lang=fr`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.summary, e.location])).toEqual([
      ["Ouverture de l'assemblée", "Atlas Hall"],
      ["Tracing crypto", "Ourika Room"],
    ]);
    expect((await fetch(`${plenary.url}/events/${f.event.slug}/agenda.ics?lang=${"x".repeat(20)}`)).status).toBe(400);
  });
});
