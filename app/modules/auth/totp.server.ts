// Two-factor sign-in with TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) through @oslojs/otp,
// replay protection (the accepted time step is stored and a code of that step or an earlier one is
// refused) and single-use recovery codes stored as SHA-256 hashes.
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import type { PrismaClient } from "~/generated/prisma/client.ts";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_KEY_BYTES = 20;
export const TOTP_ISSUER = "Plenary";
/** Steps either side of the current one that still count (clock drift, slow typing). */
const TOTP_WINDOW_STEPS = 1;
export const RECOVERY_CODE_COUNT = 10;

export function generateTotpKey(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(TOTP_KEY_BYTES));
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
  return createTOTPKeyURI(TOTP_ISSUER, accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** What the setup page shows: the otpauth URI as a QR code image (data: URL) and as text. */
export async function totpSetupDetails(accountName: string, key: Uint8Array): Promise<{ key: string; uri: string; qrDataUrl: string }> {
  const uri = totpKeyUri(accountName, key);
  return { key: encodeTotpKey(key), uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 240 }) };
}

/** The key as the base32 text authenticator apps accept when typed in. */
export function encodeTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}

/** The key back from its base32 text (hidden field of the setup form), or null if it is not one. */
export function decodeTotpKey(text: string): Uint8Array | null {
  const cleaned = text.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z2-7]+$/.test(cleaned)) return null;
  try {
    const key = decodeBase32IgnorePadding(cleaned);
    return key.length === TOTP_KEY_BYTES ? key : null;
  } catch {
    return null;
  }
}

export function totpStep(now: Date = new Date()): bigint {
  return BigInt(Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000)));
}

/** Spaces are allowed in what people type ("123 456"). */
export function normaliseTotpCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * The time step whose code `code` is (current step ± 1), or null. Every candidate is compared in
 * constant time and none is skipped, so the time taken does not depend on which one matched.
 */
export function matchTotpStep(key: Uint8Array, code: string, now: Date = new Date()): bigint | null {
  const otp = normaliseTotpCode(code);
  if (!/^\d{6}$/.test(otp)) return null;
  const given = new TextEncoder().encode(otp);
  const current = totpStep(now);
  let matched: bigint | null = null;
  for (let offset = -TOTP_WINDOW_STEPS; offset <= TOTP_WINDOW_STEPS; offset++) {
    const step = current + BigInt(offset);
    const expected = new TextEncoder().encode(generateHOTP(key, step, TOTP_DIGITS));
    if (constantTimeEqual(given, expected) && matched === null) matched = step;
  }
  return matched;
}

/**
 * Accepts a code for the user's stored key once: the step is recorded in `totpLastUsedStep` by a
 * conditional update, so the same code (or an older one) is refused afterwards, even by a request
 * racing this one. Pass `key` to check a key not saved yet (setup); it is then saved with the step.
 */
export async function consumeTotpCode(
  db: PrismaClient,
  userId: string,
  code: string,
  options: { now?: Date; newKey?: Uint8Array } = {},
): Promise<boolean> {
  let key = options.newKey;
  if (!key) {
    const user = await db.user.findUnique({ where: { id: userId }, select: { totpKey: true } });
    if (!user?.totpKey) return false;
    key = new Uint8Array(user.totpKey);
  }
  const step = matchTotpStep(key, code, options.now);
  if (step === null) return false;
  const replayGuard = { OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }] };
  const { count } = await db.user.updateMany({
    where: options.newKey ? { id: userId, totpKey: null, ...replayGuard } : { id: userId, totpKey: { not: null }, ...replayGuard },
    data: { totpLastUsedStep: step, ...(options.newKey && { totpKey: new Uint8Array(options.newKey) }) },
  });
  return count === 1;
}

// --- Recovery codes ---------------------------------------------------------------------------

/** 10 random bytes → 16 base32 characters (80 bits), shown as four groups: "abcd-efgh-ijkl-mnop". */
function randomRecoveryCode(): string {
  const raw = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
  return raw.match(/.{4}/g)!.join("-");
}

/** Case, spaces and dashes do not matter when typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

export function hashRecoveryCode(code: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(sha256(new TextEncoder().encode(normaliseRecoveryCode(code))));
}

/** Replaces the user's recovery codes with ten new ones and returns them (the only time they exist in clear). */
export async function replaceRecoveryCodes(db: PrismaClient, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomRecoveryCode);
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) }),
  ]);
  return codes;
}

/** Marks one unused recovery code of this user as used; false when it is unknown, someone else's or used. */
export async function consumeRecoveryCode(db: PrismaClient, userId: string, code: string, now: Date = new Date()): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (!/^[a-z2-7]{16}$/.test(normalised)) return false;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(normalised), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

export async function countUnusedRecoveryCodes(db: PrismaClient, userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}
