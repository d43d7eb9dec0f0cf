// One interactive transaction, retried on deadlocks and serialization failures: the wrapper every
// booking-like write uses (workshop sign-ups, room bookings, session moves, bilaterals).
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";

export type Tx = Prisma.TransactionClient;

export interface TransactionPolicy {
  /** How long a transaction may wait for its turn (PGlite runs one at a time). */
  maxWait: number;
  timeout: number;
  attempts: number;
}

/** Room bookings and session moves: short critical sections. */
export const BOOKING_TRANSACTION: TransactionPolicy = { maxWait: 60_000, timeout: 30_000, attempts: 5 };

export function isRetryableTransactionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const text = `${(e as { code?: unknown }).code ?? ""} ${JSON.stringify((e as { meta?: unknown }).meta ?? "")} ${(e as Error).message ?? ""}`;
    if (/\b(40001|40P01|P2034)\b|deadlock detected|could not serialize|write conflict/i.test(text)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export async function inTransaction<T>(db: PrismaClient, work: (tx: Tx) => Promise<T>, policy: TransactionPolicy = BOOKING_TRANSACTION): Promise<T> {
  const { attempts, ...options } = policy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, options);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
