import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { ANONYMOUS } from "../auth/actor.ts";
import { attemptLogin } from "../auth/login.server.ts";
import { verifyPassword } from "../auth/password.server.ts";
import { createAuthSession, validateSessionToken } from "../auth/session.server.ts";
import { createDelegation, createEvent, createUser } from "../demo/factories.server.ts";
import { requestPasswordReset } from "./password-reset.server.ts";
import { getRegistrationEvent, registerSelf } from "./registration.server.ts";
import { testServices, tokenFromText, uniqueEmail } from "./testing.ts";
import { inspectAccountToken, redeemAccountToken } from "./tokens.server.ts";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.prisma);
});
afterAll(async () => {
  await database?.dispose();
});

const HOUR = 3_600_000;

/** Registers a new address and returns the raw token from the confirmation mail. */
async function registeredToken(now: Date) {
  const db = database.prisma;
  const row = await createEvent(db);
  const delegation = await createDelegation(db, { eventId: row.id });
  const event = await getRegistrationEvent(db, row.slug);
  const email = uniqueEmail("verify");
  const result = await registerSelf(services, ANONYMOUS, event, {
    invitationCode: delegation.invitationCodes[0].code,
    givenName: "Kwame",
    familyName: "Mensah",
    category: "DELEGATE",
    email,
    preferredLanguage: "en",
    consent: "on",
  }, { now, minDurationMs: 0 });
  expect(result).toEqual({ status: "accepted" });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const mail = await db.mailMessage.findFirstOrThrow({ where: { userId: user.id } });
  return { token: tokenFromText(mail.textBody, "/verify-email"), user, event };
}

describe("e-mail verification tokens", () => {
  it("set the password and verify the address once, start a session, and are useless afterwards", async () => {
    const now = new Date();
    const { token, user, event } = await registeredToken(now);
    const view = await inspectAccountToken(database.prisma, token, ["EMAIL_VERIFICATION"], now);
    expect(view).toMatchObject({ userId: user.id, hasPassword: false, givenName: "Kwame", event: { slug: event.slug } });

    const first = await redeemAccountToken(services, { token, kinds: ["EMAIL_VERIFICATION"], password: "a long enough passphrase", now });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.eventSlug).toBe(event.slug);
    const after = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.emailVerifiedAt).toEqual(now);
    expect(await verifyPassword(after.passwordHash!, "a long enough passphrase")).toBe(true);
    expect(await validateSessionToken(database.prisma, first.sessionToken, { now })).toMatchObject({ user: { id: user.id } });

    // Single use: a second click (or a replay) is refused and changes nothing.
    const second = await redeemAccountToken(services, { token, kinds: ["EMAIL_VERIFICATION"], password: "another long passphrase", now });
    expect(second).toEqual({ ok: false, reason: "invalid" });
    expect(await inspectAccountToken(database.prisma, token, ["EMAIL_VERIFICATION"], now)).toBeNull();
    const unchanged = await database.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(unchanged.passwordHash).toBe(after.passwordHash);
  });

  it("expire after 48 hours (fake clock), and are refused for the wrong purpose or when malformed", async () => {
    const issued = new Date("2031-03-01T10:00:00Z");
    const { token } = await registeredToken(issued);
    const justBefore = new Date(issued.getTime() + 48 * HOUR - 1000);
    const justAfter = new Date(issued.getTime() + 48 * HOUR + 1000);
    expect(await inspectAccountToken(database.prisma, token, ["EMAIL_VERIFICATION"], justBefore)).not.toBeNull();
    expect(await inspectAccountToken(database.prisma, token, ["PASSWORD_RESET"], justBefore)).toBeNull();
    expect(await redeemAccountToken(services, { token, kinds: ["PASSWORD_RESET"], password: "a long enough passphrase", now: justBefore })).toEqual({ ok: false, reason: "invalid" });
    expect(await inspectAccountToken(database.prisma, token, ["EMAIL_VERIFICATION"], justAfter)).toBeNull();
    expect(await redeemAccountToken(services, { token, kinds: ["EMAIL_VERIFICATION"], password: "a long enough passphrase", now: justAfter })).toEqual({ ok: false, reason: "invalid" });
    expect(await inspectAccountToken(database.prisma, "not-a-token", ["EMAIL_VERIFICATION"])).toBeNull();
    expect(await inspectAccountToken(database.prisma, "a".repeat(52), ["EMAIL_VERIFICATION"])).toBeNull();
  });
});

describe("forgotten password", () => {
  it("answers the same for unknown, disabled and known addresses, and mails only the known one a 30-minute link", async () => {
    const db = database.prisma;
    const known = await createUser(db, { email: uniqueEmail("known"), password: "the old password here", preferredLanguage: "fr" });
    const disabled = await createUser(db, { email: uniqueEmail("disabled"), password: "the old password here", disabledAt: new Date() });
    const now = new Date();
    const answers = await Promise.all(
      [known.email, uniqueEmail("nobody"), disabled.email].map((email) => requestPasswordReset(services, { email }, { now, minDurationMs: 0 })),
    );
    expect(answers).toEqual([{ status: "accepted" }, { status: "accepted" }, { status: "accepted" }]);
    expect(await db.mailMessage.count({ where: { userId: disabled.id } })).toBe(0);
    const mail = await db.mailMessage.findFirstOrThrow({ where: { userId: known.id, kind: "account.password_reset" } });
    expect(mail.subject).toBe("Choisissez un nouveau mot de passe");
    const token = tokenFromText(mail.textBody, "https://plenary.test/reset-password");
    const row = await db.accountToken.findFirstOrThrow({ where: { userId: known.id, kind: "PASSWORD_RESET" } });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(30 * 60_000);
    expect(await inspectAccountToken(db, token, ["PASSWORD_RESET"], new Date(now.getTime() + 31 * 60_000))).toBeNull();
    expect(await requestPasswordReset(services, { email: "not an address" }, { minDurationMs: 0 })).toEqual({ status: "invalid" });
  });

  it("pads the answer to the same minimum time for known and unknown addresses", async () => {
    const known = await createUser(database.prisma, { email: uniqueEmail("timing"), password: "the old password here" });
    const time = async (email: string) => {
      const started = performance.now();
      await requestPasswordReset(services, { email }, { minDurationMs: 250 });
      return performance.now() - started;
    };
    expect(await time(known.email)).toBeGreaterThanOrEqual(245);
    expect(await time(uniqueEmail("nobody"))).toBeGreaterThanOrEqual(245);
  });

  it("reset sets the new password, ends every existing session and starts a fresh one", async () => {
    const db = database.prisma;
    const user = await createUser(db, { email: uniqueEmail("reset"), password: "the old password here" });
    const phone = await createAuthSession(db, user.id);
    const laptop = await createAuthSession(db, user.id);
    await requestPasswordReset(services, { email: user.email }, { minDurationMs: 0 });
    const mail = await db.mailMessage.findFirstOrThrow({ where: { userId: user.id, kind: "account.password_reset" } });
    const token = tokenFromText(mail.textBody, "/reset-password");

    const result = await redeemAccountToken(services, { token, kinds: ["PASSWORD_RESET"], password: "a brand new passphrase" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.endedSessions).toBe(2);
    expect(await validateSessionToken(db, phone.token)).toBeNull();
    expect(await validateSessionToken(db, laptop.token)).toBeNull();
    expect(await validateSessionToken(db, result.sessionToken)).toMatchObject({ user: { id: user.id } });
    expect((await attemptLogin(services, { email: user.email, password: "the old password here" })).ok).toBe(false);
    expect((await attemptLogin(services, { email: user.email, password: "a brand new passphrase" })).ok).toBe(true);
    expect(await db.auditLog.count({ where: { action: "account.password_reset", targetId: user.id } })).toBe(1);
  });

  it("a newer reset link replaces the older one", async () => {
    const db = database.prisma;
    const user = await createUser(db, { email: uniqueEmail("twice"), password: "the old password here" });
    await requestPasswordReset(services, { email: user.email }, { minDurationMs: 0 });
    await requestPasswordReset(services, { email: user.email }, { minDurationMs: 0 });
    const mails = await db.mailMessage.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    const [older, newer] = mails.map((m) => tokenFromText(m.textBody, "/reset-password"));
    expect(await inspectAccountToken(db, older, ["PASSWORD_RESET"])).toBeNull();
    expect(await inspectAccountToken(db, newer, ["PASSWORD_RESET"])).not.toBeNull();
  });

  it("rate-limits reset requests per address (scope 'reset')", async () => {
    const limited = testServices(database.prisma, { ratePerMinute: 1 });
    const email = uniqueEmail("flood");
    expect(await requestPasswordReset(limited, { email }, { minDurationMs: 0 })).toEqual({ status: "accepted" });
    expect((await requestPasswordReset(limited, { email }, { minDurationMs: 0 })).status).toBe("rateLimited");
  });
});
