import type { PrismaClient } from "~/generated/prisma/client.ts";
import { NotFoundError } from "~/modules/auth/actor";

/** Delegation members who count as delegates in public figures: accredited delegates and heads. */
const DELEGATE_ROLES = ["DELEGATE", "HEAD_OF_DELEGATION"] as const;

export interface EventSummaryJson {
  slug: string;
  name: string;
  timeZone: string;
  /** YYYY-MM-DD in the event's zone. */
  startsOn: string;
  endsOn: string;
  venue: string;
  counts: { delegations: number; delegates: number; rooms: number; sessions: number };
}

/** A @db.Date column comes back as midnight UTC of that calendar date. */
export function calendarDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** Public list behind `GET /api/events` and the home page: published events, soonest first. */
export async function listPublishedEvents(db: PrismaClient): Promise<EventSummaryJson[]> {
  const events = await db.event.findMany({
    where: { published: true },
    orderBy: [{ startsOn: "asc" }, { slug: "asc" }],
    select: {
      id: true,
      slug: true,
      name: true,
      timeZone: true,
      startsOn: true,
      endsOn: true,
      venue: true,
      _count: {
        select: {
          delegations: true,
          rooms: { where: { retiredAt: null } },
          sessions: { where: { published: true, kind: { not: "BILATERAL" } } },
          registrations: { where: { status: "APPROVED", role: { in: [...DELEGATE_ROLES] } } },
        },
      },
    },
  });
  return events.map((event) => ({
    slug: event.slug,
    name: event.name,
    timeZone: event.timeZone,
    startsOn: calendarDate(event.startsOn),
    endsOn: calendarDate(event.endsOn),
    venue: event.venue,
    counts: {
      delegations: event._count.delegations,
      delegates: event._count.registrations,
      rooms: event._count.rooms,
      sessions: event._count.sessions,
    },
  }));
}

export interface PublicEvent {
  id: string;
  slug: string;
  name: string;
  names: Record<string, string>;
  venue: string;
  city: string;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  languages: string[];
}

export async function getPublishedEvent(db: PrismaClient, slug: string): Promise<PublicEvent> {
  const event = await db.event.findFirst({
    where: { slug, published: true },
    select: { id: true, slug: true, name: true, names: true, venue: true, city: true, timeZone: true, startsOn: true, endsOn: true, languages: true },
  });
  if (!event) throw new NotFoundError("No such event.");
  return {
    ...event,
    names: asTextMap(event.names),
    startsOn: calendarDate(event.startsOn),
    endsOn: calendarDate(event.endsOn),
  };
}

/** JSON columns holding `{ "<language>": "<text>" }`; anything else is ignored. */
export function asTextMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
