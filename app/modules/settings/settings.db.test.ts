import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { enqueueMail } from "../mail/outbox.server.ts";
import { listOutbox } from "./mail-outbox.server.ts";
import {
  createDelegationSetting,
  createInvitationCode,
  disableInvitationCode,
  getEventSettings,
  listDelegationSettings,
  rotateInvitationCode,
  setQuotas,
  toLocalDateTime,
  updateEventSettings,
  type EventSettingsInput,
} from "./settings.server.ts";

let db: TestDatabase;
const as = (userId: string): Actor => ({ kind: "user", userId });

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

async function setUp() {
  const event = await createEvent(db.prisma, { timeZone: "Africa/Casablanca" });
  const organiser = await createUser(db.prisma);
  await createRegistration(db.prisma, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
  const delegate = await createUser(db.prisma);
  const delegation = await createDelegation(db.prisma, { eventId: event.id, quotas: { DELEGATE: 5 } });
  await createRegistration(db.prisma, { eventId: event.id, userId: delegate.id, delegationId: delegation.id });
  return { event, organiser, delegate, delegation };
}

const validSettings: EventSettingsInput = {
  registrationClosesAt: "2026-11-10T18:00",
  signupOpensAt: "2026-11-01T09:00",
  signupClosesAt: "2026-11-20T12:00",
  waitlistMode: "TIMED_OFFER",
  waitlistOfferMinutes: "90",
  delegationCapDefault: "3",
  changeoverBufferMinutes: "15",
  dataProtectionNotice: { en: "We keep your data until 31 March.", fr: "Nous conservons vos données jusqu’au 31 mars.", ar: "" },
};

function issuesOf(error: unknown): Record<string, string> {
  expect(error).toBeInstanceOf(ZodError);
  return Object.fromEntries((error as ZodError).issues.map((i) => [i.path.join("."), i.message]));
}

describe("event settings", () => {
  it("saves valid settings, reading wall-clock times in the event's zone, and audits what changed", async () => {
    const f = await setUp();
    const saved = await updateEventSettings(db.prisma, as(f.organiser.id), f.event, validSettings);
    // Casablanca is UTC+0 in November 2026 (for good since 20 September, tzdb 2026c)...
    expect(saved.registrationClosesAt?.toISOString()).toBe("2026-11-10T18:00:00.000Z");
    expect(toLocalDateTime(saved.registrationClosesAt, f.event.timeZone)).toBe("2026-11-10T18:00");
    expect(saved).toMatchObject({ waitlistMode: "TIMED_OFFER", waitlistOfferMinutes: 90, delegationCapDefault: 3, changeoverBufferMinutes: 15 });
    expect(saved.dataProtectionNotice).toEqual({ en: "We keep your data until 31 March.", fr: "Nous conservons vos données jusqu’au 31 mars." });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { eventId: f.event.id, action: "settings.updated" } });
    expect(audit).toMatchObject({ actorId: f.organiser.id, targetType: "event", targetId: f.event.id });
    expect(Object.keys((audit.data as { changed: object }).changed)).toContain("waitlistMode");
    // ...but was UTC+1 before it: a September deadline is read with that day's offset.
    const september = await updateEventSettings(db.prisma, as(f.organiser.id), f.event, { ...validSettings, registrationClosesAt: "2026-09-10T18:00" });
    expect(september.registrationClosesAt?.toISOString()).toBe("2026-09-10T17:00:00.000Z");
    expect(toLocalDateTime(september.registrationClosesAt, f.event.timeZone)).toBe("2026-09-10T18:00");

    const cleared = await updateEventSettings(db.prisma, as(f.organiser.id), f.event, { ...validSettings, delegationCapDefault: "", registrationClosesAt: "" });
    expect(cleared.delegationCapDefault).toBeNull();
    expect(cleared.registrationClosesAt).toBeNull();
    expect(cleared.changed.sort()).toEqual(["delegationCapDefault", "registrationClosesAt"]);
    expect((await getEventSettings(db.prisma, as(f.organiser.id), f.event)).delegationCapDefault).toBeNull();
  });

  it("refuses bad dates, negative numbers and a sign-up window that closes before it opens, with clear messages", async () => {
    const f = await setUp();
    const attempt = (changes: Partial<EventSettingsInput>) =>
      updateEventSettings(db.prisma, as(f.organiser.id), f.event, { ...validSettings, ...changes }).then(
        () => ({}) as Record<string, string>,
        issuesOf,
      );
    expect(await attempt({ registrationClosesAt: "2026-02-30T10:00" })).toEqual({ registrationClosesAt: "Enter a valid date and time (YYYY-MM-DDTHH:MM)." });
    expect(await attempt({ registrationClosesAt: "next Tuesday" })).toHaveProperty("registrationClosesAt");
    expect(await attempt({ signupOpensAt: "2026-11-20T12:00", signupClosesAt: "2026-11-20T11:00" })).toEqual({
      signupClosesAt: "Sign-up must close after it opens.",
    });
    expect(await attempt({ changeoverBufferMinutes: "-5" })).toEqual({ changeoverBufferMinutes: "The changeover buffer cannot be negative." });
    expect(await attempt({ delegationCapDefault: "-1" })).toHaveProperty("delegationCapDefault");
    expect(await attempt({ waitlistOfferMinutes: "2.5" })).toEqual({ waitlistOfferMinutes: "The offer time must be a whole number." });
    expect(await attempt({ waitlistMode: "LOTTERY" as "IMMEDIATE" })).toEqual({ waitlistMode: "Choose how the waiting list works." });
    expect(await db.prisma.auditLog.count({ where: { eventId: f.event.id, action: "settings.updated" } })).toBe(0);
  });

  it("is for organisers of this event only", async () => {
    const f = await setUp();
    const other = await setUp();
    for (const actor of [as(f.delegate.id), as(other.organiser.id)]) {
      await expect(updateEventSettings(db.prisma, actor, f.event, validSettings)).rejects.toMatchObject({ status: 403 });
      await expect(getEventSettings(db.prisma, actor, f.event)).rejects.toMatchObject({ status: 403 });
      await expect(setQuotas(db.prisma, actor, f.event, f.delegation.id, { DELEGATE: 50 })).rejects.toMatchObject({ status: 403 });
      await expect(createInvitationCode(db.prisma, actor, f.event, f.delegation.id)).rejects.toMatchObject({ status: 403 });
      await expect(listOutbox(db.prisma, actor, f.event)).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("delegations and quotas", () => {
  it("creates delegations, sets and clears quotas per category, refuses negative quotas, and audits", async () => {
    const f = await setUp();
    const organiser = as(f.organiser.id);
    const created = await createDelegationSetting(db.prisma, organiser, f.event, { name: "Kingdom of Morocco", countryCode: "ma" });
    expect(created.countryCode).toBe("MA");
    await expect(createDelegationSetting(db.prisma, organiser, f.event, { name: "Morocco again", countryCode: "MA" })).rejects.toThrow(/already exists/);
    await expect(createDelegationSetting(db.prisma, organiser, f.event, { name: "X", countryCode: "MAR" })).rejects.toThrow(/two letters/);

    expect(await setQuotas(db.prisma, organiser, f.event, created.id, { DELEGATE: "8", PRESS: 2 })).toEqual({ DELEGATE: 8, PRESS: 2 });
    expect(await setQuotas(db.prisma, organiser, f.event, created.id, { PRESS: "" })).toEqual({ DELEGATE: 8 });
    const error = await setQuotas(db.prisma, organiser, f.event, created.id, { DELEGATE: -1 }).catch((e: unknown) => e);
    expect(issuesOf(error)).toEqual({ DELEGATE: "A quota cannot be negative." });
    expect(await db.prisma.delegationQuota.findMany({ where: { delegationId: created.id }, select: { category: true, maxPeople: true } })).toEqual([
      { category: "DELEGATE", maxPeople: 8 },
    ]);
    expect(await db.prisma.auditLog.count({ where: { targetId: created.id, action: "settings.quotas_updated" } })).toBe(2);

    const other = await setUp();
    await expect(setQuotas(db.prisma, organiser, f.event, other.delegation.id, { DELEGATE: 99 })).rejects.toMatchObject({ status: 404 });

    const listed = await listDelegationSettings(db.prisma, organiser, f.event);
    const row = listed.find((d) => d.id === f.delegation.id)!;
    expect(row.quotas.find((q) => q.category === "DELEGATE")).toEqual({ category: "DELEGATE", max: 5, approved: 1 });
  });
});

describe("invitation codes", () => {
  it("creates random codes, rotates (old disabled, new active) and disables, scoped to the event", async () => {
    const f = await setUp();
    const organiser = as(f.organiser.id);
    const first = await createInvitationCode(db.prisma, organiser, f.event, f.delegation.id);
    const second = await createInvitationCode(db.prisma, organiser, f.event, f.delegation.id);
    expect(first.code).toMatch(/^[A-HJ-NP-Z2-9]{12}$/);
    expect(second.code).not.toBe(first.code);

    const fresh = await rotateInvitationCode(db.prisma, organiser, f.event, first.id);
    expect(fresh.code).not.toBe(first.code);
    const old = await db.prisma.invitationCode.findUniqueOrThrow({ where: { id: first.id } });
    expect(old.active).toBe(false);
    expect(old.disabledAt).toBeInstanceOf(Date);
    expect(await db.prisma.invitationCode.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ active: true, delegationId: f.delegation.id });

    await disableInvitationCode(db.prisma, organiser, f.event, second.id);
    expect((await db.prisma.invitationCode.findUniqueOrThrow({ where: { id: second.id } })).active).toBe(false);

    const actions = (await db.prisma.auditLog.findMany({ where: { eventId: f.event.id, action: { startsWith: "settings.invitation_code" } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual([
      "settings.invitation_code_created",
      "settings.invitation_code_created",
      "settings.invitation_code_rotated",
      "settings.invitation_code_disabled",
    ]);
    const auditText = JSON.stringify(await db.prisma.auditLog.findMany({ where: { eventId: f.event.id }, select: { data: true, action: true } }));
    expect(auditText).not.toContain(first.code); // the code itself never lands in the audit log

    const other = await setUp();
    const foreignCode = other.delegation.invitationCodes[0];
    await expect(rotateInvitationCode(db.prisma, organiser, f.event, foreignCode.id)).rejects.toMatchObject({ status: 404 });
    await expect(disableInvitationCode(db.prisma, organiser, f.event, foreignCode.id)).rejects.toMatchObject({ status: 404 });
    expect((await db.prisma.invitationCode.findUniqueOrThrow({ where: { id: foreignCode.id } })).active).toBe(true);
  });
});

describe("mail outbox", () => {
  it("lists this event's mail with its body, newest first", async () => {
    const f = await setUp();
    const other = await setUp();
    await enqueueMail(db.prisma, { eventId: f.event.id, to: "a@example.org", subject: "First", text: "Body one", kind: "accreditation.approved" });
    await enqueueMail(db.prisma, { eventId: f.event.id, to: "b@example.org", subject: "Second", text: "Body two", kind: "accreditation.rejected" });
    await enqueueMail(db.prisma, { eventId: other.event.id, to: "c@example.org", subject: "Elsewhere", text: "Body three", kind: "x" });
    const outbox = await listOutbox(db.prisma, as(f.organiser.id), f.event);
    expect(outbox.total).toBe(2);
    expect(outbox.rows.map((r) => [r.toAddress, r.subject, r.textBody, r.status])).toEqual([
      ["b@example.org", "Second", "Body two", "QUEUED"],
      ["a@example.org", "First", "Body one", "QUEUED"],
    ]);
    expect((await listOutbox(db.prisma, as(f.organiser.id), f.event, { q: "A@EXAMPLE" })).rows.map((r) => r.subject)).toEqual(["First"]);
  });
});
