// Announcements: organisers publish a short message, in several languages, to everyone at the
// event, to one room's audience or to one delegation. Event and room announcements are public;
// a delegation's reaches only that delegation's accredited members and the organisers, on the
// live channel and in the list alike.
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import type { AnnouncementAudienceJson, AnnouncementPublic } from "~/modules/live/live-events";
import { MAX_ANNOUNCEMENT_LENGTH } from "./constants";

export type { AnnouncementPublic } from "~/modules/live/live-events";

const AUDIENCES = ["event", "room", "delegation"] as const satisfies readonly AnnouncementAudienceJson[];

const languageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "Not a language code.");

export const announcementInputSchema = z
  .object({
    audience: z.enum(AUDIENCES),
    roomId: z.uuid().optional(),
    delegationId: z.uuid().optional(),
    messages: z.record(languageCode, z.string().trim().max(MAX_ANNOUNCEMENT_LENGTH, `At most ${MAX_ANNOUNCEMENT_LENGTH} characters.`)),
    expiresAt: z.coerce.date().optional(),
  })
  .transform((value) => ({ ...value, messages: Object.fromEntries(Object.entries(value.messages).filter(([, text]) => text.length > 0)) }))
  .refine((value) => Object.keys(value.messages).length > 0, { path: ["messages"], message: "Write the message in at least one language." })
  .refine((value) => value.audience !== "room" || value.roomId, { path: ["roomId"], message: "Choose the room." })
  .refine((value) => value.audience !== "delegation" || value.delegationId, { path: ["delegationId"], message: "Choose the delegation." });
export type AnnouncementInput = z.input<typeof announcementInputSchema>;

const include = {
  room: { select: { id: true, name: true } },
  delegation: { select: { id: true, name: true } },
} satisfies Prisma.AnnouncementInclude;
type Row = Prisma.AnnouncementGetPayload<{ include: typeof include }>;

export function toAnnouncementPublic(row: Row): AnnouncementPublic {
  return {
    id: row.id,
    audience: row.audience.toLowerCase() as AnnouncementAudienceJson,
    room: row.audience === "ROOM" ? row.room : null,
    delegation: row.audience === "DELEGATION" ? row.delegation : null,
    messages: asTextMap(row.messages),
    publishedAt: row.publishedAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** Publishes an announcement (organisers only), audited, and sends it live after commit. */
export async function publishAnnouncement(
  services: Pick<AppServices, "db" | "bus">,
  actor: Actor,
  event: { id: string },
  input: AnnouncementInput,
): Promise<AnnouncementPublic> {
  await requireOrganiser(services.db, actor, event.id);
  const value = announcementInputSchema.parse(input);
  const row = await services.db.$transaction(async (tx) => {
    if (value.audience === "room") {
      const room = await tx.room.findFirst({ where: { id: value.roomId, eventId: event.id, retiredAt: null }, select: { id: true } });
      if (!room) throw new NotFoundError("No such room.");
    }
    if (value.audience === "delegation") {
      const delegation = await tx.delegation.findFirst({ where: { id: value.delegationId, eventId: event.id }, select: { id: true } });
      if (!delegation) throw new NotFoundError("No such delegation.");
    }
    const created = await tx.announcement.create({
      data: {
        eventId: event.id,
        audience: value.audience.toUpperCase() as "EVENT" | "ROOM" | "DELEGATION",
        roomId: value.audience === "room" ? value.roomId : null,
        delegationId: value.audience === "delegation" ? value.delegationId : null,
        messages: value.messages,
        createdById: actorIdOf(actor),
        expiresAt: value.expiresAt ?? null,
      },
      include,
    });
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: "announcement.published",
        targetType: "announcement",
        targetId: created.id,
        data: { audience: value.audience, roomId: created.roomId, delegationId: created.delegationId, languages: Object.keys(value.messages) },
      },
    });
    return created;
  });
  const announcement = toAnnouncementPublic(row);
  services.bus.publish("announcement.published", { eventId: event.id, announcement });
  return announcement;
}

/** Withdraws an announcement from the lists (organisers only), audited. */
export async function withdrawAnnouncement(services: Pick<AppServices, "db">, actor: Actor, event: { id: string }, announcementId: string): Promise<void> {
  await requireOrganiser(services.db, actor, event.id);
  const id = z.uuid().safeParse(announcementId);
  if (!id.success) throw new NotFoundError("No such announcement.");
  await services.db.$transaction(async (tx) => {
    const { count } = await tx.announcement.updateMany({ where: { id: id.data, eventId: event.id, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    if (count === 0) throw new NotFoundError("No such announcement.");
    await tx.auditLog.create({
      data: { eventId: event.id, actorId: actorIdOf(actor), action: "announcement.withdrawn", targetType: "announcement", targetId: id.data },
    });
  });
}

/**
 * The announcements this actor may read, newest first: event and room ones for everyone, a
 * delegation's only for its accredited members and the event's organisers. Withdrawn and expired
 * ones are left out.
 */
export async function listAnnouncementsFor(db: PrismaClient, actor: Actor, event: { id: string }, options: { now?: Date; take?: number } = {}): Promise<AnnouncementPublic[]> {
  const now = options.now ?? new Date();
  const audience: Prisma.AnnouncementWhereInput[] = [{ audience: { in: ["EVENT", "ROOM"] } }];
  if (actor.kind === "system" || (actor.kind === "user" && (await isOrganiser(db, actor, event.id)))) {
    audience.push({ audience: "DELEGATION" });
  } else if (actor.kind === "user") {
    const registration = await db.registration.findFirst({ where: { eventId: event.id, userId: actor.userId, status: "APPROVED" }, select: { delegationId: true } });
    if (registration?.delegationId) audience.push({ audience: "DELEGATION", delegationId: registration.delegationId });
  }
  const rows = await db.announcement.findMany({
    where: { eventId: event.id, withdrawnAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }], AND: [{ OR: audience }] },
    include,
    orderBy: { publishedAt: "desc" },
    take: options.take ?? 100,
  });
  return rows.map(toAnnouncementPublic);
}

/** Public announcements for one room's screen (event-wide and that room's). */
export async function listRoomAnnouncements(db: PrismaClient, event: { id: string }, roomId: string | null, now = new Date()): Promise<AnnouncementPublic[]> {
  const rows = await db.announcement.findMany({
    where: {
      eventId: event.id,
      withdrawnAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      AND: [{ OR: [{ audience: "EVENT" }, ...(roomId ? [{ audience: "ROOM" as const, roomId }] : [])] }],
    },
    include,
    orderBy: { publishedAt: "desc" },
    take: 3,
  });
  return rows.map(toAnnouncementPublic);
}

export interface AdminAnnouncement extends AnnouncementPublic {
  withdrawnAt: string | null;
}

/** Every announcement of the event, withdrawn ones included (organisers only). */
export async function listAnnouncementsForAdmin(db: PrismaClient, actor: Actor, event: { id: string }): Promise<AdminAnnouncement[]> {
  await requireOrganiser(db, actor, event.id);
  const rows = await db.announcement.findMany({ where: { eventId: event.id }, include, orderBy: { publishedAt: "desc" }, take: 200 });
  return rows.map((row) => ({ ...toAnnouncementPublic(row), withdrawnAt: row.withdrawnAt?.toISOString() ?? null }));
}

/** Rooms and delegations an organiser can address. */
export async function listAudiences(db: PrismaClient, event: { id: string }) {
  const [rooms, delegations] = await Promise.all([
    db.room.findMany({ where: { eventId: event.id, retiredAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.delegation.findMany({ where: { eventId: event.id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { rooms, delegations };
}

async function isOrganiser(db: PrismaClient, actor: Actor, eventId: string): Promise<boolean> {
  try {
    await requireOrganiser(db, actor, eventId);
    return true;
  } catch (error) {
    if (error instanceof ForbiddenError) return false;
    throw error;
  }
}
