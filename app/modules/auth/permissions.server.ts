import type { PrismaClient } from "~/generated/prisma/client.ts";
import { ForbiddenError, type Actor } from "./actor";

const ORGANISER_ROLES = ["ORGANISER", "ADMIN"] as const;

/** Deny by default: only the system and approved organisers/admins of this event get through. */
export async function requireOrganiser(db: PrismaClient, actor: Actor, eventId: string): Promise<void> {
  if (actor.kind === "system") return;
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  const registration = await db.registration.findFirst({
    where: { eventId, userId: actor.userId, status: "APPROVED", role: { in: [...ORGANISER_ROLES] } },
    select: { id: true },
  });
  if (registration) return;
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { isPlatformAdmin: true, disabledAt: true } });
  if (user?.isPlatformAdmin && !user.disabledAt) return;
  throw new ForbiddenError();
}

export function actorIdOf(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}
