import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import type { SessionPublic } from "../app/modules/agenda/session-public.ts";
import {
  createDelegation,
  createEvent,
  createRegistration,
  createRoom,
  createSession,
  createUser,
} from "../app/modules/demo/factories.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import type { Plenary } from "./app.server.ts";
import { startTestServer, type TestServer } from "../test/server.ts";

// The whole server as `npm start` runs it (production build), on a fresh test database.
let server: TestServer;
let plenary: Plenary;
let fixture: Awaited<ReturnType<typeof createFixture>>;

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db, { timeZone: "Africa/Casablanca", languages: ["en", "fr"] });
  const otherEvent = await createEvent(db, { published: false });
  const delegations = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const room = await createRoom(db, { eventId: event.id, capacity: 80 });
  await createRoom(db, { eventId: event.id, retiredAt: new Date() });
  const startsAt = new Date(`${event.startsOn.toISOString().slice(0, 10)}T09:00:00Z`);
  const workshop = await createSession(db, {
    eventId: event.id,
    roomId: room.id,
    kind: "WORKSHOP",
    capacity: 40,
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    texts: {
      en: { title: "Dismantling scam centres" },
      fr: { title: "Démanteler les centres d’escroquerie" },
    },
  });
  const plenarySession = await createSession(db, {
    eventId: event.id,
    kind: "PLENARY",
    startsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000),
    texts: { en: { title: "Adoption of resolutions" } },
  });
  await createSession(db, { eventId: event.id, published: false, texts: { en: { title: "Unpublished draft" } } });
  const delegate = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: delegate.id, delegationId: delegations[0].id, status: "APPROVED" });
  await createRegistration(db, { eventId: event.id, userId: (await createUser(db)).id, delegationId: delegations[1].id, status: "APPROVED", role: "HEAD_OF_DELEGATION" });
  await createRegistration(db, { eventId: event.id, userId: (await createUser(db)).id, delegationId: delegations[1].id, status: "PENDING" });
  const organiser = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: organiser.id, role: "ORGANISER", status: "APPROVED" });
  return { event, otherEvent, workshop, plenarySession, delegate, organiser, invitationCode: delegations[0].invitationCodes[0].code };
}

beforeAll(async () => {
  server = await startTestServer({}, { sessionRecheckMs: 200 });
  plenary = server.plenary;
  fixture = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function follow(slug: string, extra: Parameters<typeof connect>[1] = {}): Promise<Socket> {
  const socket = connect(plenary.url, { auth: { event: slug }, transports: ["websocket"], reconnection: false, ...extra });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

function nextMessage<T>(socket: Socket, name: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(name, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe("public JSON", () => {
  it("GET /api/events lists published events with their counts and dates in the event's zone", async () => {
    const response = await fetch(`${plenary.url}/api/events`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    const body = await response.json();
    expect(body.events.map((e: { slug: string }) => e.slug)).toEqual([fixture.event.slug]);
    expect(body.events[0]).toEqual({
      slug: fixture.event.slug,
      name: fixture.event.name,
      timeZone: "Africa/Casablanca",
      startsOn: fixture.event.startsOn.toISOString().slice(0, 10),
      endsOn: fixture.event.endsOn.toISOString().slice(0, 10),
      venue: fixture.event.venue,
      // 2 delegations; approved delegate + head (the pending one and the organiser do not count);
      // the retired room and the unpublished session do not count either.
      counts: { delegations: 2, delegates: 2, rooms: 1, sessions: 2 },
    });
    expect(body.events[0].startsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe("health", () => {
  it("answers 200 with the database and live channel status", async () => {
    const response = await fetch(`${plenary.url}/healthz`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      status: "ok",
      database: { ok: true, kind: plenary.database.kind },
      live: { ok: true, adapter: "memory" },
    });
    expect(typeof body.database.latencyMs).toBe("number");
  });
});

describe("pages", () => {
  it("renders the agenda with the event's sessions, times in its zone, and a language from Accept-Language", async () => {
    const day = fixture.event.startsOn.toISOString().slice(0, 10);
    const response = await fetch(`${plenary.url}/events/${fixture.event.slug}/agenda?day=${day}`, {
      headers: { "Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8" },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<html lang="fr" dir="ltr">/);
    expect(html).toContain("Démanteler les centres d’escroquerie");
    expect(html).toContain("Adoption of resolutions"); // no French title: shown with a visible fallback
    expect(html).toContain("Programme —");
    expect(html).not.toContain("Unpublished draft");
    // 09:00 UTC is 09:00 in Marrakech from 20 September 2026 on: Morocco stays on UTC+0 for good
    // (tzdb 2026c; the server runs on the patched ICU data of decision 010, as Chromium does).
    // With Node's stale built-in data (tz 2025c) this page would say 10:00 and GMT+1.
    expect(html).toContain(">09:00<");
    expect(html).toContain("Africa/Casablanca (GMT+0)");
  });

  it("answers 404 for an unknown event or session, never 500", async () => {
    expect((await fetch(`${plenary.url}/events/no-such-event/agenda`)).status).toBe(404);
    expect((await fetch(`${plenary.url}/events/${fixture.event.slug}/sessions/not-a-uuid`)).status).toBe(404);
    expect((await fetch(`${plenary.url}/events/${fixture.otherEvent.slug}/agenda`)).status).toBe(404);
  });

  it("renders a session page", async () => {
    const response = await fetch(`${plenary.url}/events/${fixture.event.slug}/sessions/${fixture.workshop.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Dismantling scam centres");
    expect(html).toContain("0 of 40 seats taken");
  });
});

describe("/register, the address printed on invitations", () => {
  it("opens the code's event with the code filled in, and the only event without one", async () => {
    const withCode = await fetch(`${plenary.url}/register?code=${fixture.invitationCode.toLowerCase()}`, { redirect: "manual" });
    expect(withCode.status).toBe(302);
    expect(withCode.headers.get("location")).toBe(`/events/${fixture.event.slug}/register?code=${fixture.invitationCode}`);
    const withoutCode = await fetch(`${plenary.url}/register`, { redirect: "manual" });
    expect(withoutCode.headers.get("location")).toBe(`/events/${fixture.event.slug}/register`);
  });
});

describe("security headers and CSRF", () => {
  it("sends an enforced CSP whose nonce is on every inline script", async () => {
    const response = await fetch(`${plenary.url}/events/${fixture.event.slug}/agenda`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(response.headers.get("content-security-policy-report-only")).toBeNull();
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await response.text();
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
  });

  it("refuses writes from a foreign origin and accepts them from its own", async () => {
    const body = new URLSearchParams({ language: "fr", redirectTo: "/" });
    const foreign = await fetch(`${plenary.url}/language`, { method: "POST", body, headers: { Origin: "https://evil.example" }, redirect: "manual" });
    expect(foreign.status).toBe(403);
    const crossSite = await fetch(`${plenary.url}/language`, { method: "POST", body, headers: { "Sec-Fetch-Site": "cross-site" }, redirect: "manual" });
    expect(crossSite.status).toBe(403);
    const own = await fetch(`${plenary.url}/language`, { method: "POST", body, headers: { Origin: new URL(plenary.url).origin }, redirect: "manual" });
    expect(own.status).toBe(302);
    expect(own.headers.get("set-cookie")).toMatch(/plenary_lang=fr; Path=\/;.*SameSite=Lax/);
  });

  it("never redirects off-site after a language change, and rejects unknown languages with 400", async () => {
    const origin = new URL(plenary.url).origin;
    const offsite = await fetch(`${plenary.url}/language`, {
      method: "POST",
      body: new URLSearchParams({ language: "en", redirectTo: "//evil.example/" }),
      headers: { Origin: origin },
      redirect: "manual",
    });
    expect(offsite.headers.get("location")).toBe("/");
    const unknown = await fetch(`${plenary.url}/language`, {
      method: "POST",
      body: new URLSearchParams({ language: "xx" }),
      headers: { Origin: origin },
      redirect: "manual",
    });
    expect(unknown.status).toBe(400);
  });
});

describe("live channel", () => {
  it("delivers a session's new status to every follower of the event, after commit", async () => {
    const followers = await Promise.all([follow(fixture.event.slug), follow(fixture.event.slug)]);
    const event = await getPublishedEvent(plenary.services.db, fixture.event.slug);
    const received = followers.map((socket) => nextMessage<SessionPublic>(socket, "session:updated"));
    await changeSessionStatus(plenary.services, { kind: "system", reason: "test" }, event, fixture.workshop.id, { status: "delayed", delayMinutes: 15 });
    for (const payload of await Promise.all(received)) {
      expect(payload).toMatchObject({
        id: fixture.workshop.id,
        kind: "workshop",
        status: "delayed",
        delayMinutes: 15,
        title: "Dismantling scam centres",
        startsAt: fixture.workshop.startsAt.toISOString(),
        endsAt: fixture.workshop.endsAt.toISOString(),
        capacity: 40,
        seatsTaken: 0,
      });
      expect(payload.room?.id).toBe(fixture.workshop.roomId);
    }
    followers.forEach((socket) => socket.close());
  });

  it("refuses sockets that name no event or an unknown one, and browsers from a foreign origin", async () => {
    await expect(follow("")).rejects.toThrow(/Name the event/);
    await expect(follow("no-such-event")).rejects.toThrow(/Unknown event/);
    await expect(follow(fixture.otherEvent.slug)).rejects.toThrow(/Unknown event/);
    await expect(follow(fixture.event.slug, { transports: ["polling"], extraHeaders: { Origin: "https://evil.example" } })).rejects.toThrow();
  });

  it("ignores whatever an anonymous client sends: nothing changes", async () => {
    const socket = await follow(fixture.event.slug);
    const before = await plenary.services.db.session.findUniqueOrThrow({ where: { id: fixture.plenarySession.id } });
    socket.emit("session:updated", { id: fixture.plenarySession.id, status: "cancelled" });
    socket.emit("session:update", { id: fixture.plenarySession.id, status: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await plenary.services.db.session.findUniqueOrThrow({ where: { id: fixture.plenarySession.id } });
    expect(after).toEqual(before);
    socket.close();
  });

  it("disconnects a client that floods the channel", async () => {
    const socket = await follow(fixture.event.slug);
    const disconnected = new Promise((resolve) => socket.once("disconnect", resolve));
    for (let i = 0; i < 60; i++) socket.emit("noise", i);
    await expect(disconnected).resolves.toBeDefined();
  });
});

describe("signed-in sockets", () => {
  it("are dropped once their session ends (here: logout), while anonymous followers stay", async () => {
    const { token } = await createAuthSession(plenary.services.db, fixture.delegate.id);
    const signedIn = await follow(fixture.event.slug, { extraHeaders: { Cookie: `plenary_session=${token}` } });
    const anonymous = await follow(fixture.event.slug);
    const dropped = new Promise((resolve) => signedIn.once("disconnect", resolve));
    const logout = await fetch(`${plenary.url}/logout`, {
      method: "POST",
      headers: { Cookie: `plenary_session=${token}`, Origin: new URL(plenary.url).origin },
      redirect: "manual",
    });
    expect(logout.status).toBe(302);
    expect(await plenary.services.db.authSession.count({ where: { id: token.split(".")[0] } })).toBe(0);
    await expect(dropped).resolves.toBe("io server disconnect");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(anonymous.connected).toBe(true);
    anonymous.close();
  });
});

describe("personal live news", () => {
  it("reaches only the person it is about", async () => {
    const mine = await createAuthSession(plenary.services.db, fixture.delegate.id);
    const theirs = await createAuthSession(plenary.services.db, fixture.organiser.id);
    const delegateSocket = await follow(fixture.event.slug, { extraHeaders: { Cookie: `plenary_session=${mine.token}` } });
    const otherSocket = await follow(fixture.event.slug, { extraHeaders: { Cookie: `plenary_session=${theirs.token}` } });
    const anonymousSocket = await follow(fixture.event.slug);
    const leaked: unknown[] = [];
    otherSocket.on("waitlist:promoted", (payload) => leaked.push(payload));
    anonymousSocket.on("waitlist:promoted", (payload) => leaked.push(payload));
    const received = nextMessage<{ sessionId: string; status: string }>(delegateSocket, "waitlist:promoted");
    plenary.services.bus.publish("workshop.promoted", { eventId: fixture.event.id, sessionId: fixture.workshop.id, userId: fixture.delegate.id, status: "confirmed" });
    expect(await received).toEqual({ sessionId: fixture.workshop.id, status: "confirmed" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(leaked).toEqual([]);
    for (const socket of [delegateSocket, otherSocket, anonymousSocket]) socket.close();
  });
});

describe("domain authorization", () => {
  it("lets only organisers and the system change a session's status", async () => {
    const event = await getPublishedEvent(plenary.services.db, fixture.event.slug);
    const change = { status: "live" } as const;
    await expect(changeSessionStatus(plenary.services, { kind: "anonymous" }, event, fixture.plenarySession.id, change)).rejects.toMatchObject({ status: 401 });
    await expect(changeSessionStatus(plenary.services, { kind: "user", userId: fixture.delegate.id }, event, fixture.plenarySession.id, change)).rejects.toMatchObject({ status: 403 });
    const updated = await changeSessionStatus(plenary.services, { kind: "user", userId: fixture.organiser.id }, event, fixture.plenarySession.id, change);
    expect(updated.status).toBe("live");
    const audit = await plenary.services.db.auditLog.findFirst({ where: { targetId: fixture.plenarySession.id, actorId: fixture.organiser.id } });
    expect(audit?.action).toBe("session.status_changed");
  });
});
