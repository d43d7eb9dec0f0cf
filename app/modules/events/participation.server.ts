import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { Viewer } from "~/lib/app-context";

export interface Participation {
  status: "pending" | "approved" | "rejected" | "withdrawn";
  role: string;
  category: string;
  statusReason: string | null;
  endorsement: "none" | "endorsed" | "declined";
  delegation: { name: string; countryCode: string | null } | null;
  /** What this person may open in the event, decided here so the page only shows what works. */
  can: { manageDelegation: boolean; organise: boolean; checkIn: boolean };
}

/** The signed-in person's own registration for the event (only theirs), or null. */
export async function getOwnParticipation(db: PrismaClient, viewer: Viewer | null, eventId: string): Promise<Participation | null> {
  if (!viewer) return null;
  const registration = await db.registration.findUnique({
    where: { eventId_userId: { eventId, userId: viewer.user.id } },
    select: {
      status: true,
      role: true,
      category: true,
      statusReason: true,
      endorsement: true,
      delegation: { select: { name: true, countryCode: true } },
    },
  });
  if (!registration) return null;
  const approved = registration.status === "APPROVED";
  const organiser = approved && (registration.role === "ORGANISER" || registration.role === "ADMIN");
  return {
    status: registration.status.toLowerCase() as Participation["status"],
    role: registration.role.toLowerCase(),
    category: registration.category.toLowerCase(),
    statusReason: registration.statusReason,
    endorsement: registration.endorsement.toLowerCase() as Participation["endorsement"],
    delegation: registration.delegation,
    can: {
      manageDelegation: approved && registration.role === "HEAD_OF_DELEGATION",
      organise: organiser,
      checkIn: organiser || (approved && registration.role === "CHECKIN_STAFF"),
    },
  };
}
