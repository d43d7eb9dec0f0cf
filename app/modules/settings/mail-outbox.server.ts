// The event's mail outbox as organisers read it: how they see what was sent (or would be, when no
// SMTP server is configured).
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { Actor } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";

export const OUTBOX_PAGE_SIZE = 25;

export const outboxFilterSchema = z.object({
  status: z.enum(["QUEUED", "SENT", "FAILED"]).optional().catch(undefined),
  q: z.string().trim().max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function listOutbox(db: PrismaClient, actor: Actor, event: { id: string }, input: z.input<typeof outboxFilterSchema> = {}) {
  await requireOrganiser(db, actor, event.id);
  const filter = outboxFilterSchema.parse(input);
  const where = {
    eventId: event.id,
    ...(filter.status && { status: filter.status }),
    ...(filter.q && { toAddress: { contains: filter.q, mode: "insensitive" as const } }),
  };
  const total = await db.mailMessage.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const rows = await db.mailMessage.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * OUTBOX_PAGE_SIZE,
    take: OUTBOX_PAGE_SIZE,
    select: { id: true, toAddress: true, subject: true, textBody: true, kind: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
  });
  return { rows, total, page, pageCount, filter: { ...filter, page } };
}
