// Calendar feeds: the public programme (`/events/:slug/agenda.ics`) and each person's own feed at
// a secret, revocable address (`/events/:slug/feeds/<token>.ics`). The token is the feed's id and
// an HMAC of it under the install's "calendar-feed" key, so nothing secret is stored and the
// person can see their address again; revoking (or reissuing) the feed kills the address.
import crypto from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { getServerKey } from "~/lib/server-keys.server";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import type { PublicEvent } from "~/modules/events/events.server";
import { sessionInclude } from "./agenda.server";
import { effectiveWindow } from "./agenda-view";
import { buildCalendar, type IcalEvent } from "./ical";
import { listPersonalItems, sessionRowToItem, type PersonalItem } from "./personal.server";
import { pickText } from "./session-public";

type FeedServices = Pick<AppServices, "db">;

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

async function signature(db: PrismaClient, feedId: string): Promise<Buffer> {
  const key = await getServerKey(db, "calendar-feed");
  return crypto.createHmac("sha256", key).update(`calendar-feed:${feedId}`).digest();
}

export async function feedToken(db: PrismaClient, feedId: string): Promise<string> {
  return `${feedId}.${(await signature(db, feedId)).toString("base64url")}`;
}

const tokenSchema = z.string().regex(/^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})(?:\.ics)?$/);

/** The live feed a token stands for, or null (malformed, forged, revoked, other event). */
export async function resolveFeedToken(db: PrismaClient, event: Pick<PublicEvent, "id">, token: string, now = new Date()): Promise<{ id: string; userId: string } | null> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const [, feedId, sig] = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})/.exec(parsed.data)!;
  if (!z.uuid().safeParse(feedId).success) return null;
  const expected = await signature(db, feedId);
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const feed = await db.calendarFeed.findFirst({ where: { id: feedId, eventId: event.id, revokedAt: null }, select: { id: true, userId: true, lastReadAt: true } });
  if (!feed) return null;
  // Remember when a calendar last read it (at most every five minutes: calendars poll).
  if (!feed.lastReadAt || now.getTime() - feed.lastReadAt.getTime() > 5 * 60_000) {
    await db.calendarFeed.update({ where: { id: feed.id }, data: { lastReadAt: now } });
  }
  return { id: feed.id, userId: feed.userId };
}

// ---------------------------------------------------------------------------------------------
// The person's own feed: create, reissue, revoke (each audited)
// ---------------------------------------------------------------------------------------------

export interface FeedStatus {
  id: string;
  /** Path of the feed (the page adds its origin). */
  path: string;
  createdAt: string;
  lastReadAt: string | null;
}

function requireUser(actor: Actor): string {
  if (actor.kind !== "user") throw new ForbiddenError("Please sign in.", 401);
  return actor.userId;
}

async function toStatus(db: PrismaClient, event: Pick<PublicEvent, "slug">, feed: { id: string; createdAt: Date; lastReadAt: Date | null }): Promise<FeedStatus> {
  return {
    id: feed.id,
    path: `/events/${event.slug}/feeds/${await feedToken(db, feed.id)}.ics`,
    createdAt: feed.createdAt.toISOString(),
    lastReadAt: feed.lastReadAt?.toISOString() ?? null,
  };
}

/** The person's live feed for this event, or null. */
export async function getMyFeed(db: PrismaClient, actor: Actor, event: Pick<PublicEvent, "id" | "slug">): Promise<FeedStatus | null> {
  const userId = requireUser(actor);
  const feed = await db.calendarFeed.findFirst({ where: { eventId: event.id, userId, revokedAt: null }, orderBy: { createdAt: "desc" } });
  return feed ? toStatus(db, event, feed) : null;
}

export const feedIntentSchema = z.enum(["create", "reissue", "revoke"]);
export type FeedIntent = z.infer<typeof feedIntentSchema>;

/**
 * create: a feed unless one is live (then that one); reissue: revoke the live one(s) and create a
 * new address; revoke: stop every live feed of the person for this event. Audited.
 */
export async function changeMyFeed(
  services: FeedServices,
  actor: Actor,
  event: Pick<PublicEvent, "id" | "slug">,
  intent: FeedIntent,
  meta: { ipAddress?: string } = {},
): Promise<FeedStatus | null> {
  const userId = requireUser(actor);
  const action = feedIntentSchema.parse(intent);
  const feed = await services.db.$transaction(async (tx) => {
    const live = await tx.calendarFeed.findMany({ where: { eventId: event.id, userId, revokedAt: null }, select: { id: true } });
    if (action === "create" && live.length > 0) return tx.calendarFeed.findUniqueOrThrow({ where: { id: live[0].id } });
    if (action !== "create" && live.length > 0) {
      await tx.calendarFeed.updateMany({ where: { id: { in: live.map((f) => f.id) } }, data: { revokedAt: new Date() } });
    }
    const created = action === "revoke" ? null : await tx.calendarFeed.create({ data: { eventId: event.id, userId } });
    if (action === "revoke" && live.length === 0) return null; // nothing to stop, nothing to audit
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: userId,
        action: action === "create" ? "calendar_feed.created" : action === "reissue" ? "calendar_feed.reissued" : "calendar_feed.revoked",
        targetType: "calendar_feed",
        targetId: created?.id ?? live[0]?.id ?? null,
        data: { revoked: live.map((f) => f.id), ...(created && { created: created.id }) },
        ipAddress: meta.ipAddress ?? null,
      },
    });
    return created;
  });
  return feed ? toStatus(services.db, event, feed) : null;
}

// ---------------------------------------------------------------------------------------------
// Feed contents
// ---------------------------------------------------------------------------------------------

export interface FeedOptions {
  /** Reader's language for titles, descriptions and rooms (falls back through the event's languages). */
  language: string;
  /** Origin for the links back to session pages, e.g. "https://plenary.example.org". */
  origin: string;
}

function toIcalEvent(item: PersonalItem, event: PublicEvent, options: FeedOptions): IcalEvent {
  const { start, end } = effectiveWindow(item);
  const fallbacks = event.languages;
  const summary = pickText(item.titles, options.language, fallbacks)?.text ?? item.title;
  const description = pickText(item.descriptions, options.language, fallbacks)?.text ?? null;
  const location = item.room ? (item.roomNames[options.language] ?? item.room.name) : null;
  const status = item.status === "cancelled" ? "CANCELLED" : item.signup && item.signup.status !== "confirmed" ? "TENTATIVE" : "CONFIRMED";
  return {
    uid: `${item.sessionId ?? item.key.replace(/[^A-Za-z0-9-]/g, "-")}@plenary`,
    sequence: item.sequence,
    stamp: new Date(item.updatedAt),
    start: new Date(start),
    end: new Date(end),
    summary,
    description,
    location,
    url: item.href ? `${options.origin}${item.href}` : null,
    status,
    categories: [item.kind.toUpperCase().replace("_", "-")],
  };
}

/** The public programme: every published session (cancelled ones as STATUS:CANCELLED). */
export async function buildPublicFeed(db: PrismaClient, event: PublicEvent, options: FeedOptions): Promise<string> {
  const rows = await db.session.findMany({
    where: { eventId: event.id, published: true, kind: { not: "BILATERAL" } },
    include: sessionInclude,
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  const items = rows.map((row) => sessionRowToItem(row, event, { starred: false, signup: null }));
  return buildCalendar({
    name: event.names[options.language] ?? event.name,
    productId: "-//Plenary//Agenda//EN",
    refreshMinutes: 15,
    events: items.map((item) => toIcalEvent(item, event, options)),
  });
}

/** One person's feed: everything on their personal agenda (waitlisted places as TENTATIVE). */
export async function buildPersonalFeed(services: FeedServices, userId: string, event: PublicEvent, options: Omit<FeedOptions, "language">): Promise<string> {
  const user = await services.db.user.findUnique({ where: { id: userId }, select: { preferredLanguage: true, disabledAt: true } });
  if (!user || user.disabledAt) throw new NotFoundError("No such feed.");
  const items = await listPersonalItems(services, { kind: "user", userId }, event);
  const language = user.preferredLanguage;
  return buildCalendar({
    name: event.names[language] ?? event.name,
    productId: "-//Plenary//My agenda//EN",
    refreshMinutes: 15,
    events: items.map((item) => toIcalEvent(item, event, { ...options, language })),
  });
}
