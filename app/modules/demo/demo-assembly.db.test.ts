import countries from "i18n-iso-countries";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import { dateInZone, daysBetween, dbDateToDate, timeInZone } from "../../lib/zoned-time.ts";
import { verifyPassword } from "../auth/password.server.ts";
import {
  CHIEF_TITLES,
  DEMO_EVENT_SLUG,
  DEMO_FIRST_SIGNED_UP_DELEGATE,
  NON_MEMBER_CODES,
  ensureDemoData,
} from "./demo-assembly.server.ts";

const PASSWORD = "plenary-demo-test";
const START = "2025-11-24";
const MINUTE = 60_000;
const silent = () => {};

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Everything a person can see of the demo content, without ids or timestamps. */
async function snapshot(prisma: PrismaClient) {
  const event = await prisma.event.findFirstOrThrow({ include: { rooms: true, tracks: true } });
  const delegations = await prisma.delegation.findMany({
    include: { invitationCodes: true, quotas: { orderBy: { category: "asc" } } },
    orderBy: { name: "asc" },
  });
  const registrations = await prisma.registration.findMany({
    include: { user: true, delegation: true, endorsedBy: true },
    orderBy: { user: { email: "asc" } },
  });
  const sessions = await prisma.session.findMany({
    include: { room: true, track: true, texts: { orderBy: { language: "asc" } }, speakers: { orderBy: { position: "asc" } } },
  });
  const signups = await prisma.workshopSignup.findMany({
    include: { registration: { include: { user: true } }, session: { include: { texts: true } } },
  });
  const enTitle = (s: { texts: { language: string; title: string }[] }) => s.texts.find((t) => t.language === "en")?.title;
  return {
    event: {
      slug: event.slug, name: event.name, names: event.names, timeZone: event.timeZone,
      startsOn: dbDateToDate(event.startsOn), endsOn: dbDateToDate(event.endsOn),
      rooms: event.rooms.map((r) => [r.name, r.capacity, r.names, r.interpretationLanguages]).sort(),
      tracks: event.tracks.map((t) => t.name).sort(),
    },
    delegations: delegations.map((d) => [d.countryCode, d.name, d.invitationCodes.map((c) => c.code), d.quotas.map((q) => [q.category, q.maxPeople])]),
    people: registrations.map((r) => [
      r.user.email, r.user.givenName, r.user.familyName, r.user.preferredLanguage, r.role, r.status, r.title,
      r.isChiefOfPolice, r.delegation?.countryCode, r.endorsedBy?.email ?? null, r.identityDocumentNumber,
    ]),
    sessions: sessions
      .map((s) => [
        s.startsAt.toISOString(), s.endsAt.toISOString(), s.room?.name, s.track?.name, s.kind, s.status, s.capacity,
        s.texts.map((t) => [t.language, t.title, t.description]),
        s.speakers.map((p) => [p.name, p.affiliation, p.role]),
      ])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    signups: signups
      .map((s) => [s.registration.user.email, enTitle(s.session), s.status, s.waitlistPosition])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

describe("the demo assembly", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let seedMs = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = db.prisma;
    const started = performance.now();
    const outcome = await ensureDemoData(prisma, {
      mode: "auto",
      nodeEnv: "test",
      usingExternalDatabase: db.kind === "postgres",
      startDate: START,
      password: PASSWORD,
      log: silent,
    });
    seedMs = performance.now() - started;
    expect(outcome.seeded).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await db?.dispose();
  });

  it("seeds quickly", () => {
    // Target < 5 s on in-memory PGlite; allow slack for a loaded CI machine.
    expect(seedMs).toBeLessThan(15_000);
  });

  it("is the 93rd General Assembly in Marrakech on the requested dates", async () => {
    const event = await prisma.event.findUniqueOrThrow({ where: { slug: DEMO_EVENT_SLUG } });
    expect(event.name).toBe("93rd General Assembly");
    expect(event.names).toMatchObject({ fr: "93e Assemblée générale" });
    expect(Object.keys(event.names as object).sort()).toEqual(["ar", "en", "es", "fr"]);
    expect(event.city).toBe("Marrakech");
    expect(event.countryCode).toBe("MA");
    expect(event.timeZone).toBe("Africa/Casablanca");
    expect(event.languages).toEqual(["en", "fr", "es", "ar"]);
    expect(dbDateToDate(event.startsOn)).toBe("2025-11-24");
    expect(dbDateToDate(event.endsOn)).toBe("2025-11-27");
    expect(await prisma.event.count()).toBe(1);
  });

  it("has 179 delegations of distinct real countries, Morocco among them, each with a code and quotas", async () => {
    const delegations = await prisma.delegation.findMany({ include: { invitationCodes: true, quotas: true } });
    expect(delegations.length).toBeGreaterThanOrEqual(179);
    const codes = delegations.map((d) => d.countryCode);
    expect(new Set(codes).size).toBe(delegations.length);
    for (const delegation of delegations) {
      const code = delegation.countryCode as string;
      expect(delegation.kind).toBe("COUNTRY");
      expect(countries.isValid(code), code).toBe(true);
      expect(NON_MEMBER_CODES.has(code), code).toBe(false);
      expect(delegation.name).toBe(countries.getName(code, "en")); // the package's name, not a typed one
      expect(delegation.invitationCodes).toHaveLength(1);
      expect(delegation.invitationCodes[0].active).toBe(true);
      expect(delegation.invitationCodes[0].code).toMatch(/^[A-Z0-9]{4,32}$/);
      expect(delegation.quotas.map((q) => q.category).sort()).toEqual(["DELEGATE", "HEAD_OF_DELEGATION", "OBSERVER", "PRESS"]);
    }
    expect(codes).toContain("MA");
    const allCodes = delegations.map((d) => d.invitationCodes[0].code);
    expect(new Set(allCodes).size).toBe(allCodes.length);
  });

  it("keeps every delegation within its quotas, pending applications included", async () => {
    const delegations = await prisma.delegation.findMany({
      include: { quotas: true, registrations: { where: { status: { in: ["APPROVED", "PENDING"] } } } },
    });
    for (const delegation of delegations) {
      for (const quota of delegation.quotas) {
        const used = delegation.registrations.filter((r) => r.category === quota.category).length;
        expect(used, `${delegation.name} ${quota.category}`).toBeLessThanOrEqual(quota.maxPeople);
      }
    }
  });

  it("has delegate1…delegate800, all accredited delegates, plus staff and one head per delegation", async () => {
    const delegates = await prisma.registration.findMany({
      where: { user: { email: { startsWith: "delegate" } } },
      include: { user: true },
    });
    expect(delegates).toHaveLength(800);
    const numbers = delegates.map((r) => Number(/^delegate(\d+)@demo\.plenary\.test$/.exec(r.user.email)?.[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    for (const r of delegates) {
      expect(r.status).toBe("APPROVED");
      expect(r.role).toBe("DELEGATE");
      expect(r.delegationId).not.toBeNull();
      expect(["en", "fr", "es", "ar"]).toContain(r.user.preferredLanguage);
    }
    // Spread over many delegations, not piled into a few.
    expect(new Set(delegates.map((r) => r.delegationId)).size).toBeGreaterThanOrEqual(170);

    const heads = await prisma.registration.findMany({ where: { role: "HEAD_OF_DELEGATION" }, include: { user: true } });
    expect(heads).toHaveLength(179);
    expect(new Set(heads.map((h) => h.delegationId)).size).toBe(179);
    expect(heads.map((h) => h.user.email).sort()).toEqual(
      Array.from({ length: 179 }, (_, i) => `head${i + 1}@demo.plenary.test`).sort(),
    );
    for (const head of heads) {
      expect(head.status).toBe("APPROVED");
      expect(head.category).toBe("HEAD_OF_DELEGATION");
    }
    // head1 heads the first delegation by English name.
    const head1 = heads.find((h) => h.user.email === "head1@demo.plenary.test")!;
    const first = (await prisma.delegation.findMany({ select: { id: true, name: true } })).sort((a, b) =>
      new Intl.Collator("en").compare(a.name, b.name),
    )[0];
    expect(head1.delegationId).toBe(first.id);

    const staff = await prisma.user.findMany({
      where: { email: { in: ["organiser@demo.plenary.test", "admin@demo.plenary.test", "checkin@demo.plenary.test"] } },
      include: { registrations: true },
      orderBy: { email: "asc" },
    });
    expect(staff.map((u) => [u.email, u.isPlatformAdmin, u.registrations[0].role, u.registrations[0].status, u.registrations[0].delegationId])).toEqual([
      ["admin@demo.plenary.test", true, "ADMIN", "APPROVED", null],
      ["checkin@demo.plenary.test", false, "CHECKIN_STAFF", "APPROVED", null],
      ["organiser@demo.plenary.test", false, "ORGANISER", "APPROVED", null],
    ]);
  });

  it("gives every demo account the one password hash, verified e-mail and the demo flag", async () => {
    const users = await prisma.user.findMany({ select: { email: true, passwordHash: true, isDemo: true, emailVerifiedAt: true, totpKey: true } });
    expect(users.length).toBeGreaterThanOrEqual(3 + 179 + 800 + 1);
    const hashes = new Set(users.map((u) => u.passwordHash));
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes];
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash as string, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash as string, "plenary-demo")).toBe(false);
    for (const user of users) {
      expect(user.email).toMatch(/^[a-z]+\d*@demo\.plenary\.test$/);
      expect(user.isDemo).toBe(true);
      expect(user.emailVerifiedAt).not.toBeNull();
      expect(user.totpKey).toBeNull();
    }
  });

  it("has pending applications, some endorsed by their own head of delegation", async () => {
    const pending = await prisma.registration.findMany({
      where: { status: "PENDING" },
      include: { user: true, endorsedBy: { include: { registrations: true } } },
    });
    expect(pending.length).toBeGreaterThanOrEqual(1);
    expect(pending.length).toBeGreaterThanOrEqual(30);
    for (const r of pending) {
      expect(r.user.email).toMatch(/^applicant\d+@demo\.plenary\.test$/);
      expect(r.decidedAt).toBeNull();
    }
    const endorsed = pending.filter((r) => r.endorsement === "ENDORSED");
    expect(endorsed.length).toBeGreaterThan(0);
    expect(endorsed.length).toBeLessThan(pending.length);
    for (const r of endorsed) {
      const headRegistration = r.endorsedBy?.registrations[0];
      expect(headRegistration?.role).toBe("HEAD_OF_DELEGATION");
      expect(headRegistration?.delegationId).toBe(r.delegationId);
    }
  });

  it("counts 82 chiefs of police with police titles", async () => {
    const chiefs = await prisma.registration.findMany({ where: { isChiefOfPolice: true } });
    expect(chiefs).toHaveLength(82);
    for (const chief of chiefs) expect(CHIEF_TITLES).toContain(chief.title);
    expect(new Set(chiefs.map((c) => c.delegationId)).size).toBe(82);
  });

  it("names people in many scripts, matched to their country", async () => {
    const people = await prisma.registration.findMany({ include: { user: true, delegation: true } });
    const names = people.map((p) => `${p.user.givenName} ${p.user.familyName}`);
    const count = (re: RegExp) => names.filter((n) => re.test(n)).length;
    expect(count(/\p{Script=Arabic}/u)).toBeGreaterThan(20);
    expect(count(/\p{Script=Cyrillic}/u)).toBeGreaterThan(5);
    expect(count(/\p{Script=Han}/u)).toBeGreaterThan(0);
    expect(count(/\p{Script=Devanagari}/u)).toBeGreaterThan(0);
    expect(count(/\p{Script=Greek}/u)).toBeGreaterThan(0);
    // Latin letters with diacritics: é, ñ, ş, ọ…
    const latinDiacritic = (n: string) => [...n.normalize("NFC")].some((ch) => ch > "\u007f" && /\p{Script=Latin}/u.test(ch));
    expect(names.filter(latinDiacritic).length).toBeGreaterThan(20);
    const inCountry = (code: string) =>
      people.filter((p) => p.delegation?.countryCode === code).map((p) => `${p.user.givenName} ${p.user.familyName}`);
    expect(inCountry("CN").every((n) => /\p{Script=Han}/u.test(n))).toBe(true);
    expect(inCountry("RU").every((n) => /\p{Script=Cyrillic}/u.test(n))).toBe(true);
    expect(inCountry("SA").every((n) => /\p{Script=Arabic}/u.test(n))).toBe(true);
    expect(inCountry("NP").every((n) => /\p{Script=Devanagari}/u.test(n))).toBe(true);
    for (const p of people) {
      expect(p.user.givenName.trim()).not.toBe("");
      expect(p.user.familyName.trim()).not.toBe("");
    }
  });

  it("has 12+ rooms with realistic capacities; the plenary hall interprets all four languages", async () => {
    const rooms = await prisma.room.findMany();
    expect(rooms.length).toBeGreaterThanOrEqual(12);
    const hall = rooms.reduce((a, b) => (a.capacity > b.capacity ? a : b));
    expect(hall.capacity).toBeGreaterThanOrEqual(1000);
    expect([...hall.interpretationLanguages].sort()).toEqual(["ar", "en", "es", "fr"]);
    expect(rooms.filter((r) => r.capacity >= 200 && r.capacity <= 400).length).toBeGreaterThanOrEqual(3);
    expect(rooms.filter((r) => r.capacity >= 40 && r.capacity <= 120).length).toBeGreaterThanOrEqual(5);
    expect(rooms.filter((r) => r.capacity >= 10 && r.capacity <= 20).length).toBeGreaterThanOrEqual(2);
    for (const room of rooms) {
      expect(Object.keys(room.names as object).sort()).toEqual(["ar", "en", "es", "fr"]);
      expect(room.opensAt).toMatch(/^\d\d:\d\d$/);
      expect(room.closesAt).toMatch(/^\d\d:\d\d$/);
    }
  });

  it("has 100+ public sessions: plenaries, 30+ workshops within their rooms' capacity, side events", async () => {
    const sessions = await prisma.session.findMany({ include: { room: true, texts: true, speakers: true } });
    // Bilaterals are confidential and never on the public agenda: the 100 are without them.
    expect(sessions.filter((s) => s.kind !== "BILATERAL" && s.published).length).toBeGreaterThanOrEqual(100);
    const byKind = (kind: string) => sessions.filter((s) => s.kind === kind);
    expect(byKind("PLENARY").length).toBeGreaterThanOrEqual(8);
    expect(byKind("SIDE_EVENT").length).toBeGreaterThanOrEqual(5);
    const workshops = byKind("WORKSHOP");
    expect(workshops.length).toBeGreaterThanOrEqual(30);
    for (const w of workshops) {
      expect(w.capacity).toBeGreaterThan(0);
      expect(w.capacity).toBeLessThanOrEqual(w.room!.capacity);
    }
    expect(workshops.some((w) => (w.capacity ?? 0) <= 40)).toBe(true);
    for (const s of sessions) {
      const languages = s.texts.map((t) => t.language);
      expect(languages).toContain("en");
      expect(languages).toContain("fr");
      for (const text of s.texts) {
        expect(text.title.trim()).not.toBe("");
        expect(text.description).toBeTruthy();
      }
      expect(s.roomId).not.toBeNull();
      for (const lang of s.interpretationLanguages) expect(s.room!.interpretationLanguages).toContain(lang);
      expect(["en", "fr", "es", "ar"]).toContain(s.floorLanguage);
    }
    expect(sessions.filter((s) => s.texts.some((t) => t.language === "es")).length).toBeGreaterThan(10);
    expect(sessions.filter((s) => s.texts.some((t) => t.language === "ar")).length).toBeGreaterThan(10);
    for (const plenary of byKind("PLENARY")) expect([...plenary.interpretationLanguages].sort()).toEqual(["ar", "en", "es", "fr"]);
    const opening = sessions.find((s) => s.texts.some((t) => t.language === "en" && t.title === "Opening ceremony"))!;
    expect(timeInZone(opening.startsAt, "Africa/Casablanca")).toBe("09:00");
    expect(opening.startsAt.toISOString()).toBe("2025-11-24T08:00:00.000Z");

    const speakers = sessions.flatMap((s) => s.speakers);
    expect(speakers.some((p) => p.userId !== null)).toBe(true);
    expect(speakers.some((p) => p.userId === null)).toBe(true);

    expect(sessions.filter((s) => s.status === "CANCELLED")).toHaveLength(1);
    const delayed = sessions.filter((s) => s.status === "DELAYED");
    expect(delayed).toHaveLength(1);
    expect(delayed[0].delayMinutes).toBe(15);
    expect(sessions.filter((s) => !["CANCELLED", "DELAYED"].includes(s.status)).every((s) => s.status === "SCHEDULED" && s.delayMinutes === 0)).toBe(true);
  });

  it("schedules every session within the event's days in its zone, one across midnight", async () => {
    const event = await prisma.event.findFirstOrThrow();
    const days = daysBetween(dbDateToDate(event.startsOn), dbDateToDate(event.endsOn));
    expect(days).toEqual(["2025-11-24", "2025-11-25", "2025-11-26", "2025-11-27"]);
    const sessions = await prisma.session.findMany();
    for (const s of sessions) {
      expect(s.endsAt.getTime()).toBeGreaterThan(s.startsAt.getTime());
      expect(days).toContain(dateInZone(s.startsAt, event.timeZone));
      expect(days).toContain(dateInZone(new Date(s.endsAt.getTime() + s.delayMinutes * MINUTE), event.timeZone));
    }
    // Every day has something on it.
    for (const day of days) expect(sessions.some((s) => dateInZone(s.startsAt, event.timeZone) === day)).toBe(true);
    const crossing = sessions.filter((s) => dateInZone(s.startsAt, event.timeZone) !== dateInZone(s.endsAt, event.timeZone));
    expect(crossing).toHaveLength(1);
  });

  it("never double-books a room, changeover buffer and delays included, and keeps to opening hours", async () => {
    const event = await prisma.event.findFirstOrThrow();
    const rooms = await prisma.room.findMany({ include: { sessions: true } });
    const buffer = event.changeoverBufferMinutes * MINUTE;
    expect(buffer).toBe(10 * MINUTE);
    for (const room of rooms) {
      const slots = room.sessions
        .map((s) => ({ start: s.startsAt.getTime(), end: s.endsAt.getTime() + s.delayMinutes * MINUTE }))
        .sort((a, b) => a.start - b.start);
      for (let i = 1; i < slots.length; i++) {
        expect(slots[i].start, `${room.name} #${i}`).toBeGreaterThanOrEqual(slots[i - 1].end + buffer);
      }
      if (room.opensAt && room.closesAt && room.opensAt < room.closesAt) {
        for (const s of room.sessions) {
          expect(timeInZone(s.startsAt, event.timeZone) >= room.opensAt, room.name).toBe(true);
          expect(timeInZone(s.endsAt, event.timeZone) <= room.closesAt, room.name).toBe(true);
          expect(dateInZone(s.endsAt, event.timeZone)).toBe(dateInZone(s.startsAt, event.timeZone));
        }
      }
    }
  });

  it("has workshop sign-ups only by delegate601 and above, within capacity and delegation caps", async () => {
    const event = await prisma.event.findFirstOrThrow();
    const signups = await prisma.workshopSignup.findMany({
      include: { registration: { include: { user: true } }, session: true },
    });
    expect(signups.length).toBeGreaterThanOrEqual(200);
    for (const s of signups) {
      const n = Number(/^delegate(\d+)@/.exec(s.registration.user.email)?.[1]);
      expect(n, s.registration.user.email).toBeGreaterThanOrEqual(DEMO_FIRST_SIGNED_UP_DELEGATE);
      expect(n).toBeLessThanOrEqual(800);
      expect(s.session.kind).toBe("WORKSHOP");
      expect(s.session.status).not.toBe("CANCELLED");
      expect(s.eventId).toBe(event.id);
      expect(s.delegationId).toBe(s.registration.delegationId);
      if (s.status === "CONFIRMED") expect(s.confirmedAt).not.toBeNull();
    }
    expect(new Set(signups.map((s) => s.status))).toEqual(new Set(["CONFIRMED", "WAITLISTED"]));

    const bySession = groupBy(signups, (s) => s.sessionId);
    const full: string[] = [];
    for (const [sessionId, list] of bySession) {
      const session = list[0].session;
      const confirmed = list.filter((s) => s.status === "CONFIRMED");
      expect(confirmed.length).toBeLessThanOrEqual(session.capacity!);
      if (confirmed.length === session.capacity) full.push(sessionId);
      const cap = session.delegationCap ?? event.delegationCapDefault ?? Number.POSITIVE_INFINITY;
      for (const [, ofDelegation] of groupBy(confirmed, (s) => s.delegationId)) {
        expect(ofDelegation.length).toBeLessThanOrEqual(cap);
      }
      const waitlist = list.filter((s) => s.status === "WAITLISTED").map((s) => s.waitlistPosition).sort((a, b) => a! - b!);
      expect(waitlist).toEqual(Array.from({ length: waitlist.length }, (_, i) => i + 1));
      if (waitlist.length > 0) expect(confirmed.length).toBe(session.capacity); // a waitlist only when full
      for (const s of list.filter((x) => x.status !== "WAITLISTED")) expect(s.waitlistPosition).toBeNull();
    }
    expect(full).toHaveLength(1);
    const waitlisted = signups.filter((s) => s.status === "WAITLISTED");
    expect(waitlisted.length).toBeGreaterThanOrEqual(2);
    expect(new Set(waitlisted.map((s) => s.sessionId))).toEqual(new Set(full));

    // Nobody holds two workshops at the same time.
    for (const [, mine] of groupBy(signups, (s) => s.registrationId)) {
      for (let i = 0; i < mine.length; i++) {
        for (let j = i + 1; j < mine.length; j++) {
          const a = mine[i].session;
          const b = mine[j].session;
          expect(a.startsAt < b.endsAt && b.startsAt < a.endsAt).toBe(false);
        }
      }
    }
  });

  it("adds nothing when asked again: the database is no longer empty", async () => {
    const before = [await prisma.user.count(), await prisma.session.count(), await prisma.workshopSignup.count()];
    for (const mode of ["auto", "always"] as const) {
      const again = await ensureDemoData(prisma, {
        mode, nodeEnv: "development", usingExternalDatabase: false, startDate: "2026-01-05", password: PASSWORD, log: silent,
      });
      expect(again.seeded).toBe(false);
      expect(again.outcome).toBe("not-empty");
      expect(again.reason).toMatch(/not empty/);
    }
    expect([await prisma.user.count(), await prisma.session.count(), await prisma.workshopSignup.count()]).toEqual(before);
    expect(await prisma.event.count()).toBe(1);
  });

  describe("rules and determinism on a second database", () => {
    let other: TestDatabase;

    beforeAll(async () => {
      other = await createTestDatabase();
    }, 120_000);

    afterAll(async () => {
      await other?.dispose();
    });

    it("never seeds with mode never, nor in production with an external database unless asked explicitly", async () => {
      const base = { startDate: START, password: PASSWORD, log: silent };
      const never = await ensureDemoData(other.prisma, { ...base, mode: "never", nodeEnv: "development", usingExternalDatabase: false });
      expect(never).toMatchObject({ seeded: false, outcome: "disabled" });
      const prodExternal = await ensureDemoData(other.prisma, { ...base, mode: "auto", nodeEnv: "production", usingExternalDatabase: true });
      expect(prodExternal.seeded).toBe(false);
      expect(prodExternal.outcome).toBe("production-external-database");
      expect(prodExternal.reason).toMatch(/production/);
      expect(await other.prisma.event.count()).toBe(0);
      expect(await other.prisma.user.count()).toBe(0);

      const explicit = await ensureDemoData(other.prisma, { ...base, mode: "always", nodeEnv: "production", usingExternalDatabase: true });
      expect(explicit.seeded).toBe(true);
      expect(explicit.result?.slug).toBe(DEMO_EVENT_SLUG);
      expect(explicit.result?.counts).toMatchObject({ delegations: 179, chiefsOfPolice: 82 });
    }, 120_000);

    it("is deterministic: the same start date gives the same content in another database", async () => {
      expect(await other.prisma.event.count()).toBe(1);
      const [a, b] = [await snapshot(prisma), await snapshot(other.prisma)];
      expect(b.event).toEqual(a.event);
      expect(b.delegations).toEqual(a.delegations);
      expect(b.people).toEqual(a.people);
      expect(b.sessions).toEqual(a.sessions);
      expect(b.signups).toEqual(a.signups);
      // and the ids are the database's own, not copied
      const [ea, eb] = [await prisma.event.findFirstOrThrow(), await other.prisma.event.findFirstOrThrow()];
      expect(ea.id).not.toBe(eb.id);
    }, 60_000);
  });

  describe("start date", () => {
    let third: TestDatabase;

    beforeAll(async () => {
      third = await createTestDatabase();
    }, 120_000);

    afterAll(async () => {
      await third?.dispose();
    });

    it("defaults to today in Casablanca and keeps wall times when Ramadan time starts mid-event", async () => {
      // 23:30 UTC on 11 February 2026 is already 12 February in Casablanca (UTC+1); on the
      // event's last day, 15 February, Morocco switches to UTC+0 for Ramadan.
      const now = new Date("2026-02-11T23:30:00Z");
      const outcome = await ensureDemoData(third.prisma, {
        mode: "auto", nodeEnv: "production", usingExternalDatabase: false, password: PASSWORD, now, log: silent,
      });
      expect(outcome.seeded).toBe(true); // production on the embedded database does get demo data
      const event = await third.prisma.event.findFirstOrThrow();
      expect(dbDateToDate(event.startsOn)).toBe("2026-02-12");
      expect(dbDateToDate(event.endsOn)).toBe("2026-02-15");
      const plenaries = await third.prisma.session.findMany({
        where: { kind: "PLENARY" },
        orderBy: { startsAt: "asc" },
      });
      const nineOClock = plenaries.filter((s) => timeInZone(s.startsAt, event.timeZone) === "09:00");
      // 09:00 in Casablanca is 08:00 UTC from 12 to 14 February (UTC+1), 09:00 UTC on the 15th (UTC+0).
      expect(nineOClock.map((s) => s.startsAt.toISOString())).toEqual([
        "2026-02-12T08:00:00.000Z",
        "2026-02-13T08:00:00.000Z",
        "2026-02-14T08:00:00.000Z",
        "2026-02-15T09:00:00.000Z",
      ]);
    }, 120_000);
  });
});
