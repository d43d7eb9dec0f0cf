import { z } from "zod";
import type { AppServices, Viewer } from "~/lib/app-context";
import { isTwoFactorRequired } from "./viewer.server";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.server";
import { createAuthSession } from "./session.server";
import { consumeRecoveryCode, consumeTotpCode } from "./totp.server";

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  // No minimum here: a login form must not reveal the password rules an attacker could skip.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  redirectTo: z.string().max(2048).optional(),
});

export const secondFactorSchema = z.object({
  code: z.string().trim().min(1).max(64),
  redirectTo: z.string().max(2048).optional(),
});

// Verified against when the e-mail is unknown, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword("plenary-timing-equaliser-not-a-password"));

/** What the person must do after the password: nothing, the TOTP step, or set TOTP up first. */
export type NextStep = "done" | "verify" | "setup";

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; next: NextStep }
  | { ok: false };

type LoginServices = Pick<AppServices, "db" | "config" | "logger">;

/**
 * Checks an e-mail and password. Unknown e-mail, wrong password, disabled account and account
 * without password give the same answer in the same time (argon2 runs on every path). Success
 * starts a new session (never reuses one), not yet two-factor verified.
 */
export async function attemptLogin(
  services: LoginServices,
  input: { email: string; password: string; ipAddress?: string; userAgent?: string },
): Promise<LoginResult> {
  const user = await services.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, disabledAt: true, isDemo: true, isPlatformAdmin: true, totpKey: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !user.passwordHash || user.disabledAt || !passwordOk) {
    services.logger.warn({ event: "login_failed", userId: user?.id ?? null, ip: input.ipAddress }, "login failed");
    return { ok: false };
  }
  const next: NextStep = user.totpKey ? "verify" : (await isTwoFactorRequired(services.db, user)) ? "setup" : "done";
  const { token, session } = await createAuthSession(services.db, user.id, {
    policy: services.config.sessionPolicy,
    userAgent: input.userAgent,
    ipAddress: input.ipAddress,
    twoFactorVerified: false,
  });
  services.logger.info({ event: "login", userId: user.id, ip: input.ipAddress, next }, "login");
  return { ok: true, token, expiresAt: session.absoluteExpiresAt, userId: user.id, next };
}

export type RateLimitedLoginResult = LoginResult | { ok: false; retryAfterSeconds: number };

/**
 * attemptLogin behind the "login" rate limit: checked before (per e-mail and per IP), a failure
 * recorded after; a success counts for nothing and resets nothing.
 */
export async function login(
  services: LoginServices & Pick<AppServices, "rateLimiter">,
  input: { email: string; password: string; ipAddress?: string; userAgent?: string },
): Promise<RateLimitedLoginResult> {
  const verdict = await services.rateLimiter.check("login", input.email, input.ipAddress);
  if (!verdict.allowed) {
    services.logger.warn({ event: "login_rate_limited", ip: input.ipAddress }, "login rate limited");
    return { ok: false, retryAfterSeconds: verdict.retryAfterSeconds };
  }
  const result = await attemptLogin(services, input);
  if (!result.ok) await services.rateLimiter.recordFailure("login", input.email, input.ipAddress);
  return result;
}

export type SecondFactorResult = { ok: true; usedRecoveryCode: boolean } | { ok: false; retryAfterSeconds?: number };

/**
 * The second step of signing in: a TOTP code (each accepted once) or an unused recovery code.
 * On success this session becomes two-factor verified. Rate-limited under "2fa".
 */
export async function verifySecondFactor(
  services: Pick<AppServices, "db" | "logger" | "rateLimiter">,
  viewer: Viewer,
  code: string,
  ipAddress: string | undefined,
): Promise<SecondFactorResult> {
  const verdict = await services.rateLimiter.check("2fa", viewer.user.email, ipAddress);
  if (!verdict.allowed) {
    services.logger.warn({ event: "2fa_rate_limited", userId: viewer.user.id, ip: ipAddress }, "two-factor rate limited");
    return { ok: false, retryAfterSeconds: verdict.retryAfterSeconds };
  }
  const looksLikeTotp = /^\d{3}\s?\d{3}$/.test(code.trim());
  const usedRecoveryCode = !looksLikeTotp && (await consumeRecoveryCode(services.db, viewer.user.id, code));
  const ok = usedRecoveryCode || (looksLikeTotp && (await consumeTotpCode(services.db, viewer.user.id, code)));
  if (!ok) {
    await services.rateLimiter.recordFailure("2fa", viewer.user.email, ipAddress);
    services.logger.warn({ event: "2fa_failed", userId: viewer.user.id, ip: ipAddress }, "two-factor code refused");
    return { ok: false };
  }
  await services.db.authSession.update({ where: { id: viewer.session.id }, data: { twoFactorVerified: true } });
  services.logger.info({ event: "2fa_verified", userId: viewer.user.id, ip: ipAddress, usedRecoveryCode }, "two-factor verified");
  return { ok: true, usedRecoveryCode };
}
