import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { ANONYMOUS } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { getRegistrationEvent, registerSelf, type RegistrationEvent } from "./registration.server.ts";
import { testServices, tokenFromText, uniqueEmail } from "./testing.ts";
import { hashToken } from "./tokens.server.ts";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.prisma);
});
afterAll(async () => {
  await database?.dispose();
});

async function setup(options: { closesAt?: Date; quotas?: Record<string, number> } = {}) {
  const db = database.prisma;
  const row = await createEvent(db, {
    registrationClosesAt: options.closesAt ?? null,
    dataProtectionNotice: { en: "We keep your data for the assembly only.", fr: "Nous gardons vos données pour l’assemblée seulement." },
  });
  const delegation = await createDelegation(db, { eventId: row.id, ...(options.quotas && { quotas: options.quotas }) });
  const event = await getRegistrationEvent(db, row.slug);
  return { event, delegation, code: delegation.invitationCodes[0].code };
}

function form(code: string, overrides: Record<string, unknown> = {}) {
  return {
    invitationCode: code.toLowerCase(), // codes are compared case-insensitively
    givenName: "Amina",
    familyName: "Benali",
    title: "Commissaire",
    organisation: "Direction générale de la sûreté nationale",
    category: "DELEGATE",
    email: uniqueEmail(),
    preferredLanguage: "fr",
    languagesSpoken: ["fr", "ar"],
    accessibilityNeeds: "",
    dietaryNeeds: "Halal",
    identityDocumentNumber: "AB 123456",
    consent: "on",
    ...overrides,
  };
}

const register = (event: RegistrationEvent, input: Record<string, unknown>, options: { now?: Date; ipAddress?: string } = {}) =>
  registerSelf(services, ANONYMOUS, event, input, { minDurationMs: 0, ...options });

describe("self-registration with an invitation code", () => {
  it("creates a password-less account, a PENDING registration, a hashed 48-hour token and a French mail", async () => {
    const { event, delegation, code } = await setup();
    const input = form(code, { email: "  Amina.Benali@Example.ORG " });
    const now = new Date();
    const before = services.mailQueuedCalls();
    expect(await register(event, input, { now })).toEqual({ status: "accepted" });
    expect(services.mailQueuedCalls()).toBe(before + 1);

    const user = await database.prisma.user.findUniqueOrThrow({ where: { email: "amina.benali@example.org" }, include: { registrations: true, tokens: true } });
    expect(user.passwordHash).toBeNull();
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.preferredLanguage).toBe("fr");
    expect(user.registrations).toHaveLength(1);
    expect(user.registrations[0]).toMatchObject({
      eventId: event.id,
      delegationId: delegation.id,
      status: "PENDING",
      category: "DELEGATE",
      role: "DELEGATE",
      languagesSpoken: ["fr", "ar"],
      dietaryNeeds: "Halal",
      accessibilityNeeds: null,
      identityDocumentNumber: "AB 123456",
    });
    expect(user.registrations[0].consentedAt).not.toBeNull();
    expect(user.tokens).toHaveLength(1);
    expect(user.tokens[0].kind).toBe("EMAIL_VERIFICATION");
    expect(user.tokens[0].expiresAt.getTime() - now.getTime()).toBe(48 * 3_600_000);

    const mail = await database.prisma.mailMessage.findFirstOrThrow({ where: { userId: user.id } });
    expect(mail).toMatchObject({ kind: "registration.confirm", toAddress: "amina.benali@example.org", eventId: event.id });
    expect(mail.subject).toContain("Confirmez votre inscription");
    const token = tokenFromText(mail.textBody, "https://plenary.test/verify-email");
    // Only the SHA-256 is stored: the token row holds the hash, and no AccountToken column holds the raw value.
    expect(Buffer.from(user.tokens[0].tokenHash).equals(Buffer.from(hashToken(token)))).toBe(true);
    const dump = await database.prisma.$queryRaw<{ row: string }[]>`SELECT t::text AS row FROM "AccountToken" t`;
    expect(dump.length).toBeGreaterThan(0);
    for (const { row } of dump) expect(row).not.toContain(token);
  });

  it("refuses unknown, inactive, disabled, expired and other events' codes, creating nothing", async () => {
    const { event, delegation } = await setup();
    const db = database.prisma;
    const now = new Date();
    const inactive = await db.invitationCode.create({ data: { delegationId: delegation.id, code: `OFF${Date.now()}`, active: false } });
    const disabled = await db.invitationCode.create({ data: { delegationId: delegation.id, code: `DIS${Date.now()}`, disabledAt: new Date(now.getTime() - 1000) } });
    const expired = await db.invitationCode.create({ data: { delegationId: delegation.id, code: `EXP${Date.now()}`, expiresAt: new Date(now.getTime() - 1000) } });
    const other = await setup();
    const usersBefore = await db.user.count();
    for (const code of ["NOSUCHCODE", inactive.code, disabled.code, expired.code, other.code]) {
      expect(await register(event, form(code), { now }), code).toEqual({ status: "invalidCode" });
    }
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("validates every field with field messages: control and bidi characters, lengths, consent, category, e-mail", async () => {
    const { event, code } = await setup();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ givenName: "Ami\u0000na" }, "givenName", "errors.forbiddenCharacters"],
      [{ givenName: "Amina\nBen" }, "givenName", "errors.forbiddenCharacters"],
      [{ familyName: "Ben\u202Eilaneb" }, "familyName", "errors.forbiddenCharacters"],
      [{ familyName: "\u2066Benali\u2069" }, "familyName", "errors.forbiddenCharacters"],
      [{ givenName: "x".repeat(101) }, "givenName", "errors.tooLong"],
      [{ familyName: "   " }, "familyName", "errors.required"],
      [{ consent: undefined }, "consent", "errors.consent"],
      [{ category: "HEAD_OF_DELEGATION" }, "category", "errors.category"],
      [{ email: "not-an-address" }, "email", "errors.email"],
      [{ preferredLanguage: "de" }, "preferredLanguage", "errors.language"],
      [{ dietaryNeeds: "ok\u202Enot" }, "dietaryNeeds", "errors.forbiddenCharacters"],
      [{ identityDocumentNumber: "<script>" }, "identityDocumentNumber", "errors.documentNumber"],
    ];
    for (const [override, field, message] of cases) {
      const result = await register(event, form(code, override));
      expect(result.status, JSON.stringify(override)).toBe("invalid");
      expect(result.status === "invalid" && result.fieldErrors[field], JSON.stringify(override)).toContain(message);
    }
    expect(await database.prisma.registration.count({ where: { eventId: event.id } })).toBe(0);
    // Any script is fine, and 100 characters exactly.
    expect(await register(event, form(code, { givenName: "أمينة", familyName: "王".repeat(100) }))).toEqual({ status: "accepted" });
  });

  it("pretends success and creates nothing when the honeypot is filled", async () => {
    const { event, code } = await setup();
    const input = form(code, { website: "http://spam.example" });
    expect(await register(event, input)).toEqual({ status: "accepted" });
    expect(await database.prisma.user.findUnique({ where: { email: input.email as string } })).toBeNull();
    expect(await database.prisma.mailMessage.count({ where: { toAddress: input.email as string } })).toBe(0);
  });

  it("answers quota full when the delegation's PENDING+APPROVED registrations of the category fill the quota", async () => {
    const { event, delegation, code } = await setup({ quotas: { OBSERVER: 2, DELEGATE: 5 } });
    const db = database.prisma;
    await createRegistration(db, { eventId: event.id, delegationId: delegation.id, category: "OBSERVER", status: "APPROVED" });
    await createRegistration(db, { eventId: event.id, delegationId: delegation.id, category: "OBSERVER", status: "REJECTED" });
    expect(await register(event, form(code, { category: "OBSERVER" }))).toEqual({ status: "accepted" }); // 2nd of 2
    const blocked = form(code, { category: "OBSERVER" });
    expect(await register(event, blocked)).toEqual({ status: "quotaFull" });
    expect(await db.user.findUnique({ where: { email: blocked.email as string } })).toBeNull();
    // Another category still has room; a category without a quota row has no cap.
    expect(await register(event, form(code, { category: "DELEGATE" }))).toEqual({ status: "accepted" });
    expect(await register(event, form(code, { category: "GUEST" }))).toEqual({ status: "accepted" });
  });

  it("refuses registrations after the deadline with a 'closed' answer", async () => {
    const closesAt = new Date("2030-01-01T00:00:00Z");
    const { event, code } = await setup({ closesAt });
    expect(await register(event, form(code), { now: new Date(closesAt.getTime() + 1) })).toEqual({ status: "closed" });
    expect(await register(event, form(code), { now: new Date(closesAt.getTime() - 60_000) })).toEqual({ status: "accepted" });
  });

  it("gives an existing address the same answer, never touches the account, and tells the owner by mail", async () => {
    const { event, code } = await setup();
    const db = database.prisma;
    const owner = await createUser(db, { email: uniqueEmail("owner"), givenName: "Owen", familyName: "Owner", password: "correct horse battery", preferredLanguage: "en" });
    const fresh = await register(event, form(code));
    const existing = await register(event, form(code, { email: owner.email.toUpperCase(), givenName: "Mallory" }));
    const again = await register(event, form(code, { email: owner.email }));
    expect(existing).toEqual(fresh);
    expect(again).toEqual(fresh);

    const after = await db.user.findUniqueOrThrow({ where: { id: owner.id }, include: { registrations: true, tokens: true } });
    expect(after.givenName).toBe("Owen");
    expect(after.passwordHash).toBe(owner.passwordHash);
    expect(after.registrations).toHaveLength(1); // added once, not twice
    expect(after.registrations[0]).toMatchObject({ eventId: event.id, status: "PENDING" });
    expect(after.tokens).toHaveLength(0); // has a password: a sign-in link, not a token
    const mails = await db.mailMessage.findMany({ where: { userId: owner.id }, orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => m.kind)).toEqual(["registration.existing_account", "registration.already_registered"]);
    expect(mails[0].textBody).toContain("https://plenary.test/login");
    expect(mails[0].textBody).toContain("https://plenary.test/forgot-password");
  });

  it("sends a password-less existing account a fresh verification link", async () => {
    const { event, code } = await setup();
    const db = database.prisma;
    const pending = await createUser(db, { email: uniqueEmail("nopw"), preferredLanguage: "es" });
    expect(await register(event, form(code, { email: pending.email }))).toEqual({ status: "accepted" });
    const mail = await db.mailMessage.findFirstOrThrow({ where: { userId: pending.id } });
    expect(mail.kind).toBe("registration.existing_account");
    expect(mail.subject).toContain("You were registered"); // Spanish has no catalog yet: English
    tokenFromText(mail.textBody, "https://plenary.test/verify-email");
  });

  it("rate-limits every submission per e-mail address (scope 'register')", async () => {
    const limited = testServices(database.prisma, { ratePerMinute: 2 });
    const { event, code } = await setup();
    const input = form(code, { givenName: "" }); // even invalid submissions count
    const ip = "203.0.113.7";
    expect((await registerSelf(limited, ANONYMOUS, event, input, { ipAddress: ip, minDurationMs: 0 })).status).toBe("invalid");
    expect((await registerSelf(limited, ANONYMOUS, event, input, { ipAddress: ip, minDurationMs: 0 })).status).toBe("invalid");
    const third = await registerSelf(limited, ANONYMOUS, event, input, { ipAddress: ip, minDurationMs: 0 });
    expect(third.status).toBe("rateLimited");
    expect(third.status === "rateLimited" && third.retryAfterSeconds).toBeGreaterThan(0);
  });
});
