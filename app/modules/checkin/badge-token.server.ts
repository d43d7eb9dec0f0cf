// Badge tokens: what a badge's QR code carries. Not the registration id but an AES-256-GCM sealed
// box of (registration id, badge version), so the code reveals nothing, cannot be forged or
// altered, and dies when the registration's badge version is bumped or the badge is revoked.
// See docs/decisions/008-badge-tokens.md.
import crypto from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { getServerKey } from "~/lib/server-keys.server";

/** Format version, first byte of every token (and the AAD of the seal). */
const TOKEN_VERSION = 1;
const PREFIX = "PB1.";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PLAIN_BYTES = 16 + 4; // uuid + uint32 badge version
/** Manual codes: 10 Crockford base32 characters (50 bits), shown as XXXXX-XXXXX under the QR. */
const MANUAL_CODE_CHARS = 10;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

interface BadgeKeys {
  seal: Buffer;
  manual: Buffer;
}

const derived = new WeakMap<Buffer, BadgeKeys>();

/** Two sub-keys from the install's "badge" key (HKDF), one per use, so neither is reused for the other. */
async function badgeKeys(db: PrismaClient): Promise<BadgeKeys> {
  const root = await getServerKey(db, "badge");
  let keys = derived.get(root);
  if (!keys) {
    const derive = (info: string) => Buffer.from(crypto.hkdfSync("sha256", root, Buffer.alloc(0), info, 32));
    keys = { seal: derive("plenary badge token v1"), manual: derive("plenary badge manual code v1") };
    derived.set(root, keys);
  }
  return keys;
}

const uuidToBytes = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex");
const bytesToUuid = (bytes: Buffer) => {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export interface BadgeClaim {
  registrationId: string;
  badgeVersion: number;
}

/** A fresh token for the badge (random nonce: every rendering differs, all stay valid until revoked). */
export async function sealBadgeToken(db: PrismaClient, claim: BadgeClaim): Promise<string> {
  const { seal } = await badgeKeys(db);
  const plain = Buffer.alloc(PLAIN_BYTES);
  uuidToBytes(claim.registrationId).copy(plain, 0);
  plain.writeUInt32BE(claim.badgeVersion, 16);
  const nonce = crypto.randomBytes(NONCE_BYTES);
  const header = Buffer.from([TOKEN_VERSION]);
  const cipher = crypto.createCipheriv("aes-256-gcm", seal, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return PREFIX + Buffer.concat([header, nonce, body, cipher.getAuthTag()]).toString("base64url");
}

/** The claim inside a token, or null when it is not one of ours (wrong format, version, key or altered). */
export async function openBadgeToken(db: PrismaClient, token: string): Promise<BadgeClaim | null> {
  const text = token.trim();
  if (!text.startsWith(PREFIX) || text.length > 200) return null;
  const raw = Buffer.from(text.slice(PREFIX.length), "base64url");
  if (raw.length !== 1 + NONCE_BYTES + PLAIN_BYTES + TAG_BYTES || raw[0] !== TOKEN_VERSION) return null;
  const { seal } = await badgeKeys(db);
  const nonce = raw.subarray(1, 1 + NONCE_BYTES);
  const body = raw.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + PLAIN_BYTES);
  const tag = raw.subarray(1 + NONCE_BYTES + PLAIN_BYTES);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", seal, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(raw.subarray(0, 1));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]);
    return { registrationId: bytesToUuid(plain.subarray(0, 16)), badgeVersion: plain.readUInt32BE(16) };
  } catch {
    return null;
  }
}

function base32(bytes: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The short code printed under the QR for typing by hand; it changes with the badge version too. */
export async function manualBadgeCode(db: PrismaClient, claim: BadgeClaim): Promise<string> {
  const { manual } = await badgeKeys(db);
  const mac = crypto.createHmac("sha256", manual).update(`${claim.registrationId}:${claim.badgeVersion}`).digest();
  const code = base32(mac, MANUAL_CODE_CHARS);
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** A typed code as printed (case, spaces, dashes and the look-alikes O/I/L forgiven), or null. */
export function normaliseManualCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (cleaned.length !== MANUAL_CODE_CHARS || [...cleaned].some((c) => !CROCKFORD.includes(c))) return null;
  return `${cleaned.slice(0, 5)}-${cleaned.slice(5)}`;
}
