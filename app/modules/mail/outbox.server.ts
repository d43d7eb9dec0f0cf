// The mail outbox. Domain code enqueues inside its own transaction (so a mail exists exactly when
// what caused it committed); a worker delivers over SMTP. Any node may run the worker: rows are
// claimed with FOR UPDATE SKIP LOCKED, the database being the queue.
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";

type Db = PrismaClient | Prisma.TransactionClient;

export interface OutgoingMail {
  eventId?: string | null;
  userId?: string | null;
  to: string;
  subject: string;
  text: string;
  /** e.g. "registration.confirm", "accreditation.approved". */
  kind: string;
}

export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<{ id: string }> {
  return db.mailMessage.create({
    data: { eventId: mail.eventId ?? null, userId: mail.userId ?? null, toAddress: mail.to, subject: mail.subject, textBody: mail.text, kind: mail.kind },
    select: { id: true },
  });
}

export interface MailTransport {
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

const MAX_ATTEMPTS = 8;

/** Links that sign someone in or set their password: kept only until the mail has left. */
const SINGLE_USE_LINK = /https?:\/\/\S+\/(?:verify-email|activate|reset-password)\/[A-Za-z0-9_-]+/g;

export function redactSingleUseLinks(text: string): string {
  return text.replace(SINGLE_USE_LINK, "[single-use link removed after delivery]");
}
const backoffMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1));

/** Sends what is due; failures are retried with backoff, then marked FAILED. */
export async function deliverDueMail(
  db: PrismaClient,
  transport: MailTransport,
  options: { now?: Date; batchSize?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? new Date();
  let sent = 0;
  let failed = 0;
  const due = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "MailMessage"
      WHERE status = 'QUEUED' AND "nextAttemptAt" <= ${now}
      ORDER BY "createdAt" LIMIT ${options.batchSize ?? 20}
      FOR UPDATE SKIP LOCKED`;
    // Push the claimed rows into the future so another node skips them while we send.
    if (rows.length > 0) {
      await tx.mailMessage.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { nextAttemptAt: new Date(now.getTime() + 5 * 60_000), attempts: { increment: 1 } },
      });
    }
    return tx.mailMessage.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  });
  for (const mail of due) {
    try {
      await transport.send({ to: mail.toAddress, subject: mail.subject, text: mail.textBody });
      // Once delivered, nobody reading the outbox (organisers) may use someone else's sign-in link.
      await db.mailMessage.update({
        where: { id: mail.id },
        data: { status: "SENT", sentAt: new Date(), lastError: null, textBody: redactSingleUseLinks(mail.textBody) },
      });
      sent += 1;
    } catch (error) {
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      await db.mailMessage.update({
        where: { id: mail.id },
        data: {
          status: giveUp ? "FAILED" : "QUEUED",
          lastError: String((error as Error).message ?? error).slice(0, 1000),
          nextAttemptAt: new Date(now.getTime() + backoffMs(mail.attempts)),
        },
      });
      failed += 1;
    }
  }
  return { sent, failed };
}
