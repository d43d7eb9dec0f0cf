// Sessions as lucia-auth.com's session guide teaches: a token `<id>.<secret>` from a CSPRNG, only
// SHA-256(secret) stored, constant-time comparison, a sliding inactivity expiry plus an absolute
// lifetime, and a cookie that never carries the user id.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { PrismaClient } from "~/generated/prisma/client.ts";

export interface SessionPolicy {
  /** A session unused this long expires. */
  inactivityMs: number;
  /** No session lives longer than this, however active. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  inactivityMs: 12 * 60 * 60 * 1000,
  absoluteMs: 7 * 24 * 60 * 60 * 1000,
};

/** Only bump `expiresAt`/`lastSeenAt` once a minute: one write per active minute, not per request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  preferredLanguage: string;
  isDemo: boolean;
  isPlatformAdmin: boolean;
  hasTotp: boolean;
}

export interface ValidSession {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  twoFactorVerified: boolean;
}

/** 20 bytes from the CSPRNG → 32 base32 characters, 160 bits. */
function randomToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

function hashSecret(secret: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(secret)));
}

export async function createAuthSession(
  db: PrismaClient,
  userId: string,
  options: { policy?: SessionPolicy; now?: Date; userAgent?: string | null; ipAddress?: string | null; twoFactorVerified?: boolean } = {},
): Promise<{ token: string; session: ValidSession }> {
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const now = options.now ?? new Date();
  const id = randomToken();
  const secret = randomToken();
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteMs);
  const expiresAt = new Date(Math.min(now.getTime() + policy.inactivityMs, absoluteExpiresAt.getTime()));
  const session = await db.authSession.create({
    data: {
      id,
      userId,
      secretHash: hashSecret(secret),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      absoluteExpiresAt,
      twoFactorVerified: options.twoFactorVerified ?? false,
      userAgent: options.userAgent?.slice(0, 400) ?? null,
      ipAddress: options.ipAddress?.slice(0, 64) ?? null,
    },
    select: { id: true, userId: true, createdAt: true, lastSeenAt: true, expiresAt: true, absoluteExpiresAt: true, twoFactorVerified: true },
  });
  return { token: `${id}.${secret}`, session };
}

const TOKEN_PATTERN = /^[a-z2-7]{32}\.[a-z2-7]{32}$/;

/**
 * The session and user behind a token, or null when the token is malformed, unknown, wrong,
 * expired (inactivity or absolute) or its user is disabled. Extends the inactivity expiry.
 */
export async function validateSessionToken(
  db: PrismaClient,
  token: string | null | undefined,
  options: { policy?: SessionPolicy; now?: Date } = {},
): Promise<{ session: ValidSession; user: SessionUser } | null> {
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const now = options.now ?? new Date();
  const [id, secret] = token.split(".");
  const row = await db.authSession.findUnique({
    where: { id },
    include: {
      user: {
        select: { id: true, email: true, givenName: true, familyName: true, preferredLanguage: true, isDemo: true, isPlatformAdmin: true, totpKey: true, disabledAt: true },
      },
    },
  });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  if (now >= row.expiresAt || now >= row.absoluteExpiresAt || row.user.disabledAt) {
    await db.authSession.deleteMany({ where: { id } });
    return null;
  }
  let { expiresAt, lastSeenAt } = row;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    expiresAt = new Date(Math.min(now.getTime() + policy.inactivityMs, row.absoluteExpiresAt.getTime()));
    lastSeenAt = now;
    await db.authSession.updateMany({ where: { id }, data: { expiresAt, lastSeenAt } });
  }
  const { totpKey, disabledAt: _disabled, ...user } = row.user;
  return {
    session: {
      id: row.id,
      userId: row.userId,
      createdAt: row.createdAt,
      lastSeenAt,
      expiresAt,
      absoluteExpiresAt: row.absoluteExpiresAt,
      twoFactorVerified: row.twoFactorVerified,
    },
    user: { ...user, hasTotp: totpKey !== null },
  };
}

export async function invalidateSession(db: PrismaClient, sessionId: string): Promise<void> {
  await db.authSession.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of the user except (optionally) the one in use. Returns the ended ids. */
export async function invalidateUserSessions(db: PrismaClient, userId: string, keepSessionId?: string): Promise<string[]> {
  const ended = await db.authSession.findMany({
    where: { userId, ...(keepSessionId && { id: { not: keepSessionId } }) },
    select: { id: true },
  });
  await db.authSession.deleteMany({ where: { id: { in: ended.map((s) => s.id) } } });
  return ended.map((s) => s.id);
}

// --- Cookie -----------------------------------------------------------------------------------

/** `__Host-` binds the cookie to this exact origin over HTTPS (no Domain, Path=/, Secure). */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-plenary_session" : "plenary_session";
}

export function serializeSessionCookie(token: string, options: { secure: boolean; expiresAt: Date; now?: Date }): string {
  const maxAge = Math.max(0, Math.floor((options.expiresAt.getTime() - (options.now ?? new Date()).getTime()) / 1000));
  return [
    `${sessionCookieName(options.secure)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    ...(options.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearSessionCookie(secure: boolean): string {
  return [`${sessionCookieName(secure)}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

/** The token from a Cookie header (only the cookie name matching the transport is accepted). */
export function readSessionToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  const name = sessionCookieName(secure);
  for (const part of cookieHeader?.split(";") ?? []) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}
