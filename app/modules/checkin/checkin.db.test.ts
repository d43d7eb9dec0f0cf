// Badge tokens and check-in on a real database: tokens are sealed, versioned and revocable;
// a scan checks in once per place; staff only; arrivals reach organisers on the bus.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { getStaffEvent } from "../accreditation/accreditation.server.ts";
import { createDelegation, createEvent, createRegistration, createSession, createUser } from "../demo/factories.server.ts";
import { testServices } from "../registration/testing.ts";
import { getAttendance } from "./attendance.server.ts";
import { manualBadgeCode, openBadgeToken, sealBadgeToken } from "./badge-token.server.ts";
import { checkIn, getOwnBadge, listCheckInSessions, reissueBadge, requireCheckInStaff, revokeBadge } from "./checkin.server.ts";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.prisma);
}, 120_000);
afterAll(() => database?.dispose());

async function fixture() {
  const db = database.prisma;
  const event = await createEvent(db);
  const delegation = await createDelegation(db, { eventId: event.id });
  const person = async (role: "DELEGATE" | "CHECKIN_STAFF" | "ORGANISER", status: "APPROVED" | "PENDING" | "REJECTED" = "APPROVED") => {
    const user = await createUser(db);
    const registration = await createRegistration(db, { eventId: event.id, userId: user.id, delegationId: role === "DELEGATE" ? delegation.id : null, role, status });
    return { user, registration, actor: { kind: "user" as const, userId: user.id } };
  };
  return {
    event: await getStaffEvent(db, event.slug),
    delegation,
    delegate: await person("DELEGATE"),
    pending: await person("DELEGATE", "PENDING"),
    rejected: await person("DELEGATE", "REJECTED"),
    staff: await person("CHECKIN_STAFF"),
    organiser: await person("ORGANISER"),
  };
}

describe("badge tokens", () => {
  it("seal the registration and version without showing the id, and refuse anything altered", async () => {
    const registrationId = "0190f3a4-1b2c-7d3e-8f40-123456789abc";
    const token = await sealBadgeToken(database.prisma, { registrationId, badgeVersion: 3 });
    expect(token).toMatch(/^PB1\.[A-Za-z0-9_-]+$/);
    expect(token).not.toContain(registrationId.replace(/-/g, ""));
    expect(Buffer.from(token.slice(4), "base64url").toString("hex")).not.toContain(registrationId.replace(/-/g, ""));
    expect(await openBadgeToken(database.prisma, token)).toEqual({ registrationId, badgeVersion: 3 });
    // Two renderings differ (fresh nonce) and both open.
    const again = await sealBadgeToken(database.prisma, { registrationId, badgeVersion: 3 });
    expect(again).not.toBe(token);
    expect(await openBadgeToken(database.prisma, again)).toEqual({ registrationId, badgeVersion: 3 });
    // Flip one bit anywhere: refused.
    const raw = Buffer.from(token.slice(4), "base64url");
    for (const index of [0, 5, 20, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[index] ^= 1;
      expect(await openBadgeToken(database.prisma, `PB1.${altered.toString("base64url")}`)).toBeNull();
    }
    expect(await openBadgeToken(database.prisma, registrationId)).toBeNull();
    expect(await openBadgeToken(database.prisma, "PB1.")).toBeNull();
  });

  it("manual codes are short, stable for a version, and change when the badge is re-issued", async () => {
    const claim = { registrationId: "0190f3a4-1b2c-7d3e-8f40-123456789abc", badgeVersion: 1 };
    const code = await manualBadgeCode(database.prisma, claim);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await manualBadgeCode(database.prisma, claim)).toBe(code);
    expect(await manualBadgeCode(database.prisma, { ...claim, badgeVersion: 2 })).not.toBe(code);
  });
});

describe("check-in", () => {
  it("is for check-in staff and organisers only", async () => {
    const f = await fixture();
    await expect(requireCheckInStaff(database.prisma, { kind: "anonymous" }, f.event.slug)).rejects.toMatchObject({ status: 401 });
    await expect(requireCheckInStaff(database.prisma, f.delegate.actor, f.event.slug)).rejects.toMatchObject({ status: 403 });
    await expect(requireCheckInStaff(database.prisma, f.staff.actor, f.event.slug)).resolves.toMatchObject({ id: f.event.id });
    await expect(requireCheckInStaff(database.prisma, f.organiser.actor, f.event.slug)).resolves.toMatchObject({ id: f.event.id });
  });

  it("checks a badge in once at the door; a repeat says when; the arrival is published", async () => {
    const f = await fixture();
    const badge = await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id);
    if (badge.status !== "ok") throw new Error(`badge ${badge.status}`);
    const published: unknown[] = [];
    const unsubscribe = services.bus.subscribe("checkin.recorded", (payload) => void published.push(payload));
    const first = await checkIn(services, f.staff.actor, f.event, { code: badge.token, method: "qr" });
    expect(first).toMatchObject({ result: "checked_in", sessionId: null, person: { registrationId: f.delegate.registration.id, delegation: f.delegation.name, category: "DELEGATE" } });
    const repeat = await checkIn(services, f.staff.actor, f.event, { code: badge.manualCode.toLowerCase(), method: "manual" });
    expect(repeat).toMatchObject({ result: "already", scannedAt: first.result === "checked_in" ? first.scannedAt : "" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    expect(published).toEqual([{ eventId: f.event.id, checkIn: expect.objectContaining({ registrationId: f.delegate.registration.id, method: "qr", sessionId: null }) }]);
    expect(await database.prisma.checkIn.count({ where: { registrationId: f.delegate.registration.id } })).toBe(1);
    const row = await database.prisma.checkIn.findFirstOrThrow({ where: { registrationId: f.delegate.registration.id } });
    expect(row.scannedById).toBe(f.staff.user.id);
  });

  it("checks in per session separately from the door, and never for another event's session", async () => {
    const f = await fixture();
    const session = await createSession(database.prisma, { eventId: f.event.id, kind: "WORKSHOP", capacity: 10 });
    const foreign = await createSession(database.prisma, { kind: "PLENARY" });
    const badge = await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id);
    if (badge.status !== "ok") throw new Error("no badge");
    expect((await checkIn(services, f.staff.actor, f.event, { code: badge.token })).result).toBe("checked_in");
    expect((await checkIn(services, f.staff.actor, f.event, { code: badge.token, sessionId: session.id })).result).toBe("checked_in");
    expect((await checkIn(services, f.staff.actor, f.event, { code: badge.token, sessionId: session.id })).result).toBe("already");
    await expect(checkIn(services, f.staff.actor, f.event, { code: badge.token, sessionId: foreign.id })).rejects.toMatchObject({ status: 404 });
    // Bilaterals are confidential: neither listed for staff nor a place to check in.
    const bilateral = await createSession(database.prisma, { eventId: f.event.id, kind: "BILATERAL", startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000) });
    await expect(checkIn(services, f.staff.actor, f.event, { code: badge.token, sessionId: bilateral.id })).rejects.toMatchObject({ status: 404 });
    expect((await listCheckInSessions(database.prisma, f.event)).map((s) => s.id)).not.toContain(bilateral.id);
  });

  it("refuses re-issued, revoked, rejected, pending, unknown and other events' badges loudly", async () => {
    const f = await fixture();
    const other = await fixture();
    const old = await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id);
    if (old.status !== "ok") throw new Error("no badge");
    await reissueBadge(services, f.delegate.actor, f.event, f.delegate.registration.id); // "I lost my badge"
    expect(await checkIn(services, f.staff.actor, f.event, { code: old.token })).toMatchObject({ result: "refused", reason: "revoked" });
    expect(await checkIn(services, f.staff.actor, f.event, { code: old.manualCode })).toMatchObject({ result: "refused", reason: "unknown" });
    const fresh = await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id);
    if (fresh.status !== "ok") throw new Error("no badge");
    await expect(reissueBadge(services, f.staff.actor, f.event, f.delegate.registration.id)).rejects.toMatchObject({ status: 403 });
    await revokeBadge(services, f.organiser.actor, f.event, f.delegate.registration.id);
    expect(await checkIn(services, f.staff.actor, f.event, { code: fresh.token })).toMatchObject({ result: "refused", reason: "revoked" });
    expect(await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id)).toMatchObject({ status: "revoked" });

    const claim = (registrationId: string) => sealBadgeToken(database.prisma, { registrationId, badgeVersion: 1 });
    expect(await checkIn(services, f.staff.actor, f.event, { code: await claim(f.rejected.registration.id) })).toMatchObject({ result: "refused", reason: "rejected" });
    expect(await checkIn(services, f.staff.actor, f.event, { code: await claim(f.pending.registration.id) })).toMatchObject({ result: "refused", reason: "not_accredited" });
    expect(await checkIn(services, f.staff.actor, f.event, { code: await claim(other.delegate.registration.id) })).toMatchObject({ result: "refused", reason: "other_event" });
    expect(await checkIn(services, f.staff.actor, f.event, { code: "hello" })).toMatchObject({ result: "refused", reason: "unknown" });
    expect(await database.prisma.checkIn.count({ where: { eventId: f.event.id } })).toBe(0);
    const audit = await database.prisma.auditLog.findMany({ where: { targetId: f.delegate.registration.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["badge.reissued", "badge.revoked"]);
  });
});

describe("attendance", () => {
  it("counts arrivals by category, delegation and session, for organisers only", async () => {
    const f = await fixture();
    const now = new Date();
    const room = await database.prisma.room.create({ data: { eventId: f.event.id, name: "Hall A", capacity: 50 } });
    const session = await createSession(database.prisma, { eventId: f.event.id, roomId: room.id, kind: "PLENARY", startsAt: now, endsAt: new Date(now.getTime() + 3_600_000) });
    const badge = await getOwnBadge(database.prisma, f.delegate.user.id, f.event.id);
    if (badge.status !== "ok") throw new Error("no badge");
    await checkIn(services, f.staff.actor, f.event, { code: badge.token });
    await checkIn(services, f.staff.actor, f.event, { code: badge.token, sessionId: session.id });
    await expect(getAttendance(database.prisma, f.staff.actor, f.event, now)).rejects.toMatchObject({ status: 403 });
    const figures = await getAttendance(database.prisma, f.organiser.actor, f.event, now);
    expect(figures.accredited).toBe(3); // delegate, staff, organiser
    expect(figures.arrived).toBe(1);
    expect(figures.recent.map((c) => c.registrationId)).toEqual([f.delegate.registration.id]);
    expect(figures.byCategory.find((c) => c.category === "DELEGATE")).toMatchObject({ arrived: 1 });
    expect(figures.byCountry.find((c) => c.delegation === f.delegation.name)).toEqual({ delegation: f.delegation.name, countryCode: f.delegation.countryCode, arrived: 1, accredited: 1 });
    expect(figures.bySession.find((s) => s.id === session.id)).toMatchObject({ room: "Hall A", roomCapacity: 50, checkedIn: 1 });
  });
});
