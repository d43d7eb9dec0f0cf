// The one protocol every booking of a room follows (session moves, new sessions, bilaterals):
// inside one transaction, lock the rooms' rows, then look for clashes, then write. Two organisers
// booking the same room at the same instant are serialised by the row lock, so the second one sees
// the first one's booking and is refused.
import type { Prisma } from "~/generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

/** Locks the rooms' rows until the transaction ends; in id order so two bookers never deadlock. */
export async function lockRooms(tx: Tx, roomIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(roomIds)].sort()) {
    await tx.$queryRaw`SELECT id FROM "Room" WHERE id = ${id}::uuid FOR UPDATE`;
  }
}

export interface RoomClash {
  sessionId: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  titles: Record<string, string>;
}

/**
 * Sessions (bilaterals included) holding the room within the changeover buffer of the slot.
 * Scheduled slots count, not delays: a late-running session is never a double booking.
 * Cancelled sessions free their room.
 */
export async function findRoomClashes(
  tx: Tx,
  slot: { roomId: string; startsAt: Date; endsAt: Date; bufferMinutes: number; excludeSessionId?: string },
): Promise<RoomClash[]> {
  const buffer = slot.bufferMinutes * 60_000;
  const rows = await tx.session.findMany({
    where: {
      roomId: slot.roomId,
      status: { not: "CANCELLED" },
      startsAt: { lt: new Date(slot.endsAt.getTime() + buffer) },
      endsAt: { gt: new Date(slot.startsAt.getTime() - buffer) },
      ...(slot.excludeSessionId && { id: { not: slot.excludeSessionId } }),
    },
    select: { id: true, kind: true, startsAt: true, endsAt: true, texts: { select: { language: true, title: true } } },
    orderBy: { startsAt: "asc" },
  });
  return rows.map((row) => ({
    sessionId: row.id,
    kind: row.kind.toLowerCase(),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    titles: Object.fromEntries(row.texts.map((t) => [t.language, t.title])),
  }));
}
