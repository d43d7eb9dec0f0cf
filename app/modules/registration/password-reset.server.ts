// "Forgot password": always the same answer in about the same time, whatever the address.
import type { AppServices } from "~/lib/app-context";
import { enqueueMail } from "~/modules/mail/outbox.server";
import { ACCOUNT_ANSWER_MIN_MS, mailTranslator } from "./registration.server";
import { forgotPasswordSchema } from "./schemas";
import { TOKEN_LIFETIME_MS, issueAccountToken, tokenLink } from "./tokens.server";

export type PasswordResetRequestResult =
  | { status: "accepted" }
  | { status: "invalid" }
  | { status: "rateLimited"; retryAfterSeconds: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * For a known, active account: a PASSWORD_RESET token (30 minutes, hashed at rest) mailed as
 * `${publicUrl}/reset-password/<token>`. Unknown or disabled address: nothing, same answer. Every
 * request counts against the "reset" rate limit (per address and per IP).
 */
export async function requestPasswordReset(
  services: Pick<AppServices, "db" | "config" | "logger" | "rateLimiter" | "mailQueued">,
  input: Record<string, unknown>,
  options: { ipAddress?: string; now?: Date; minDurationMs?: number } = {},
): Promise<PasswordResetRequestResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const parsed = forgotPasswordSchema.safeParse(input);
  const email = parsed.success ? parsed.data.email : null;
  const verdict = await services.rateLimiter.check("reset", email, options.ipAddress);
  if (!verdict.allowed) return { status: "rateLimited", retryAfterSeconds: verdict.retryAfterSeconds };
  await services.rateLimiter.recordFailure("reset", email, options.ipAddress);
  if (!email) return { status: "invalid" };

  const user = await services.db.user.findUnique({
    where: { email },
    select: { id: true, disabledAt: true, givenName: true, familyName: true, preferredLanguage: true },
  });
  if (user && !user.disabledAt) {
    await services.db.$transaction(async (tx) => {
      const { token } = await issueAccountToken(tx, { userId: user.id, kind: "PASSWORD_RESET", now });
      const t = mailTranslator(user.preferredLanguage);
      const vars = {
        name: `${user.givenName} ${user.familyName}`,
        link: tokenLink(services.config.publicUrl, "PASSWORD_RESET", token),
        minutes: String(TOKEN_LIFETIME_MS.PASSWORD_RESET / 60_000),
      };
      await enqueueMail(tx, {
        userId: user.id,
        to: email,
        subject: t("mail:account.passwordReset.subject", vars),
        text: t("mail:account.passwordReset.body", vars),
        kind: "account.password_reset",
      });
    });
    services.mailQueued();
    services.logger.info({ event: "password_reset_requested", userId: user.id, ip: options.ipAddress }, "password reset requested");
  } else {
    services.logger.info({ event: "password_reset_unknown", ip: options.ipAddress }, "password reset for an unknown or disabled address");
  }
  await sleep(Math.max(0, (options.minDurationMs ?? ACCOUNT_ANSWER_MIN_MS) - (Date.now() - started)));
  return { status: "accepted" };
}
