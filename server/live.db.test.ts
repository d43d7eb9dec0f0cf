import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import {
  createDelegation,
  createEvent,
  createRegistration,
  createRoom,
  createSession,
  createSignup,
  createUser,
} from "../app/modules/demo/factories.server.ts";
import { getOwnBadge } from "../app/modules/checkin/checkin.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import type { AnnouncementPublic, CheckInPublic } from "../app/modules/live/live-events.ts";
import { publishSessionUpdate } from "../app/modules/workshops/signup.server.ts";
import { startTestServer, type TestServer } from "../test/server.ts";
import type { Plenary } from "./app.server.ts";

// The live channel's rooms and client events, on the production server: who may hear what.
let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof createFixture>>;
const opened: Socket[] = [];

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db);
  const [ours, theirs] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const plenarySession = await createSession(db, { eventId: event.id, kind: "PLENARY" });
  const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 10 });
  const bilateral = await createSession(db, { eventId: event.id, kind: "BILATERAL" });
  const otherEvent = await createEvent(db);
  const foreignSession = await createSession(db, { eventId: otherEvent.id, kind: "PLENARY" });
  const person = async (role: "DELEGATE" | "ORGANISER", delegationId: string | null) => {
    // Organisers must have two-factor sign-in: this one has it set up.
    const user = await createUser(db, role === "ORGANISER" ? { totpKey: new Uint8Array(20).fill(7) } : {});
    const registration = await createRegistration(db, { eventId: event.id, userId: user.id, delegationId, role, status: "APPROVED" });
    return { user, registration };
  };
  return {
    event,
    ours,
    theirs,
    plenarySession,
    workshop,
    bilateral,
    foreignSession,
    delegate: await person("DELEGATE", ours.id),
    other: await person("DELEGATE", theirs.id),
    organiser: await person("ORGANISER", null),
  };
}

beforeAll(async () => {
  server = await startTestServer({}, { sessionRecheckMs: 200 });
  plenary = server.plenary;
  f = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  for (const socket of opened) socket.close();
  await server?.stop();
});

async function cookieFor(userId: string) {
  const { token } = await createAuthSession(plenary.services.db, userId, { twoFactorVerified: userId === f.organiser.user.id });
  return { token, header: `plenary_session=${token}` };
}

function follow(options: { cookie?: string; origin?: string; reconnection?: boolean } = {}): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin) headers.Origin = options.origin;
  const socket = connect(plenary.url, { auth: { event: f.event.slug }, transports: ["websocket"], reconnection: options.reconnection ?? false, extraHeaders: headers });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

function collect<T>(socket: Socket, name: string): T[] {
  const seen: T[] = [];
  socket.on(name, (payload: T) => seen.push(payload));
  return seen;
}

function next<T>(socket: Socket, name: string, timeoutMs = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(name, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const ask = (socket: Socket, name: string, payload: unknown) => socket.timeout(5_000).emitWithAck(name, payload);

function announcement(overrides: Partial<AnnouncementPublic>): AnnouncementPublic {
  return { id: crypto.randomUUID(), audience: "event", room: null, delegation: null, messages: { en: "Hello" }, publishedAt: new Date().toISOString(), expiresAt: null, ...overrides };
}

describe("server-owned rooms", () => {
  it("an anonymous socket hears the public channel only: no delegation, organiser or session room", async () => {
    const anonymous = await follow();
    const member = await follow({ cookie: (await cookieFor(f.delegate.user.id)).header });
    const outsider = await follow({ cookie: (await cookieFor(f.other.user.id)).header });
    const organiser = await follow({ cookie: (await cookieFor(f.organiser.user.id)).header });
    const anonymousHeard = [...collect(anonymous, "announcement"), ...collect(anonymous, "checkin")];
    const outsiderHeard = [...collect(outsider, "announcement"), ...collect(outsider, "checkin")];
    const memberCheckins = collect(member, "checkin");

    // Following a session needs a signed-in socket.
    expect(await ask(anonymous, "session:follow", { sessionId: f.workshop.id })).toEqual({ ok: false, error: "sign_in" });

    const forOurs = announcement({ audience: "delegation", delegation: { id: f.ours.id, name: f.ours.name } });
    const memberGot = next<AnnouncementPublic>(member, "announcement");
    const organiserGot = next<AnnouncementPublic>(organiser, "announcement");
    plenary.services.bus.publish("announcement.published", { eventId: f.event.id, announcement: forOurs });
    expect((await memberGot).id).toBe(forOurs.id);
    expect((await organiserGot).id).toBe(forOurs.id);

    const checkIn: CheckInPublic = {
      id: crypto.randomUUID(), registrationId: f.delegate.registration.id, sessionId: null, name: "A B", delegation: f.ours.name,
      countryCode: null, category: "delegate", method: "manual", scannedAt: new Date().toISOString(),
    };
    const organiserCheckin = next<CheckInPublic>(organiser, "checkin");
    plenary.services.bus.publish("checkin.recorded", { eventId: f.event.id, checkIn });
    expect((await organiserCheckin).id).toBe(checkIn.id);
    await settle();
    expect(anonymousHeard).toEqual([]);
    expect(outsiderHeard).toEqual([]);
    expect(memberCheckins).toEqual([]);

    // An event-wide announcement reaches everyone, anonymous included.
    const everyone = next<AnnouncementPublic>(anonymous, "announcement");
    plenary.services.bus.publish("announcement.published", { eventId: f.event.id, announcement: announcement({}) });
    await expect(everyone).resolves.toMatchObject({ audience: "event" });
  });

  it("lets a signed-in socket follow a public session of its event, never a bilateral or another event's", async () => {
    const member = await follow({ cookie: (await cookieFor(f.delegate.user.id)).header });
    expect(await ask(member, "session:follow", { sessionId: f.bilateral.id })).toEqual({ ok: false, error: "not_found" });
    expect(await ask(member, "session:follow", { sessionId: f.foreignSession.id })).toEqual({ ok: false, error: "not_found" });
    expect(await ask(member, "session:follow", { sessionId: f.workshop.id })).toEqual({ ok: true });
  });
});

describe("membership changes while connected", () => {
  it("a demoted organiser stops hearing check-ins; a disabled account is dropped", async () => {
    const db = plenary.services.db;
    const user = await createUser(db, { totpKey: new Uint8Array(20).fill(7) });
    const registration = await createRegistration(db, { eventId: f.event.id, userId: user.id, role: "ORGANISER", status: "APPROVED" });
    const { token } = await createAuthSession(db, user.id, { twoFactorVerified: true });
    const socket = await follow({ cookie: `plenary_session=${token}` });
    const checkIn = (): CheckInPublic => ({
      id: crypto.randomUUID(), registrationId: registration.id, sessionId: null, name: "A B", delegation: null,
      countryCode: null, category: "delegate", method: "manual", scannedAt: new Date().toISOString(),
    });
    const first = next<CheckInPublic>(socket, "checkin");
    plenary.services.bus.publish("checkin.recorded", { eventId: f.event.id, checkIn: checkIn() });
    await first;

    await db.registration.update({ where: { id: registration.id }, data: { role: "DELEGATE" } });
    await new Promise((resolve) => setTimeout(resolve, 800)); // several recheck rounds (200 ms here)
    const heard = collect<CheckInPublic>(socket, "checkin");
    plenary.services.bus.publish("checkin.recorded", { eventId: f.event.id, checkIn: checkIn() });
    await settle();
    expect(heard).toEqual([]);
    expect(socket.connected).toBe(true);

    const dropped = new Promise((resolve) => socket.once("disconnect", resolve));
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(dropped).resolves.toBe("io server disconnect");
  });
});

describe("client events", () => {
  it("rejects invalid payloads and unknown fields, and rate-limits follow requests", async () => {
    const member = await follow({ cookie: (await cookieFor(f.delegate.user.id)).header });
    expect(await ask(member, "session:follow", { sessionId: "not-a-uuid" })).toEqual({ ok: false, error: "invalid" });
    expect(await ask(member, "session:follow", { sessionId: f.workshop.id, admin: true })).toEqual({ ok: false, error: "invalid" });
    expect(await ask(member, "session:follow", "x".repeat(100))).toEqual({ ok: false, error: "invalid" });
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await ask(member, "session:unfollow", { sessionId: f.workshop.id }));
    expect(answers.at(-1)).toEqual({ ok: false, error: "rate_limited" });
    expect(member.connected).toBe(true);
  });

  it("refuses a message larger than the buffer limit by closing the connection", async () => {
    const socket = await follow();
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    socket.emit("session:follow", { sessionId: "x".repeat(10_000) });
    await expect(closed).resolves.toBeDefined();
  });
});

describe("origins", () => {
  it("refuses a browser's foreign Origin, accepts the server's own and clients with no Origin", async () => {
    await expect(follow({ origin: "https://evil.example" })).rejects.toThrow();
    await expect(follow({ origin: new URL(plenary.url).origin })).resolves.toBeDefined();
    await expect(follow()).resolves.toBeDefined();
  });
});

describe("ended sessions", () => {
  it("drops the socket of a revoked session (row deleted) and of an expired one", async () => {
    const revoked = await cookieFor(f.delegate.user.id);
    const expired = await cookieFor(f.delegate.user.id);
    const [a, b] = [await follow({ cookie: revoked.header }), await follow({ cookie: expired.header })];
    const dropped = [new Promise((r) => a.once("disconnect", r)), new Promise((r) => b.once("disconnect", r))];
    await plenary.services.db.authSession.delete({ where: { id: revoked.token.split(".")[0] } });
    await plenary.services.db.authSession.update({ where: { id: expired.token.split(".")[0] }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await Promise.all(dropped)).toEqual(["io server disconnect", "io server disconnect"]);
  });
});

describe("seats and resync", () => {
  it("publishes seats:updated after a sign-up change, to the event's followers", async () => {
    const socket = await follow();
    const seats = next<{ sessionId: string; capacity: number; seatsTaken: number }>(socket, "seats:updated");
    await createSignup(plenary.services.db, { eventId: f.event.id, sessionId: f.workshop.id, registrationId: f.delegate.registration.id, status: "CONFIRMED" });
    publishSessionUpdate(plenary.services, f.workshop.id);
    expect(await seats).toEqual({ sessionId: f.workshop.id, capacity: 10, seatsTaken: 1 });
  });

  it("an offline client receives what it missed when it comes back (connection-state recovery)", async () => {
    const socket = await follow({ reconnection: true });
    const event = await getPublishedEvent(plenary.services.db, f.event.slug);
    const system = { kind: "system", reason: "test" } as const;
    const first = next(socket, "session:updated");
    await changeSessionStatus(plenary.services, system, event, f.plenarySession.id, { status: "live" });
    await first; // the client now holds an offset to resume from
    const offline = new Promise((r) => socket.once("disconnect", r));
    socket.io.engine.close(); // the network goes away (not a deliberate disconnect)
    await offline;
    await changeSessionStatus(plenary.services, system, event, f.plenarySession.id, { status: "delayed", delayMinutes: 20 });
    const missed = await next<{ id: string; status: string; delayMinutes: number }>(socket, "session:updated", 10_000);
    expect(socket.recovered).toBe(true);
    expect(missed).toMatchObject({ id: f.plenarySession.id, status: "delayed", delayMinutes: 20 });
  });
});

describe("venue screens", () => {
  it("show now and next for a room without sign-in, from public sessions only", async () => {
    const db = plenary.services.db;
    const room = await createRoom(db, { eventId: f.event.id, name: `Screen room ${Math.random().toString(36).slice(2, 7)}` });
    const now = Date.now();
    const at = (minutes: number) => new Date(now + minutes * 60_000);
    await createSession(db, { eventId: f.event.id, roomId: room.id, kind: "PLENARY", startsAt: at(-10), endsAt: at(50), texts: { en: { title: "Opening of the assembly" } } });
    await createSession(db, { eventId: f.event.id, roomId: room.id, kind: "WORKSHOP", startsAt: at(60), endsAt: at(120), texts: { en: { title: "Tracing crypto assets" } } });
    await createSession(db, { eventId: f.event.id, roomId: room.id, kind: "BILATERAL", startsAt: at(-5), endsAt: at(20), texts: { en: { title: "Confidential bilateral" } } });
    await createSession(db, { eventId: f.event.id, roomId: room.id, kind: "PLENARY", published: false, startsAt: at(55), endsAt: at(58), texts: { en: { title: "Unpublished draft" } } });
    const response = await fetch(`${plenary.url}/events/${f.event.slug}/screens/${room.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Opening of the assembly");
    expect(html).toContain("Tracing crypto assets");
    expect(html).not.toContain("Confidential bilateral");
    expect(html).not.toContain("Unpublished draft");
    const all = await (await fetch(`${plenary.url}/events/${f.event.slug}/screens/now`)).text();
    expect(all).toContain(room.name);
    expect(all).toContain("Opening of the assembly");
    expect((await fetch(`${plenary.url}/events/${f.event.slug}/screens/not-a-room`)).status).toBe(404);
    const foreignRoom = await createRoom(db, { eventId: f.foreignSession.eventId });
    expect((await fetch(`${plenary.url}/events/${f.event.slug}/screens/${foreignRoom.id}`)).status).toBe(404);
  });
});

describe("scanner page", () => {
  it("checks in through the form for staff, and lets only organisers revoke the scanned badge", async () => {
    const db = plenary.services.db;
    const staffUser = await createUser(db);
    await createRegistration(db, { eventId: f.event.id, userId: staffUser.id, role: "CHECKIN_STAFF", status: "APPROVED" });
    const staff = await cookieFor(staffUser.id);
    const organiser = await cookieFor(f.organiser.user.id);
    const person = await createUser(db);
    const registration = await createRegistration(db, { eventId: f.event.id, userId: person.id, status: "APPROVED" });
    const badge = await getOwnBadge(db, person.id, f.event.id);
    if (badge.status !== "ok") throw new Error("no badge");
    const post = (cookie: string, fields: Record<string, string>) =>
      fetch(`${plenary.url}/events/${f.event.slug}/checkin`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, Origin: new URL(plenary.url).origin }, redirect: "manual" });

    const member = await cookieFor(f.delegate.user.id);
    expect((await post(member.header, { code: badge.manualCode })).status).toBe(403);
    expect((await post(staff.header, { code: badge.manualCode })).status).toBe(200);
    expect(await db.checkIn.count({ where: { registrationId: registration.id } })).toBe(1);
    expect((await post(staff.header, { code: "" })).status).toBe(400);

    expect((await post(staff.header, { intent: "revoke", registrationId: registration.id })).status).toBe(403);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).badgeRevokedAt).toBeNull();
    expect((await post(organiser.header, { intent: "revoke", registrationId: registration.id })).status).toBe(200);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).badgeRevokedAt).not.toBeNull();
    expect((await post(staff.header, { code: badge.manualCode })).status).toBe(422); // refused from now on
  });
});
