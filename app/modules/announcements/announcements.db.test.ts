// Announcements: who may publish, who may read, and who hears them live. A delegation's
// announcement never reaches anyone outside that delegation (and the organisers).
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createDelegation, createEvent, createRegistration, createRoom, createUser } from "../demo/factories.server.ts";
import type { AnnouncementPublic } from "../live/live-events.ts";
import { listAnnouncementsFor, listRoomAnnouncements, publishAnnouncement, withdrawAnnouncement } from "./announcements.server.ts";

let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof fixture>>;
const sockets: Socket[] = [];

async function fixture() {
  const db = plenary.services.db;
  const event = await createEvent(db, { languages: ["en", "fr"] });
  const [ours, theirs] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const room = await createRoom(db, { eventId: event.id });
  const otherEvent = await createEvent(db);
  const foreignRoom = await createRoom(db, { eventId: otherEvent.id });
  const person = async (role: "DELEGATE" | "ORGANISER", delegationId: string | null, status: "APPROVED" | "PENDING" = "APPROVED") => {
    const user = await createUser(db, role === "ORGANISER" ? { totpKey: new Uint8Array(20).fill(7) } : {});
    await createRegistration(db, { eventId: event.id, userId: user.id, delegationId, role, status });
    const { token } = await createAuthSession(db, user.id, { twoFactorVerified: role === "ORGANISER" });
    return { id: user.id, actor: { kind: "user" as const, userId: user.id }, cookie: `plenary_session=${token}` };
  };
  return {
    event,
    ours,
    theirs,
    room,
    foreignRoom,
    member: await person("DELEGATE", ours.id),
    pendingMember: await person("DELEGATE", ours.id, "PENDING"),
    outsider: await person("DELEGATE", theirs.id),
    organiser: await person("ORGANISER", null),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
  f = await fixture();
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
});

function follow(cookie?: string): Promise<Socket> {
  const socket = connect(plenary.url, { auth: { event: f.event.slug }, transports: ["websocket"], reconnection: false, extraHeaders: cookie ? { Cookie: cookie } : {} });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function heard(socket: Socket): AnnouncementPublic[] {
  const seen: AnnouncementPublic[] = [];
  socket.on("announcement", (a: AnnouncementPublic) => seen.push(a));
  return seen;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe("publishing", () => {
  it("is for the event's organisers only, validated, and audited", async () => {
    const input = { audience: "event" as const, messages: { en: "Coffee is served" } };
    await expect(publishAnnouncement(plenary.services, { kind: "anonymous" }, f.event, input)).rejects.toMatchObject({ status: 401 });
    await expect(publishAnnouncement(plenary.services, f.member.actor, f.event, input)).rejects.toMatchObject({ status: 403 });
    await expect(publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "event", messages: { en: "  " } })).rejects.toThrow(/at least one language/);
    await expect(publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "room", messages: { en: "x" } })).rejects.toThrow(/Choose the room/);
    await expect(publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "room", roomId: f.foreignRoom.id, messages: { en: "x" } })).rejects.toMatchObject({ status: 404 });
    const published = await publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "event", messages: { en: "Coffee is served", fr: "Le café est servi" } });
    expect(published).toMatchObject({ audience: "event", messages: { en: "Coffee is served", fr: "Le café est servi" }, room: null, delegation: null });
    const audit = await plenary.services.db.auditLog.findFirst({ where: { targetId: published.id } });
    expect(audit).toMatchObject({ action: "announcement.published", actorId: f.organiser.id });
  });
});

describe("audience", () => {
  it("a delegation's announcement reaches its members and organisers live, never others", async () => {
    const [member, outsider, organiser, anonymous, pending] = await Promise.all([
      follow(f.member.cookie), follow(f.outsider.cookie), follow(f.organiser.cookie), follow(), follow(f.pendingMember.cookie),
    ]);
    const [memberHeard, outsiderHeard, organiserHeard, anonymousHeard, pendingHeard] = [member, outsider, organiser, anonymous, pending].map(heard);
    const secret = await publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "delegation", delegationId: f.ours.id, messages: { en: "Delegation meeting at 13:00 in room 4" } });
    await settle();
    expect(memberHeard.map((a) => a.id)).toEqual([secret.id]);
    expect(organiserHeard.map((a) => a.id)).toEqual([secret.id]);
    expect(outsiderHeard).toEqual([]);
    expect(anonymousHeard).toEqual([]);
    expect(pendingHeard).toEqual([]); // not accredited: not a member yet

    // Lists: the same rule.
    const ids = async (actor: Parameters<typeof listAnnouncementsFor>[1]) => (await listAnnouncementsFor(plenary.services.db, actor, f.event)).map((a) => a.id);
    expect(await ids(f.member.actor)).toContain(secret.id);
    expect(await ids(f.organiser.actor)).toContain(secret.id);
    expect(await ids(f.outsider.actor)).not.toContain(secret.id);
    expect(await ids(f.pendingMember.actor)).not.toContain(secret.id);
    expect(await ids({ kind: "anonymous" })).not.toContain(secret.id);

    // The public page, as each of them sees it.
    const page = async (cookie?: string) => (await fetch(`${plenary.url}/events/${f.event.slug}/announcements`, { headers: cookie ? { Cookie: cookie } : {} })).text();
    expect(await page(f.member.cookie)).toContain("Delegation meeting at 13:00");
    expect(await page(f.outsider.cookie)).not.toContain("Delegation meeting at 13:00");
    expect(await page()).not.toContain("Delegation meeting at 13:00");
  });

  it("event and room announcements are public; a withdrawn one leaves the lists", async () => {
    const anonymous = await follow();
    const anonymousHeard = heard(anonymous);
    const forRoom = await publishAnnouncement(plenary.services, f.organiser.actor, f.event, { audience: "room", roomId: f.room.id, messages: { fr: "La séance reprend à 15 h" } });
    await settle();
    expect(anonymousHeard.map((a) => a.id)).toEqual([forRoom.id]);
    expect(anonymousHeard[0].room).toEqual({ id: f.room.id, name: f.room.name });
    expect((await listRoomAnnouncements(plenary.services.db, f.event, f.room.id)).map((a) => a.id)).toContain(forRoom.id);
    expect((await listRoomAnnouncements(plenary.services.db, f.event, null)).map((a) => a.id)).not.toContain(forRoom.id);

    await expect(withdrawAnnouncement(plenary.services, f.member.actor, f.event, forRoom.id)).rejects.toMatchObject({ status: 403 });
    await withdrawAnnouncement(plenary.services, f.organiser.actor, f.event, forRoom.id);
    expect((await listAnnouncementsFor(plenary.services.db, { kind: "anonymous" }, f.event)).map((a) => a.id)).not.toContain(forRoom.id);
  });

  it("the organiser page publishes through a form (same domain function), refusing others", async () => {
    const form = new URLSearchParams({ intent: "publish", audience: "event", "message.en": "Shuttle buses leave at 18:00", "message.fr": "" });
    const post = (cookie: string) =>
      fetch(`${plenary.url}/events/${f.event.slug}/admin/announcements`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: new URL(plenary.url).origin }, redirect: "manual" });
    expect((await post(f.member.cookie)).status).toBe(403);
    expect((await post(f.organiser.cookie)).status).toBe(200);
    const list = await listAnnouncementsFor(plenary.services.db, { kind: "anonymous" }, f.event);
    expect(list[0].messages).toEqual({ en: "Shuttle buses leave at 18:00" });
    const empty = new URLSearchParams({ intent: "publish", audience: "event", "message.en": "" });
    const refused = await fetch(`${plenary.url}/events/${f.event.slug}/admin/announcements`, { method: "POST", body: empty, headers: { Cookie: f.organiser.cookie, Origin: new URL(plenary.url).origin } });
    expect(refused.status).toBe(400);
  });

  it("an announcement with an end time (typed in the event's zone) leaves the lists after it", async () => {
    const post = (expiresAt: string) =>
      fetch(`${plenary.url}/events/${f.event.slug}/admin/announcements`, {
        method: "POST",
        body: new URLSearchParams({ intent: "publish", audience: "event", "message.en": `Lunch is served ${expiresAt}`, expiresAt }),
        headers: { Cookie: f.organiser.cookie, Origin: new URL(plenary.url).origin },
      });
    expect((await post("2001-01-01T12:00")).status).toBe(400);
    expect((await post("tomorrow")).status).toBe(400);
    expect((await post("2099-06-01T14:30")).status).toBe(200);
    const row = await plenary.services.db.announcement.findFirstOrThrow({ where: { eventId: f.event.id, expiresAt: { not: null } } });
    // 14:30 on the wall clock of the event's zone, stored in UTC.
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: f.event.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(row.expiresAt!)).toBe("14:30");
    const ids = async (now: Date) => (await listAnnouncementsFor(plenary.services.db, { kind: "anonymous" }, f.event, { now })).map((a) => a.id);
    expect(await ids(new Date("2099-06-01T00:00:00Z"))).toContain(row.id);
    expect(await ids(new Date("2099-06-03T00:00:00Z"))).not.toContain(row.id);
  });
});
