// Stars: the sessions a person put on their personal agenda. Only the person themself stars or
// unstars, and only public sessions (published, not bilateral) of the event.
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import type { PublicEvent } from "~/modules/events/events.server";

export const starInputSchema = z.object({ sessionId: z.uuid({ error: "sessionId must be a session id." }) });

function requireUser(actor: Actor): string {
  if (actor.kind !== "user") throw new ForbiddenError("Please sign in.", 401);
  return actor.userId;
}

async function requirePublicSession(db: PrismaClient, event: Pick<PublicEvent, "id">, sessionId: string): Promise<void> {
  const found = await db.session.findFirst({ where: { id: sessionId, eventId: event.id, published: true, kind: { not: "BILATERAL" } }, select: { id: true } });
  if (!found) throw new NotFoundError("No such session.");
}

/** Stars a session for the acting person; starring twice is harmless. */
export async function starSession(db: PrismaClient, actor: Actor, event: Pick<PublicEvent, "id">, input: { sessionId: string }): Promise<{ starred: true }> {
  const userId = requireUser(actor);
  const { sessionId } = starInputSchema.parse(input);
  await requirePublicSession(db, event, sessionId);
  await db.sessionStar.createMany({ data: [{ userId, sessionId }], skipDuplicates: true });
  return { starred: true };
}

/** Removes the acting person's star; unstarring what is not starred is harmless. */
export async function unstarSession(db: PrismaClient, actor: Actor, event: Pick<PublicEvent, "id">, input: { sessionId: string }): Promise<{ starred: false }> {
  const userId = requireUser(actor);
  const { sessionId } = starInputSchema.parse(input);
  await db.sessionStar.deleteMany({ where: { userId, sessionId, session: { eventId: event.id } } });
  return { starred: false };
}

/** Ids of the sessions of this event the acting person starred (empty for anyone not signed in). */
export async function listStarredSessionIds(db: PrismaClient, actor: Actor, event: Pick<PublicEvent, "id">): Promise<string[]> {
  if (actor.kind !== "user") return [];
  const rows = await db.sessionStar.findMany({
    where: { userId: actor.userId, session: { eventId: event.id, published: true } },
    select: { sessionId: true },
  });
  return rows.map((row) => row.sessionId);
}

export async function isStarred(db: PrismaClient, actor: Actor, event: Pick<PublicEvent, "id">, sessionId: string): Promise<boolean> {
  if (actor.kind !== "user" || !z.uuid().safeParse(sessionId).success) return false;
  const row = await db.sessionStar.findFirst({ where: { userId: actor.userId, sessionId, session: { eventId: event.id } }, select: { sessionId: true } });
  return row !== null;
}
