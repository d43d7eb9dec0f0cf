// "My agenda": one person's own items of one event in one timeline — the sessions they starred and
// their workshop places (confirmed, offered, waitlisted). Other kinds of items (bilateral meetings)
// are added by pushing a source onto PERSONAL_ITEM_SOURCES; the page, the overlap marks and the
// personal calendar feed pick them up without further change.
import type { AppServices } from "~/lib/app-context";
import { ForbiddenError, type Actor } from "~/modules/auth/actor";
import type { PublicEvent } from "~/modules/events/events.server";
import { asTextMap } from "~/modules/events/events.server";
import { bilateralMeetingItems } from "~/modules/bilaterals/agenda-items.server";
import { sessionInclude, toSessionPublic, type SessionRow } from "./agenda.server";
import { continuesUntil, effectiveWindow, sessionDay } from "./agenda-view";
import type { SessionKindJson, SessionPublic, SessionStatusJson } from "./session-public";

export type PersonalSignupStatus = "confirmed" | "waitlisted" | "offered";

export interface PersonalItem extends SessionPublic {
  /** The session's id (the live channel's `session:updated` carries it); for items without a session, their own id. */
  id: string;
  /** Unique across sources: "session:<id>", "bilateral:<id>"… Items with the same key are merged. */
  key: string;
  /** The session behind the item (also for bilaterals held as sessions), or null. */
  sessionId: string | null;
  kind: SessionKindJson;
  status: SessionStatusJson;
  title: string;
  titles: Record<string, string>;
  descriptions: Record<string, string>;
  /** Scheduled slot, UTC ISO; see delayMinutes. */
  startsAt: string;
  endsAt: string;
  delayMinutes: number;
  room: { id: string; name: string } | null;
  roomNames: Record<string, string>;
  /** iCal SEQUENCE of the item (the session's). */
  sequence: number;
  /** Last change, UTC ISO (iCal DTSTAMP / LAST-MODIFIED). */
  updatedAt: string;
  starred: boolean;
  signup: { status: PersonalSignupStatus; position: number | null } | null;
  capacity: number | null;
  seatsTaken: number | null;
  /** Where the page links the item to, or null. */
  href: string | null;
}

export type PersonalItemServices = Pick<AppServices, "db">;
export type PersonalItemSource = (services: PersonalItemServices, actor: Actor & { kind: "user" }, event: PublicEvent) => Promise<PersonalItem[]>;

const SIGNUP_STATUS = { CONFIRMED: "confirmed", WAITLISTED: "waitlisted", OFFERED: "offered" } as const;

/** A session row (with `sessionInclude`) as a timeline item. */
export function sessionRowToItem(row: SessionRow, event: Pick<PublicEvent, "slug" | "languages">, personal: Pick<PersonalItem, "starred" | "signup">): PersonalItem {
  return {
    ...toSessionPublic(row, event.languages[0] ?? "en"),
    key: `session:${row.id}`,
    sessionId: row.id,
    descriptions: Object.fromEntries(row.texts.filter((t) => t.description).map((t) => [t.language, t.description!])),
    roomNames: row.room ? asTextMap(row.room.names) : {},
    sequence: row.sequence,
    updatedAt: row.updatedAt.toISOString(),
    ...personal,
    href: `/events/${event.slug}/sessions/${row.id}`,
  };
}

/** Sessions the person starred, and workshops where they hold (or wait for) a place. */
export const starredAndSignedUpSessions: PersonalItemSource = async ({ db }, actor, event) => {
  const rows = await db.session.findMany({
    where: {
      eventId: event.id,
      published: true,
      kind: { not: "BILATERAL" },
      OR: [
        { stars: { some: { userId: actor.userId } } },
        { signups: { some: { status: { in: ["CONFIRMED", "WAITLISTED", "OFFERED"] }, registration: { userId: actor.userId, eventId: event.id } } } },
      ],
    },
    include: {
      ...sessionInclude,
      stars: { where: { userId: actor.userId }, select: { userId: true } },
      signups: {
        where: { status: { in: ["CONFIRMED", "WAITLISTED", "OFFERED"] }, registration: { userId: actor.userId, eventId: event.id } },
        select: { status: true, waitlistPosition: true },
      },
    },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => {
    const signup = row.signups[0];
    return sessionRowToItem(row, event, {
      starred: row.stars.length > 0,
      signup: signup && signup.status !== "CANCELLED" ? { status: SIGNUP_STATUS[signup.status], position: signup.waitlistPosition } : null,
    });
  });
};

/** Every source of personal items. Other areas push theirs (e.g. bilateral meetings) at module load. */
export const PERSONAL_ITEM_SOURCES: PersonalItemSource[] = [starredAndSignedUpSessions, bilateralMeetingItems];

/** Whether an item takes the person's time (a cancelled session does not). */
function occupiesTime(item: PersonalItem): boolean {
  return item.status !== "cancelled";
}

/**
 * For each item, the keys of the other items it overlaps (by delayed times; touching ends do not
 * overlap; cancelled sessions overlap nothing).
 */
export function findOverlaps(items: readonly PersonalItem[]): Map<string, string[]> {
  const overlaps = new Map<string, string[]>(items.map((item) => [item.key, []]));
  const active = items.filter(occupiesTime).map((item) => ({ item, ...effectiveWindow(item) }));
  active.sort((a, b) => a.start - b.start);
  for (let i = 0; i < active.length; i++) {
    for (let j = i + 1; j < active.length && active[j].start < active[i].end; j++) {
      if (active[j].end > active[i].start) {
        overlaps.get(active[i].item.key)!.push(active[j].item.key);
        overlaps.get(active[j].item.key)!.push(active[i].item.key);
      }
    }
  }
  return overlaps;
}

/** Runs every source for the acting person and merges items that share a key. */
export async function listPersonalItems(services: PersonalItemServices, actor: Actor, event: PublicEvent, sources: readonly PersonalItemSource[] = PERSONAL_ITEM_SOURCES): Promise<PersonalItem[]> {
  if (actor.kind !== "user") throw new ForbiddenError("Please sign in.", 401);
  const lists = await Promise.all(sources.map((source) => source(services, actor, event)));
  const byKey = new Map<string, PersonalItem>();
  for (const item of lists.flat()) {
    const existing = byKey.get(item.key);
    byKey.set(item.key, existing ? { ...existing, ...item, starred: existing.starred || item.starred, signup: item.signup ?? existing.signup } : item);
  }
  return [...byKey.values()].sort((a, b) => effectiveWindow(a).start - effectiveWindow(b).start || a.endsAt.localeCompare(b.endsAt) || a.key.localeCompare(b.key));
}

export interface PersonalAgendaDay {
  day: string;
  /** continuesUntil: the last day (event's zone) an item crossing midnight runs on, else null. */
  items: (PersonalItem & { overlapsWith: string[]; continuesUntil: string | null })[];
}

/** The person's timeline, one list per day (the day each item starts on in the event's zone), overlaps marked. */
export async function loadPersonalAgenda(services: PersonalItemServices, actor: Actor, event: PublicEvent): Promise<{ days: PersonalAgendaDay[]; overlapCount: number; itemCount: number }> {
  const items = await listPersonalItems(services, actor, event);
  const overlaps = findOverlaps(items);
  const days = new Map<string, PersonalAgendaDay["items"]>();
  for (const item of items) {
    const day = sessionDay(item, event.timeZone);
    const list = days.get(day) ?? [];
    list.push({ ...item, overlapsWith: overlaps.get(item.key) ?? [], continuesUntil: continuesUntil(item, event.timeZone) });
    days.set(day, list);
  }
  let pairs = 0;
  for (const list of overlaps.values()) pairs += list.length;
  return {
    days: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, items: list })),
    overlapCount: pairs / 2,
    itemCount: items.length,
  };
}
