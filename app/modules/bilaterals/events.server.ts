// The `bilateral.changed` domain event: published after commit whenever a meeting is requested,
// answered, booked, moved, released or cancelled. It names the people who may know of the meeting
// (the two heads always; the two delegations' other members once it is booked) so the live layer
// can tell only them (`bilateral:changed` to their `user:<id>` rooms), with nothing but the id and
// the status: what the meeting is about is read from the page, under its own access check.
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { DomainEventBus } from "~/lib/domain-events";

export type BilateralStatusJson = "requested" | "accepted" | "booked" | "declined" | "cancelled";

export interface BilateralChanged {
  eventId: string;
  bilateralId: string;
  status: BilateralStatusJson;
  delegationIds: [string, string];
  /** Everyone who may see the meeting now. */
  userIds: string[];
}

declare module "~/lib/domain-events" {
  interface DomainEventMap {
    "bilateral.changed": BilateralChanged;
  }
}

export function statusOf(row: { status: string; sessionId: string | null }): BilateralStatusJson {
  if (row.status === "ACCEPTED" && row.sessionId) return "booked";
  return row.status.toLowerCase() as BilateralStatusJson;
}

/** Who may see a meeting in this state: the heads always, the other members once it has been booked. */
export function audienceWhere(row: { status: string; sessionId: string | null; requesterDelegationId: string; inviteeDelegationId: string }) {
  const delegations = [row.requesterDelegationId, row.inviteeDelegationId];
  const booked = row.sessionId !== null;
  return {
    status: "APPROVED" as const,
    delegationId: { in: delegations },
    ...(!booked && { role: "HEAD_OF_DELEGATION" as const }),
  };
}

/** Reads the meeting and publishes `bilateral.changed` to its audience. Call after commit. */
export async function publishBilateralChanged(services: { db: PrismaClient; bus: DomainEventBus }, bilateralId: string): Promise<void> {
  if (services.bus.listenerCount("bilateral.changed") === 0) return;
  const row = await services.db.bilateralMeeting.findUnique({
    where: { id: bilateralId },
    select: { id: true, eventId: true, status: true, sessionId: true, requesterDelegationId: true, inviteeDelegationId: true },
  });
  if (!row) return;
  const people = await services.db.registration.findMany({ where: { eventId: row.eventId, ...audienceWhere(row) }, select: { userId: true } });
  services.bus.publish("bilateral.changed", {
    eventId: row.eventId,
    bilateralId: row.id,
    status: statusOf(row),
    delegationIds: [row.requesterDelegationId, row.inviteeDelegationId],
    userIds: people.map((p) => p.userId),
  });
}
