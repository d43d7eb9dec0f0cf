// Organisers' side of the programme: who may, and the event they work on.
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { getStaffEvent, type StaffEvent } from "~/modules/accreditation/accreditation.server";
import type { Actor } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";

/** The event behind an organiser page or API call, after checking the actor organises it (401/403/404 otherwise). */
export async function requireSchedulingEvent(db: PrismaClient, actor: Actor, slug: string): Promise<StaffEvent> {
  const event = await getStaffEvent(db, slug);
  await requireOrganiser(db, actor, event.id);
  return event;
}
