// Stars, the personal agenda and the calendar feeds against the real database (PGlite and PostgreSQL).
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { Actor } from "../auth/actor.ts";
import { createEvent, createRegistration, createRoom, createSession, createSignup, createUser } from "../demo/factories.server.ts";
import { getPublishedEvent } from "../events/events.server.ts";
import { buildPersonalFeed, buildPublicFeed, changeMyFeed, getMyFeed, resolveFeedToken } from "./feeds.server.ts";
import { findOverlaps, listPersonalItems, loadPersonalAgenda, PERSONAL_ITEM_SOURCES, type PersonalItem } from "./personal.server.ts";
import { listStarredSessionIds, starSession, unstarSession } from "./stars.server.ts";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
});
afterAll(async () => {
  await database?.dispose();
});

const user = (userId: string): Actor => ({ kind: "user", userId });
const at = (iso: string) => new Date(iso);

async function setup() {
  const created = await createEvent(db, { startsOn: "2030-05-06", timeZone: "Africa/Casablanca" });
  const event = await getPublishedEvent(db, created.slug);
  const room = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 100 });
  const other = await createRoom(db, { eventId: event.id, name: "Ourika Room", capacity: 100 });
  const mk = (start: string, end: string, extra: Parameters<typeof createSession>[1] = {}) =>
    createSession(db, { eventId: event.id, kind: "PLENARY", startsAt: at(start), endsAt: at(end), ...extra });
  // Only the opening and the workshop have rooms (different ones): no room is double-booked.
  const opening = await mk("2030-05-06T08:00:00Z", "2030-05-06T09:30:00Z", { roomId: room.id, texts: { en: { title: "Opening, plenary; day 1" }, fr: { title: "Ouverture" } } });
  const workshop = await mk("2030-05-06T09:00:00Z", "2030-05-06T10:30:00Z", { kind: "WORKSHOP", capacity: 20, roomId: other.id, texts: { en: { title: "Tracing crypto" } } });
  const waitlisted = await mk("2030-05-06T13:00:00Z", "2030-05-06T14:00:00Z", { kind: "WORKSHOP", capacity: 1 });
  const afterOpening = await mk("2030-05-06T09:30:00Z", "2030-05-06T10:00:00Z"); // touches the opening's end: no overlap with it
  const cancelled = await mk("2030-05-06T08:30:00Z", "2030-05-06T09:00:00Z", { status: "CANCELLED" });
  const unpublished = await mk("2030-05-06T08:00:00Z", "2030-05-06T09:00:00Z", { published: false });
  const nextDay = await mk("2030-05-07T08:00:00Z", "2030-05-07T09:00:00Z");

  const me = await createUser(db, { preferredLanguage: "fr" });
  const myRegistration = await createRegistration(db, { eventId: event.id, userId: me.id, status: "APPROVED" });
  const someoneElse = await createUser(db);
  const theirRegistration = await createRegistration(db, { eventId: event.id, userId: someoneElse.id, status: "APPROVED" });
  return { event, room, other, opening, workshop, waitlisted, afterOpening, cancelled, unpublished, nextDay, me, myRegistration, someoneElse, theirRegistration };
}

describe("stars", () => {
  it("star and unstar are the person's own, idempotent, and refused for sessions that are not public", async () => {
    const f = await setup();
    await starSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    await starSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    expect(await listStarredSessionIds(db, user(f.me.id), f.event)).toEqual([f.opening.id]);
    expect(await listStarredSessionIds(db, user(f.someoneElse.id), f.event)).toEqual([]);
    await expect(starSession(db, user(f.me.id), f.event, { sessionId: f.unpublished.id })).rejects.toMatchObject({ status: 404 });
    await expect(starSession(db, { kind: "anonymous" }, f.event, { sessionId: f.opening.id })).rejects.toMatchObject({ status: 401 });
    await expect(starSession(db, user(f.me.id), f.event, { sessionId: "not-a-uuid" })).rejects.toThrow();
    // A session of another event is not found through this one.
    const elsewhere = await createSession(db, { kind: "PLENARY" });
    await expect(starSession(db, user(f.me.id), f.event, { sessionId: elsewhere.id })).rejects.toMatchObject({ status: 404 });
    await unstarSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    await unstarSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    expect(await listStarredSessionIds(db, user(f.me.id), f.event)).toEqual([]);
  });
});

describe("my agenda", () => {
  it("holds only the person's own stars and places, merged per session, with overlaps marked", async () => {
    const f = await setup();
    for (const s of [f.opening, f.afterOpening, f.cancelled, f.nextDay]) await starSession(db, user(f.me.id), f.event, { sessionId: s.id });
    await starSession(db, user(f.me.id), f.event, { sessionId: f.workshop.id });
    await createSignup(db, { sessionId: f.workshop.id, registrationId: f.myRegistration.id });
    await createSignup(db, { sessionId: f.waitlisted.id, registrationId: f.theirRegistration.id });
    await createSignup(db, { sessionId: f.waitlisted.id, registrationId: f.myRegistration.id, status: "WAITLISTED" });
    // Someone else's star and place never show up in mine.
    const theirs = await createSession(db, { eventId: f.event.id, kind: "WORKSHOP", capacity: 5, startsAt: at("2030-05-06T15:00:00Z"), endsAt: at("2030-05-06T16:00:00Z") });
    await starSession(db, user(f.someoneElse.id), f.event, { sessionId: theirs.id });
    await createSignup(db, { sessionId: theirs.id, registrationId: f.theirRegistration.id });
    // A cancelled place is not on the agenda.
    const left = await createSession(db, { eventId: f.event.id, kind: "WORKSHOP", capacity: 5, startsAt: at("2030-05-06T16:00:00Z"), endsAt: at("2030-05-06T17:00:00Z") });
    await createSignup(db, { sessionId: left.id, registrationId: f.myRegistration.id, status: "CANCELLED" });

    const agenda = await loadPersonalAgenda({ db }, user(f.me.id), f.event);
    expect(agenda.days.map((d) => d.day)).toEqual(["2030-05-06", "2030-05-07"]);
    const items = agenda.days.flatMap((d) => d.items);
    expect(items.map((i) => i.sessionId)).toEqual([f.opening.id, f.cancelled.id, f.workshop.id, f.afterOpening.id, f.waitlisted.id, f.nextDay.id]);
    const byId = new Map(items.map((i) => [i.sessionId, i]));
    expect(byId.get(f.workshop.id)).toMatchObject({ starred: true, signup: { status: "confirmed" } });
    expect(byId.get(f.waitlisted.id)).toMatchObject({ starred: false, signup: { status: "waitlisted", position: 1 } });
    // The opening (08:00–09:30) overlaps the workshop (09:00–10:30); the workshop overlaps the 09:30 session too;
    // the cancelled session and the session touching the opening's end overlap nothing of theirs.
    expect(byId.get(f.opening.id)!.overlapsWith).toEqual([`session:${f.workshop.id}`]);
    expect(byId.get(f.workshop.id)!.overlapsWith.sort()).toEqual([`session:${f.opening.id}`, `session:${f.afterOpening.id}`].sort());
    expect(byId.get(f.afterOpening.id)!.overlapsWith).toEqual([`session:${f.workshop.id}`]);
    expect(byId.get(f.cancelled.id)!.overlapsWith).toEqual([]);
    expect(byId.get(f.nextDay.id)!.overlapsWith).toEqual([]);
    expect(agenda.overlapCount).toBe(2);

    const theirsAgenda = await listPersonalItems({ db }, user(f.someoneElse.id), f.event);
    // Theirs: the seat they hold in the small workshop and their own starred and booked workshop, none of mine.
    expect(theirsAgenda.map((i) => i.sessionId)).toEqual([f.waitlisted.id, theirs.id]);
    expect(theirsAgenda[0]).toMatchObject({ starred: false, signup: { status: "confirmed" } });
    await expect(listPersonalItems({ db }, { kind: "anonymous" }, f.event)).rejects.toMatchObject({ status: 401 });
  });

  it("counts a delay when looking for overlaps", () => {
    const item = (key: string, startsAt: string, endsAt: string, delayMinutes = 0) =>
      ({ key, startsAt, endsAt, delayMinutes, status: delayMinutes ? "delayed" : "scheduled" }) as PersonalItem;
    const a = item("a", "2030-05-06T08:00:00.000Z", "2030-05-06T09:00:00.000Z", 30);
    const b = item("b", "2030-05-06T09:15:00.000Z", "2030-05-06T10:00:00.000Z");
    expect(findOverlaps([a, b]).get("b")).toEqual(["a"]);
    expect(findOverlaps([{ ...a, delayMinutes: 0 }, b]).get("b")).toEqual([]);
  });

  it("takes items from every registered source (bilaterals can plug in)", async () => {
    const f = await setup();
    const extra = async (): Promise<PersonalItem[]> => [
      {
        id: "b1",
        key: "bilateral:b1",
        sessionId: null,
        kind: "bilateral",
        status: "scheduled",
        title: "Bilateral",
        titles: { en: "Bilateral" },
        descriptions: {},
        startsAt: "2030-05-06T08:15:00.000Z",
        endsAt: "2030-05-06T08:45:00.000Z",
        delayMinutes: 0,
        room: null,
        roomNames: {},
        sequence: 0,
        updatedAt: "2030-01-01T00:00:00.000Z",
        starred: false,
        signup: null,
        capacity: null,
        seatsTaken: null,
        href: null,
      },
    ];
    await starSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    PERSONAL_ITEM_SOURCES.push(extra);
    try {
      const agenda = await loadPersonalAgenda({ db }, user(f.me.id), f.event);
      const items = agenda.days.flatMap((d) => d.items);
      expect(items.map((i) => i.key)).toEqual([`session:${f.opening.id}`, "bilateral:b1"]);
      expect(items[1].overlapsWith).toEqual([`session:${f.opening.id}`]);
    } finally {
      PERSONAL_ITEM_SOURCES.splice(PERSONAL_ITEM_SOURCES.indexOf(extra), 1);
    }
  });
});

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  return component.getAllSubcomponents("vevent").map((vevent) => {
    const e = new ICAL.Event(vevent);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      location: e.location,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      startIsUtc: e.startDate.zone?.tzid === "UTC",
      status: vevent.getFirstPropertyValue("status"),
      dtstamp: vevent.getFirstPropertyValue("dtstamp"),
    };
  });
}

function expectRfc5545Lines(text: string) {
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // CRLF only
  for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  expect(text).not.toContain("VTIMEZONE");
}

describe("calendar feeds", () => {
  it("the public feed lists every published session in UTC with stable UIDs, delays applied and cancellations marked", async () => {
    const f = await setup();
    await db.session.update({ where: { id: f.workshop.id }, data: { delayMinutes: 20, status: "DELAYED", sequence: 3 } });
    await db.sessionText.update({
      where: { sessionId_language: { sessionId: f.workshop.id, language: "en" } },
      data: { title: "Tracing crypto, mixers; and bridges — a very long title that needs folding across several lines ✓ ünïcødé", description: "Line one\nLine two, with \\ backslash" },
    });
    const text = await buildPublicFeed(db, f.event, { language: "en", origin: "https://plenary.test" });
    expectRfc5545Lines(text);
    const events = parse(text);
    expect(events.map((e) => e.uid).sort()).toEqual([f.opening, f.workshop, f.waitlisted, f.afterOpening, f.cancelled, f.nextDay].map((s) => `${s.id}@plenary`).sort());
    const workshop = events.find((e) => e.uid === `${f.workshop.id}@plenary`)!;
    expect(workshop).toMatchObject({
      sequence: 3,
      summary: "Tracing crypto, mixers; and bridges — a very long title that needs folding across several lines ✓ ünïcødé",
      location: "Ourika Room",
      start: "2030-05-06T09:20:00.000Z",
      end: "2030-05-06T10:50:00.000Z",
      startIsUtc: true,
      status: "CONFIRMED",
    });
    expect(events.find((e) => e.uid === `${f.cancelled.id}@plenary`)!.status).toBe("CANCELLED");
    expect(events.find((e) => e.uid === `${f.opening.id}@plenary`)!.summary).toBe("Opening, plenary; day 1");
    expect(text).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    // In French where given, with the event's language as the fallback.
    const french = parse(await buildPublicFeed(db, f.event, { language: "fr", origin: "https://plenary.test" }));
    expect(french.find((e) => e.uid === `${f.opening.id}@plenary`)!.summary).toBe("Ouverture");
    expect(french.find((e) => e.uid === `${f.nextDay.id}@plenary`)!.summary).toBe(f.nextDay.texts[0].title);
  });

  it("the personal feed follows my agenda; a room change arrives with a new LOCATION and a higher SEQUENCE; revoked addresses stop working", async () => {
    const f = await setup();
    await starSession(db, user(f.me.id), f.event, { sessionId: f.opening.id });
    await createSignup(db, { sessionId: f.waitlisted.id, registrationId: f.theirRegistration.id });
    await createSignup(db, { sessionId: f.waitlisted.id, registrationId: f.myRegistration.id, status: "WAITLISTED" });
    expect(await getMyFeed(db, user(f.me.id), f.event)).toBeNull();
    const feed = (await changeMyFeed({ db }, user(f.me.id), f.event, "create", { ipAddress: "127.0.0.1" }))!;
    expect(feed.path).toMatch(new RegExp(`^/events/${f.event.slug}/feeds/${feed.id}\\.[A-Za-z0-9_-]{43}\\.ics$`));
    // Creating again gives the same live feed.
    expect((await changeMyFeed({ db }, user(f.me.id), f.event, "create"))!.id).toBe(feed.id);
    const token = feed.path.split("/").pop()!;
    expect(await resolveFeedToken(db, f.event, token)).toEqual({ id: feed.id, userId: f.me.id });
    // A forged signature, another event, or garbage: nothing.
    expect(await resolveFeedToken(db, f.event, token.replace(/\.[^.]{3}/, ".AAA"))).toBeNull();
    expect(await resolveFeedToken(db, await getPublishedEvent(db, (await createEvent(db)).slug), token)).toBeNull();
    expect(await resolveFeedToken(db, f.event, "nonsense")).toBeNull();

    const read = async () => parse(await buildPersonalFeed({ db }, f.me.id, f.event, { origin: "https://plenary.test" }));
    const before = await read();
    expect(before.map((e) => e.uid)).toEqual([`${f.opening.id}@plenary`, `${f.waitlisted.id}@plenary`]);
    // In the person's language (French).
    expect(before[0]).toMatchObject({ summary: "Ouverture", location: "Atlas Hall", status: "CONFIRMED" });
    expect(before[1].status).toBe("TENTATIVE");

    // An organiser moves the opening to another room: a new location and a higher SEQUENCE.
    const free = await createRoom(db, { eventId: f.event.id, name: "Menara Hall", capacity: 100 });
    await db.session.update({ where: { id: f.opening.id }, data: { roomId: free.id, status: "MOVED", sequence: { increment: 1 } } });
    const after = await read();
    expect(after[0].location).toBe("Menara Hall");
    expect(after[0].sequence).toBeGreaterThan(before[0].sequence);

    // Reissue: the old address is dead, the new one works; revoke: nothing works. Each step audited.
    const reissued = (await changeMyFeed({ db }, user(f.me.id), f.event, "reissue"))!;
    expect(reissued.id).not.toBe(feed.id);
    expect(await resolveFeedToken(db, f.event, token)).toBeNull();
    expect(await resolveFeedToken(db, f.event, reissued.path.split("/").pop()!)).not.toBeNull();
    await changeMyFeed({ db }, user(f.me.id), f.event, "revoke");
    expect(await resolveFeedToken(db, f.event, reissued.path.split("/").pop()!)).toBeNull();
    expect(await getMyFeed(db, user(f.me.id), f.event)).toBeNull();
    const audit = await db.auditLog.findMany({ where: { eventId: f.event.id, targetType: "calendar_feed" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["calendar_feed.created", f.me.id],
      ["calendar_feed.reissued", f.me.id],
      ["calendar_feed.revoked", f.me.id],
    ]);
    expect(audit[0].ipAddress).toBe("127.0.0.1");
    await expect(changeMyFeed({ db }, { kind: "anonymous" }, f.event, "create")).rejects.toMatchObject({ status: 401 });
  });
});

