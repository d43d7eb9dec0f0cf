// The signed-in person's own account: profile, password, sessions and two-factor sign-in, plus
// `requireFullyAuthenticated`, the gate every signed-in page should pass through.
import { z, type ZodError } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices, Viewer } from "~/lib/app-context";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from "./password.server";
import { tooManyAttempts } from "./rate-limit.server";
import { invalidateUserSessions } from "./session.server";
import { consumeRecoveryCode, consumeTotpCode, decodeTotpKey, replaceRecoveryCodes } from "./totp.server";

// --- Two-factor gate --------------------------------------------------------------------------


// --- Form helpers -----------------------------------------------------------------------------

export type FieldErrors = Record<string, string>;

/** The first message per top-level field; messages are keys in the "account" namespace. */
export function fieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= issue.message;
  }
  return out;
}

// C0/C1 control characters and the bidi embeddings/overrides/isolates that can disguise a name
// (the same rule as the registration forms).
const FORBIDDEN_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const nameField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .max(100, { error: "errors.tooLong" })
  .refine((value) => !FORBIDDEN_IN_NAMES.test(value), { error: "errors.forbiddenCharacters" });

export const PREFERRED_LANGUAGES = ["en", "fr", "es", "ar"] as const;

export const profileSchema = z.object({
  intent: z.literal("profile"),
  givenName: nameField,
  familyName: nameField,
  preferredLanguage: z.enum(PREFERRED_LANGUAGES, { error: "errors.language" }),
});

export const changePasswordSchema = z
  .object({
    intent: z.literal("password"),
    currentPassword: z.string({ error: "errors.required" }).min(1, { error: "errors.required" }).max(PASSWORD_MAX_LENGTH, { error: "errors.currentPassword" }),
    newPassword: z
      .string({ error: "errors.required" })
      .min(PASSWORD_MIN_LENGTH, { error: "errors.passwordTooShort" })
      .max(PASSWORD_MAX_LENGTH, { error: "errors.passwordTooLong" }),
    confirmPassword: z.string({ error: "errors.required" }),
  })
  .refine((form) => form.newPassword === form.confirmPassword, { path: ["confirmPassword"], error: "errors.passwordMismatch" });

export const revokeSessionSchema = z.object({
  intent: z.literal("revoke"),
  sessionId: z.string({ error: "errors.invalid" }).regex(/^[a-z2-7]{32}$/, { error: "errors.invalid" }),
});

export const accountFormSchema = z.discriminatedUnion("intent", [profileSchema, changePasswordSchema, revokeSessionSchema], { error: "errors.invalid" });

const codeField = z
  .string({ error: "errors.required" })
  .trim()
  .min(1, { error: "errors.required" })
  .max(64, { error: "errors.invalidCode" });

export const twoFactorFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("enable"), key: z.string().max(64).refine((v) => decodeTotpKey(v) !== null, { error: "errors.invalid" }), code: codeField }),
    z.object({ intent: z.literal("disable"), code: codeField }),
    z.object({ intent: z.literal("regenerate"), code: codeField }),
  ],
  { error: "errors.invalid" },
);

// --- Profile and password ---------------------------------------------------------------------

export async function updateProfile(db: PrismaClient, userId: string, input: z.infer<typeof profileSchema>): Promise<void> {
  await db.user.update({
    where: { id: userId },
    data: { givenName: input.givenName, familyName: input.familyName, preferredLanguage: input.preferredLanguage },
  });
}

type Services = Pick<AppServices, "db" | "logger" | "rateLimiter">;

/**
 * Checks the current password (rate-limited like a login), stores the new one (argon2id) and
 * ends every other session of the user. Returns the ended session ids.
 */
export async function changePassword(
  services: Services,
  viewer: Viewer,
  input: { currentPassword: string; newPassword: string },
  ipAddress: string | undefined,
): Promise<{ ok: true; endedSessions: string[] } | { ok: false; error: "currentPassword" } | { ok: false; rateLimited: Response }> {
  const verdict = await services.rateLimiter.check("login", viewer.user.email, ipAddress);
  if (!verdict.allowed) return { ok: false, rateLimited: tooManyAttempts(verdict.retryAfterSeconds) };
  const user = await services.db.user.findUnique({ where: { id: viewer.user.id }, select: { passwordHash: true } });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.currentPassword) : false;
  if (!ok) {
    await services.rateLimiter.recordFailure("login", viewer.user.email, ipAddress);
    services.logger.warn({ event: "password_change_failed", userId: viewer.user.id, ip: ipAddress }, "password change: wrong current password");
    return { ok: false, error: "currentPassword" };
  }
  await services.db.user.update({
    where: { id: viewer.user.id },
    data: { passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() },
  });
  const endedSessions = await invalidateUserSessions(services.db, viewer.user.id, viewer.session.id);
  services.logger.info({ event: "password_changed", userId: viewer.user.id, endedSessions: endedSessions.length }, "password changed");
  return { ok: true, endedSessions };
}

// --- Sessions ---------------------------------------------------------------------------------

/** "Firefox on Windows" from a User-Agent header; null when it says nothing recognisable. */
export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser =
    /Edg(e|A|iOS)?\//.test(userAgent) ? "Edge"
    : /OPR\/|Opera/.test(userAgent) ? "Opera"
    : /Firefox\/|FxiOS\//.test(userAgent) ? "Firefox"
    : /Chrome\/|CriOS\//.test(userAgent) ? "Chrome"
    : /Safari\//.test(userAgent) ? "Safari"
    : null;
  const os =
    /iPhone|iPad|iPod/.test(userAgent) ? "iOS"
    : /Android/.test(userAgent) ? "Android"
    : /Windows/.test(userAgent) ? "Windows"
    : /Mac OS X|Macintosh/.test(userAgent) ? "macOS"
    : /CrOS/.test(userAgent) ? "ChromeOS"
    : /Linux/.test(userAgent) ? "Linux"
    : null;
  if (browser && os) return `${browser} · ${os}`;
  return browser ?? os ?? userAgent.slice(0, 60);
}

export interface SessionListItem {
  id: string;
  device: string | null;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** The user's live sessions, most recently used first. */
export async function listUserSessions(db: PrismaClient, userId: string, currentSessionId: string, now: Date = new Date()): Promise<SessionListItem[]> {
  const rows = await db.authSession.findMany({
    where: { userId, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.userAgent),
    ipAddress: row.ipAddress,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === currentSessionId,
  }));
}

/** Ends one of the viewer's own sessions; false (nothing happens) for anyone else's or an unknown id. */
export async function revokeOwnSession(services: Pick<AppServices, "db" | "logger">, viewer: Viewer, sessionId: string): Promise<boolean> {
  const { count } = await services.db.authSession.deleteMany({ where: { id: sessionId, userId: viewer.user.id } });
  if (count === 1) {
    services.logger.info({ event: "session_revoked", userId: viewer.user.id, current: sessionId === viewer.session.id }, "session revoked");
    return true;
  }
  services.logger.warn({ event: "session_revoke_denied", userId: viewer.user.id }, "session revoke refused: not the user's session");
  return false;
}

// --- Two-factor settings ----------------------------------------------------------------------

type TwoFactorResult = { ok: true; recoveryCodes?: string[] } | { ok: false; error: "invalidCode" } | { ok: false; rateLimited: Response };

async function withTwoFactorLimit(
  services: Services,
  viewer: Viewer,
  ipAddress: string | undefined,
  attempt: () => Promise<boolean>,
  onSuccess: () => Promise<TwoFactorResult>,
): Promise<TwoFactorResult> {
  const verdict = await services.rateLimiter.check("2fa", viewer.user.email, ipAddress);
  if (!verdict.allowed) return { ok: false, rateLimited: tooManyAttempts(verdict.retryAfterSeconds) };
  if (!(await attempt())) {
    await services.rateLimiter.recordFailure("2fa", viewer.user.email, ipAddress);
    services.logger.warn({ event: "2fa_failed", userId: viewer.user.id, ip: ipAddress }, "two-factor code refused");
    return { ok: false, error: "invalidCode" };
  }
  return onSuccess();
}

/** Saves a new TOTP key once a code from it is confirmed; marks this session verified; returns fresh recovery codes. */
export function enableTwoFactor(services: Services, viewer: Viewer, input: { key: string; code: string }, ipAddress: string | undefined): Promise<TwoFactorResult> {
  const key = decodeTotpKey(input.key);
  return withTwoFactorLimit(
    services,
    viewer,
    ipAddress,
    async () => key !== null && (await consumeTotpCode(services.db, viewer.user.id, input.code, { newKey: key })),
    async () => {
      await services.db.authSession.update({ where: { id: viewer.session.id }, data: { twoFactorVerified: true } });
      const recoveryCodes = await replaceRecoveryCodes(services.db, viewer.user.id);
      services.logger.info({ event: "2fa_enabled", userId: viewer.user.id }, "two-factor sign-in enabled");
      return { ok: true, recoveryCodes };
    },
  );
}

/** Removes TOTP and the recovery codes; needs a current code (or an unused recovery code). */
export function disableTwoFactor(services: Services, viewer: Viewer, input: { code: string }, ipAddress: string | undefined): Promise<TwoFactorResult> {
  return withTwoFactorLimit(
    services,
    viewer,
    ipAddress,
    async () => (await consumeTotpCode(services.db, viewer.user.id, input.code)) || (await consumeRecoveryCode(services.db, viewer.user.id, input.code)),
    async () => {
      await services.db.$transaction([
        services.db.user.update({ where: { id: viewer.user.id }, data: { totpKey: null, totpLastUsedStep: null } }),
        services.db.recoveryCode.deleteMany({ where: { userId: viewer.user.id } }),
      ]);
      services.logger.info({ event: "2fa_disabled", userId: viewer.user.id }, "two-factor sign-in disabled");
      return { ok: true };
    },
  );
}

/** New recovery codes (the old ones stop working); needs a current code. */
export function regenerateRecoveryCodes(services: Services, viewer: Viewer, input: { code: string }, ipAddress: string | undefined): Promise<TwoFactorResult> {
  return withTwoFactorLimit(
    services,
    viewer,
    ipAddress,
    () => consumeTotpCode(services.db, viewer.user.id, input.code),
    async () => {
      const recoveryCodes = await replaceRecoveryCodes(services.db, viewer.user.id);
      services.logger.info({ event: "recovery_codes_regenerated", userId: viewer.user.id }, "recovery codes regenerated");
      return { ok: true, recoveryCodes };
    },
  );
}

/** A route's `headers` export: keeps an action's Retry-After (429) on the rendered page. */
export function retryAfterHeaders({ actionHeaders }: { actionHeaders: Headers }): Record<string, string> {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : {};
}
