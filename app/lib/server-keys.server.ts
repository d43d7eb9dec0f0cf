import crypto from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client.ts";

/** What each install-wide key signs. A key is never reused for another purpose. */
export type ServerKeyPurpose = "badge" | "calendar-feed";

const cache = new WeakMap<PrismaClient, Map<ServerKeyPurpose, Promise<Buffer>>>();

/**
 * The install's 32-byte secret for one purpose, created on first use and shared by every node
 * through the database (so the embedded default needs no configuration).
 */
export function getServerKey(db: PrismaClient, purpose: ServerKeyPurpose): Promise<Buffer> {
  let keys = cache.get(db);
  if (!keys) cache.set(db, (keys = new Map()));
  let key = keys.get(purpose);
  if (!key) {
    key = loadOrCreate(db, purpose);
    key.catch(() => keys.delete(purpose)); // a failed read is retried next time
    keys.set(purpose, key);
  }
  return key;
}

async function loadOrCreate(db: PrismaClient, purpose: ServerKeyPurpose): Promise<Buffer> {
  // Two nodes starting at once both try to insert; the first wins and both read the same row.
  await db.serverKey.createMany({ data: [{ purpose, key: crypto.randomBytes(32) }], skipDuplicates: true });
  const row = await db.serverKey.findUniqueOrThrow({ where: { purpose } });
  return Buffer.from(row.key);
}
