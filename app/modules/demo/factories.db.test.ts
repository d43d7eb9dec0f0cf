import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { dbDateToDate, todayInZone } from "../../lib/zoned-time.ts";
import { verifyPassword } from "../auth/password.server.ts";
import {
  buildRegistrationData,
  buildUserData,
  createDelegation,
  createEvent,
  createRegistration,
  createRoom,
  createSession,
  createSignup,
  createUser,
  insertRows,
  uuidv7,
} from "./factories.server.ts";

describe("test factories", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
  }, 120_000);

  afterAll(async () => {
    await db?.dispose();
  });

  it("creates events with unique slugs and a four-day default starting today in the zone", async () => {
    const a = await createEvent(prisma);
    const b = await createEvent(prisma, { timeZone: "Europe/Paris", startsOn: "2025-11-24" });
    expect(a.slug).not.toBe(b.slug);
    expect(dbDateToDate(a.startsOn)).toBe(todayInZone("Africa/Casablanca"));
    expect(dbDateToDate(b.startsOn)).toBe("2025-11-24");
    expect(dbDateToDate(b.endsOn)).toBe("2025-11-27");
    expect(b.timeZone).toBe("Europe/Paris");
  });

  it("creates delegations with distinct real countries, an invitation code and quotas", async () => {
    const event = await createEvent(prisma);
    const first = await createDelegation(prisma, { eventId: event.id });
    const second = await createDelegation(prisma, { eventId: event.id });
    const chosen = await createDelegation(prisma, { eventId: event.id, countryCode: "MA", invitationCode: "marrakech93", quotas: { DELEGATE: 3 } });
    expect(first.countryCode).toMatch(/^[A-Z]{2}$/);
    expect(second.countryCode).not.toBe(first.countryCode);
    expect(chosen.name).toBe("Morocco");
    expect(chosen.invitationCodes.map((c) => c.code)).toEqual(["MARRAKECH93"]);
    expect(chosen.quotas.map((q) => [q.category, q.maxPeople])).toEqual([["DELEGATE", 3]]);
    expect(first.invitationCodes).toHaveLength(1);
    expect(first.invitationCodes[0].code).not.toBe(second.invitationCodes[0].code);
    expect(first.quotas.length).toBeGreaterThanOrEqual(2);
    const organisation = await createDelegation(prisma, { eventId: event.id, kind: "ORGANISATION", name: "Observers' pool", invitationCode: null });
    expect(organisation.countryCode).toBeNull();
    expect(organisation.invitationCodes).toEqual([]);
  });

  it("creates users with unique lower-cased e-mails, hashing a password only when given one", async () => {
    const a = await createUser(prisma);
    const b = await createUser(prisma, { email: "Someone@Example.TEST" });
    expect(a.email).not.toBe(b.email);
    expect(b.email).toBe("someone@example.test");
    expect(a.passwordHash).toBeNull();
    const withPassword = await createUser(prisma, { password: "correct horse battery" });
    expect(await verifyPassword(withPassword.passwordHash!, "correct horse battery")).toBe(true);
    const reused = await createUser(prisma, { passwordHash: withPassword.passwordHash });
    expect(reused.passwordHash).toBe(withPassword.passwordHash);
  });

  it("creates registrations, making the event and user when not given", async () => {
    const alone = await createRegistration(prisma);
    expect(alone.status).toBe("APPROVED");
    expect(alone.role).toBe("DELEGATE");
    const delegation = await createDelegation(prisma);
    const head = await createRegistration(prisma, { delegationId: delegation.id, role: "HEAD_OF_DELEGATION" });
    expect(head.eventId).toBe(delegation.eventId);
    expect(head.category).toBe("HEAD_OF_DELEGATION");
    const pending = await createRegistration(prisma, { eventId: delegation.eventId, delegationId: delegation.id, status: "PENDING" });
    expect(pending.status).toBe("PENDING");
    expect(pending.decidedAt).toBeNull();
  });

  it("creates sessions with texts per language and speakers, users named from their account", async () => {
    const room = await createRoom(prisma, { capacity: 40, interpretationLanguages: ["en", "fr"] });
    const speaker = await createUser(prisma, { givenName: "Ana", familyName: "Núñez" });
    const session = await createSession(prisma, {
      roomId: room.id,
      startsAt: new Date("2025-11-24T08:00:00Z"),
      endsAt: new Date("2025-11-24T09:30:00Z"),
      texts: { en: { title: "Crypto tracing", description: "Hands-on" }, fr: { title: "Traçage des cryptomonnaies" } },
      speakers: [{ userId: speaker.id, role: "MODERATOR" }, { name: "Guest Person", affiliation: "UNODC" }],
    });
    expect(session.eventId).toBe(room.eventId);
    expect(session.kind).toBe("WORKSHOP");
    expect(session.capacity).toBe(30);
    expect(session.texts.map((t) => [t.language, t.title]).sort()).toEqual([
      ["en", "Crypto tracing"],
      ["fr", "Traçage des cryptomonnaies"],
    ]);
    expect(session.speakers.map((s) => [s.name, s.userId, s.role, s.position])).toEqual([
      ["Ana Núñez", speaker.id, "MODERATOR", 0],
      ["Guest Person", null, "SPEAKER", 1],
    ]);
    const plenary = await createSession(prisma, { eventId: room.eventId, kind: "PLENARY" });
    expect(plenary.capacity).toBeNull();
    expect(plenary.texts).toHaveLength(1);
    expect(plenary.endsAt.getTime() - plenary.startsAt.getTime()).toBe(90 * 60_000);
  });

  it("creates sign-ups, copying event and delegation, waitlisting in order", async () => {
    const delegation = await createDelegation(prisma);
    const session = await createSession(prisma, { eventId: delegation.eventId, capacity: 1 });
    const registration = await createRegistration(prisma, { delegationId: delegation.id });
    const confirmed = await createSignup(prisma, { sessionId: session.id, registrationId: registration.id });
    expect(confirmed).toMatchObject({ status: "CONFIRMED", eventId: delegation.eventId, delegationId: delegation.id });
    expect(confirmed.confirmedAt).not.toBeNull();
    const w1 = await createSignup(prisma, { sessionId: session.id, status: "WAITLISTED" });
    const w2 = await createSignup(prisma, { sessionId: session.id, status: "WAITLISTED" });
    expect([w1.waitlistPosition, w2.waitlistPosition]).toEqual([1, 2]);
    expect(w1.confirmedAt).toBeNull();
    const anywhere = await createSignup(prisma);
    expect(anywhere.status).toBe("CONFIRMED");
  });

  it("works inside a transaction client", async () => {
    const eventId = await prisma.$transaction(async (tx) => {
      const event = await createEvent(tx);
      await createDelegation(tx, { eventId: event.id });
      await createSession(tx, { eventId: event.id });
      return event.id;
    });
    expect(await prisma.delegation.count({ where: { eventId } })).toBe(1);
    await expect(
      prisma.$transaction(async (tx) => {
        await createEvent(tx, { slug: "rolled-back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await prisma.event.count({ where: { slug: "rolled-back" } })).toBe(0);
  });

  it("bulk-inserts builder rows with arrays, JSON, enums and database defaults", async () => {
    const event = await createEvent(prisma);
    const users = [
      buildUserData({ givenName: "Zoë", familyName: "Ørsted", isDemo: true }),
      buildUserData({ givenName: "علي", familyName: "حسن" }),
    ];
    expect(await insertRows(prisma, "User", users)).toBe(2);
    const registrations = users.map((u, i) =>
      buildRegistrationData({ eventId: event.id, userId: u.id, languagesSpoken: ["ar", "fr"], ...(i === 1 ? { status: "PENDING" } : {}) }),
    );
    expect(await insertRows(prisma, "Registration", registrations)).toBe(2);
    const rooms = [{ id: uuidv7(), eventId: event.id, name: "Bulk room", names: { fr: "Salle « vrac »" }, capacity: 12 }];
    await insertRows(prisma, "Room", rooms);

    const stored = await prisma.user.findMany({ where: { id: { in: users.map((u) => u.id) } }, include: { registrations: true }, orderBy: { id: "asc" } });
    expect(stored.map((u) => [u.givenName, u.familyName, u.isDemo, u.preferredLanguage])).toEqual([
      ["Zoë", "Ørsted", true, "en"],
      ["علي", "حسن", false, "en"],
    ]);
    expect(stored[0].updatedAt).toBeInstanceOf(Date);
    expect(stored.map((u) => u.registrations[0].status)).toEqual(["APPROVED", "PENDING"]);
    expect(stored[0].registrations[0].languagesSpoken).toEqual(["ar", "fr"]);
    expect(stored[0].registrations[0].badgeVersion).toBe(1); // database default
    const room = await prisma.room.findUniqueOrThrow({ where: { id: rooms[0].id } });
    expect(room.names).toEqual({ fr: "Salle « vrac »" });
    expect(room.equipment).toEqual([]);
    expect(room.stepFreeAccess).toBe(true);
    await expect(insertRows(prisma, 'User"; DROP TABLE "User', [])).rejects.toThrow(/table name/);
  });

  it("makes time-ordered version-7 ids", () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 10)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
