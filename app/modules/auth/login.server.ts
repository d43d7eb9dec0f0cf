import { z } from "zod";
import type { AppServices } from "~/lib/app-context";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "./password.server";
import { createAuthSession } from "./session.server";

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  // No minimum here: a login form must not reveal the password rules an attacker could skip.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  redirectTo: z.string().max(2048).optional(),
});

// Verified against when the e-mail is unknown, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword("plenary-timing-equaliser-not-a-password"));

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: string }
  | { ok: false };

/**
 * Checks an e-mail and password. Unknown e-mail, wrong password and disabled account give the
 * same answer in the same time. Success starts a new session (never reuses one).
 */
export async function attemptLogin(
  services: Pick<AppServices, "db" | "config" | "logger">,
  input: { email: string; password: string; ipAddress?: string; userAgent?: string },
): Promise<LoginResult> {
  const user = await services.db.user.findUnique({
    where: { email: input.email },
    select: { id: true, passwordHash: true, disabledAt: true },
  });
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await getDummyHash()), input.password);
  if (!user || !user.passwordHash || user.disabledAt || !passwordOk) {
    services.logger.warn({ event: "login_failed", userId: user?.id ?? null, ip: input.ipAddress }, "login failed");
    return { ok: false };
  }
  const { token, session } = await createAuthSession(services.db, user.id, {
    policy: services.config.sessionPolicy,
    userAgent: input.userAgent,
    ipAddress: input.ipAddress,
  });
  services.logger.info({ event: "login", userId: user.id, ip: input.ipAddress }, "login");
  return { ok: true, token, expiresAt: session.absoluteExpiresAt, userId: user.id };
}
