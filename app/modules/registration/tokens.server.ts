// Single-use e-mailed account tokens: 32 bytes from the CSPRNG, base32 in the link, only the
// SHA-256 stored. Consuming is one conditional UPDATE, so two clicks can never both succeed.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { AccountTokenKind } from "~/generated/prisma/enums.ts";
import type { AppServices } from "~/lib/app-context";
import { hashPassword } from "~/modules/auth/password.server";
import { createAuthSession, invalidateUserSessions } from "~/modules/auth/session.server";

type Db = PrismaClient | Prisma.TransactionClient;

export const TOKEN_LIFETIME_MS: Record<AccountTokenKind, number> = {
  EMAIL_VERIFICATION: 48 * 60 * 60 * 1000,
  ACTIVATION: 7 * 24 * 60 * 60 * 1000,
  PASSWORD_RESET: 30 * 60 * 1000,
};

/** Where each kind of token is used: `${publicUrl}${TOKEN_PATH[kind]}/<token>`. */
export const TOKEN_PATH: Record<AccountTokenKind, string> = {
  EMAIL_VERIFICATION: "/verify-email",
  ACTIVATION: "/activate",
  PASSWORD_RESET: "/reset-password",
};

/** 32 random bytes → 52 lower-case base32 characters. */
const TOKEN_PATTERN = /^[a-z2-7]{52}$/;

export function hashToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(token)));
}

export function tokenLink(publicUrl: string, kind: AccountTokenKind, token: string): string {
  return `${publicUrl}${TOKEN_PATH[kind]}/${token}`;
}

/**
 * Issues a token (inside the caller's transaction) and returns the raw value for the e-mail; it is
 * never stored. Earlier unused tokens of the same kind for the same person stop working.
 */
export async function issueAccountToken(
  tx: Db,
  input: { userId: string; kind: AccountTokenKind; eventId?: string | null; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS[input.kind]);
  await tx.accountToken.updateMany({
    where: { userId: input.userId, kind: input.kind, usedAt: null },
    data: { usedAt: now },
  });
  await tx.accountToken.create({
    data: { userId: input.userId, kind: input.kind, tokenHash: hashToken(token), eventId: input.eventId ?? null, expiresAt, createdAt: now },
  });
  return { token, expiresAt };
}

export interface TokenView {
  kind: AccountTokenKind;
  userId: string;
  givenName: string;
  familyName: string;
  hasPassword: boolean;
  event: { id: string; slug: string; name: string; names: unknown; dataProtectionNotice: unknown } | null;
  /** Whether the person's registration for the token's event already records consent. */
  consented: boolean;
}

/** The token's person and event when it is known, unused, unexpired, of an allowed kind and its account active; otherwise null. */
export async function inspectAccountToken(
  db: PrismaClient,
  token: string,
  kinds: readonly AccountTokenKind[],
  now: Date = new Date(),
): Promise<TokenView | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db.accountToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, givenName: true, familyName: true, passwordHash: true, disabledAt: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || !kinds.includes(row.kind) || row.user.disabledAt) return null;
  const event = row.eventId
    ? await db.event.findUnique({ where: { id: row.eventId }, select: { id: true, slug: true, name: true, names: true, dataProtectionNotice: true } })
    : null;
  const registration = event
    ? await db.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: row.userId } }, select: { consentedAt: true } })
    : null;
  return {
    kind: row.kind,
    userId: row.userId,
    givenName: row.user.givenName,
    familyName: row.user.familyName,
    hasPassword: row.user.passwordHash !== null,
    event,
    consented: Boolean(registration?.consentedAt),
  };
}

export type RedeemResult =
  | { ok: true; userId: string; sessionToken: string; sessionExpiresAt: Date; eventSlug: string | null; endedSessions: number }
  | { ok: false; reason: "invalid" };

/**
 * Uses a token once: sets the password (argon2id), marks the address verified, ends every other
 * session of the person (a reset must lock out whoever had the old password) and starts a new one.
 * `profile` (activation) fills in the registration's details and records consent.
 */
export async function redeemAccountToken(
  services: Pick<AppServices, "db" | "config" | "logger">,
  input: {
    token: string;
    kinds: readonly AccountTokenKind[];
    password: string;
    profile?: { languagesSpoken?: string[]; accessibilityNeeds?: string; dietaryNeeds?: string; consent?: boolean };
    now?: Date;
    ipAddress?: string;
    userAgent?: string;
  },
): Promise<RedeemResult> {
  const now = input.now ?? new Date();
  if (!TOKEN_PATTERN.test(input.token)) return { ok: false, reason: "invalid" };
  const passwordHash = await hashPassword(input.password);
  const outcome = await services.db.$transaction(async (tx) => {
    const row = await tx.accountToken.findUnique({
      where: { tokenHash: hashToken(input.token) },
      include: { user: { select: { disabledAt: true } } },
    });
    if (!row || !input.kinds.includes(row.kind) || row.user.disabledAt) return null;
    // The conditional update is the single-use guarantee: a second (or concurrent) use matches nothing.
    const claimed = await tx.accountToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) return null;
    await tx.user.update({
      where: { id: row.userId },
      data: { passwordHash, passwordChangedAt: now, emailVerifiedAt: now },
    });
    // Other tokens of the person that would set a password are spent too.
    await tx.accountToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    let eventSlug: string | null = null;
    if (row.eventId) {
      const event = await tx.event.findUnique({ where: { id: row.eventId }, select: { slug: true } });
      eventSlug = event?.slug ?? null;
      if (input.profile) {
        const profile = input.profile;
        await tx.registration.updateMany({
          where: { eventId: row.eventId, userId: row.userId },
          data: {
            ...(profile.languagesSpoken && profile.languagesSpoken.length > 0 && { languagesSpoken: profile.languagesSpoken }),
            ...(profile.accessibilityNeeds !== undefined && { accessibilityNeeds: profile.accessibilityNeeds }),
            ...(profile.dietaryNeeds !== undefined && { dietaryNeeds: profile.dietaryNeeds }),
            ...(profile.consent && { consentedAt: now }),
          },
        });
      }
    }
    await tx.auditLog.create({
      data: {
        eventId: row.eventId,
        actorId: row.userId,
        action: row.kind === "PASSWORD_RESET" ? "account.password_reset" : "account.activated",
        targetType: "user",
        targetId: row.userId,
        data: { kind: row.kind },
        ipAddress: input.ipAddress?.slice(0, 64) ?? null,
      },
    });
    return { userId: row.userId, eventSlug };
  });
  if (!outcome) return { ok: false, reason: "invalid" };
  const ended = await invalidateUserSessions(services.db, outcome.userId);
  const { token, session } = await createAuthSession(services.db, outcome.userId, {
    policy: services.config.sessionPolicy,
    now,
    userAgent: input.userAgent,
    ipAddress: input.ipAddress,
  });
  services.logger.info({ event: "account_token_redeemed", userId: outcome.userId, endedSessions: ended.length }, "account token redeemed");
  return { ok: true, userId: outcome.userId, sessionToken: token, sessionExpiresAt: session.absoluteExpiresAt, eventSlug: outcome.eventSlug, endedSessions: ended.length };
}
