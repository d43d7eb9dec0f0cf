// Creating and editing sessions from the organisers' form: texts per language, speakers, the event's
// zone, conflicts before saving, overrides, publication.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { DomainEventBus } from "../../lib/domain-events.ts";
import type { SessionPublic } from "../agenda/session-public.ts";
import type { Actor } from "../auth/actor.ts";
import { createEvent, createRegistration, createRoom, createSession, createUser } from "../demo/factories.server.ts";
import type { SchedulingServices } from "./reschedule.server.ts";
import { sessionFormSchema } from "./session-form.ts";
import { getSessionForEdit, listAdminSessions, saveSession, setSessionPublished } from "./sessions.server.ts";

let database: TestDatabase;
let db: PrismaClient;
let services: SchedulingServices;
const published: SessionPublic[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  const bus = new DomainEventBus();
  bus.subscribe("session.updated", ({ session }) => void published.push(session));
  services = { db, bus };
});
afterAll(async () => {
  await database?.dispose();
});

async function setup() {
  // Lagos is UTC+1 all year, so local and UTC times differ. (Not Casablanca: it is UTC+0 for good
  // since 2026-09-20, tzdb 2026c, where a bug reading times as UTC would go unnoticed.)
  const event = await createEvent(db, { timeZone: "Africa/Lagos", startsOn: "2030-05-06", endsOn: "2030-05-08", languages: ["en", "fr", "ar"] });
  const organiserUser = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: organiserUser.id, role: "ORGANISER" });
  const speaker = await createUser(db, { givenName: "Amina", familyName: "Diallo" });
  await createRegistration(db, { eventId: event.id, userId: speaker.id });
  const delegate = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: delegate.id });
  const room = await createRoom(db, { eventId: event.id, name: "Atlas Hall", capacity: 40, interpretationLanguages: ["fr", "ar"] });
  return { event, organiser: { kind: "user", userId: organiserUser.id } as Actor, delegate: { kind: "user", userId: delegate.id } as Actor, speaker, room };
}

const form = (overrides: Record<string, unknown> = {}) =>
  sessionFormSchema.parse({
    kind: "workshop",
    texts: { en: { title: "Tracing crypto" }, fr: { title: "Tracer les cryptomonnaies", description: "Atelier" }, ar: { title: "تتبع العملات المشفرة" } },
    speakers: [{ email: "", name: "" }],
    day: "2030-05-06",
    startTime: "10:00",
    endTime: "11:30",
    capacity: 30,
    published: true,
    ...overrides,
  });

describe("the session form schema", () => {
  it("asks for a title, an end after the start and a workshop's capacity", () => {
    const result = sessionFormSchema.safeParse({ kind: "workshop", day: "2030-05-06", startTime: "11:00", endTime: "10:00" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).sort();
    expect(messages).toEqual(["capacity: errors.workshopCapacity", "endTime: errors.endAfterStart", "texts.en.title: errors.titleRequired"]);
  });
});

describe("saveSession", () => {
  it("creates a session in the event's zone with texts in several languages and speakers", async () => {
    const f = await setup();
    await expect(saveSession(services, f.delegate, f.event, null, form())).rejects.toMatchObject({ status: 403 });
    const result = await saveSession(services, f.organiser, f.event, null, form({ roomId: f.room.id, speakers: [{ email: f.speaker.email, role: "moderator" }, { name: "Guest Expert", affiliation: "UNODC" }] }));
    expect(result.saved).toBe(true);
    const id = result.saved ? result.sessionId : "";
    const row = await db.session.findUniqueOrThrow({ where: { id }, include: { texts: true, speakers: { orderBy: { position: "asc" } } } });
    expect(row.startsAt.toISOString()).toBe("2030-05-06T09:00:00.000Z");
    expect(row.endsAt.toISOString()).toBe("2030-05-06T10:30:00.000Z");
    expect(Object.fromEntries(row.texts.map((t) => [t.language, t.title]))).toEqual({ en: "Tracing crypto", fr: "Tracer les cryptomonnaies", ar: "تتبع العملات المشفرة" });
    expect(row.speakers.map((s) => [s.name, s.role, s.userId])).toEqual([
      ["Amina Diallo", "MODERATOR", f.speaker.id],
      ["Guest Expert", "SPEAKER", null],
    ]);
    expect(published.at(-1)).toMatchObject({ id, titles: { fr: "Tracer les cryptomonnaies" } });
    expect(await db.auditLog.count({ where: { targetId: id, action: "session.created" } })).toBe(1);

    const edit = await getSessionForEdit(services, f.organiser, f.event, id);
    expect(edit.values).toMatchObject({ day: "2030-05-06", startTime: "10:00", endTime: "11:30", roomId: f.room.id });
    expect((await listAdminSessions(services, f.organiser, f.event, "fr")).map((s) => s.title)).toEqual(["Tracer les cryptomonnaies"]);
  });

  it("shows conflicts before saving and saves soft ones only with a reason", async () => {
    const f = await setup();
    await createSession(db, { eventId: f.event.id, kind: "PLENARY", roomId: f.room.id, startsAt: new Date("2030-05-06T09:00:00Z"), endsAt: new Date("2030-05-06T10:00:00Z") });
    const hard = await saveSession(services, f.organiser, f.event, null, form({ roomId: f.room.id, overrideReason: "anyway" }));
    expect(hard).toMatchObject({ saved: false, conflicts: [expect.objectContaining({ code: "room_booked", hard: true })] });

    const tooBig = form({ roomId: f.room.id, startTime: "14:00", endTime: "15:00", capacity: 60, day: "2030-05-09", interpretationLanguages: ["es"] });
    const dry = await saveSession(services, f.organiser, f.event, null, { ...tooBig, overrideReason: "fine" }, { dryRun: true });
    expect(dry.saved).toBe(false);
    const soft = await saveSession(services, f.organiser, f.event, null, tooBig);
    expect(soft.saved ? [] : soft.conflicts.map((c) => c.code).sort()).toEqual(["capacity_exceeds_room", "interpretation_unavailable", "outside_event_days"]);
    const count = await db.session.count({ where: { eventId: f.event.id } });
    expect(count).toBe(1);
    const saved = await saveSession(services, f.organiser, f.event, null, { ...tooBig, overrideReason: "Overflow room arranged" });
    expect(saved).toMatchObject({ saved: true });
  });

  it("edits, moves and unpublishes a session, bumping its SEQUENCE", async () => {
    const f = await setup();
    const created = await saveSession(services, f.organiser, f.event, null, form());
    const id = created.saved ? created.sessionId : "";
    const before = await db.session.findUniqueOrThrow({ where: { id } });
    await saveSession(services, f.organiser, f.event, id, form({ startTime: "12:00", endTime: "13:00", texts: { fr: { title: "Nouveau titre" } } }));
    const after = await db.session.findUniqueOrThrow({ where: { id }, include: { texts: true } });
    expect(after.sequence).toBe(before.sequence + 1);
    expect(after.status).toBe("MOVED");
    expect(after.texts.map((t) => t.title)).toEqual(["Nouveau titre"]);
    await setSessionPublished(services, f.organiser, f.event, id, false);
    expect((await db.session.findUniqueOrThrow({ where: { id } })).published).toBe(false);
  });

  it("does not ask for a reason about a conflict the session already had when only its text changes", async () => {
    const f = await setup();
    const small = await createRoom(db, { eventId: f.event.id, capacity: 10 });
    const created = await saveSession(services, f.organiser, f.event, null, { ...form({ roomId: small.id }), overrideReason: "Known: overflow seating" });
    expect(created.saved).toBe(true);
    const id = created.saved ? created.sessionId : "";
    const retitled = await saveSession(services, f.organiser, f.event, id, form({ roomId: small.id, texts: { en: { title: "Tracing crypto, revised" } } }));
    expect(retitled).toMatchObject({ saved: true, overridden: [] });
    // A bigger capacity is a new conflict: asked again.
    const bigger = await saveSession(services, f.organiser, f.event, id, form({ roomId: small.id, capacity: 50 }));
    expect(bigger).toMatchObject({ saved: false, conflicts: [expect.objectContaining({ code: "capacity_exceeds_room" })] });
  });
});
