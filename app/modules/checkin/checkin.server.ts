// Check-in: badges (QR + manual code), door and per-session scans by check-in staff and
// organisers, badge re-issue (revokes every earlier QR), and the organisers' attendance figures.
import { z } from "zod";
import type { ParticipantCategory, PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { getStaffEvent, type StaffEvent } from "~/modules/accreditation/accreditation.server";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import type { CheckInPublic } from "~/modules/live/live-events";
import { manualBadgeCode, normaliseManualCode, openBadgeToken, sealBadgeToken } from "./badge-token.server";

const STAFF_ROLES = ["CHECKIN_STAFF", "ORGANISER", "ADMIN"] as const;

/** Check-in staff, organisers and admins of this event (and platform admins); 401/403 otherwise. */
export async function requireCheckInStaff(db: PrismaClient, actor: Actor, slug: string): Promise<StaffEvent> {
  const event = await getStaffEvent(db, slug);
  if (actor.kind === "system") return event;
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  const registration = await db.registration.findFirst({
    where: { eventId: event.id, userId: actor.userId, status: "APPROVED", role: { in: [...STAFF_ROLES] } },
    select: { id: true },
  });
  if (registration) return event;
  await requireOrganiser(db, actor, event.id); // platform admins
  return event;
}

// ---------------------------------------------------------------------------------------------
// Badges
// ---------------------------------------------------------------------------------------------

export interface BadgePerson {
  registrationId: string;
  name: string;
  delegation: string | null;
  countryCode: string | null;
  category: ParticipantCategory;
  /** data: URL of the badge photo, or null. */
  photo: string | null;
}

const personSelect = {
  id: true,
  eventId: true,
  status: true,
  category: true,
  badgeVersion: true,
  badgeRevokedAt: true,
  photo: true,
  photoMimeType: true,
  user: { select: { givenName: true, familyName: true } },
  delegation: { select: { name: true, countryCode: true } },
} as const;

type PersonRow = {
  id: string;
  category: ParticipantCategory;
  photo: Uint8Array | null;
  photoMimeType: string | null;
  user: { givenName: string; familyName: string };
  delegation: { name: string; countryCode: string | null } | null;
};

const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
function toPerson(row: PersonRow): BadgePerson {
  return {
    registrationId: row.id,
    name: `${row.user.givenName} ${row.user.familyName}`,
    delegation: row.delegation?.name ?? null,
    countryCode: row.delegation?.countryCode ?? null,
    category: row.category,
    photo: row.photo && row.photoMimeType && PHOTO_TYPES.has(row.photoMimeType) ? `data:${row.photoMimeType};base64,${Buffer.from(row.photo).toString("base64")}` : null,
  };
}

export type OwnBadge = { status: "none" } | { status: "not_accredited" } | { status: "revoked"; person: BadgePerson } | { status: "ok"; person: BadgePerson; token: string; manualCode: string };

/** The signed-in person's own badge for the event: a fresh token and the manual code, if accredited. */
export async function getOwnBadge(db: PrismaClient, userId: string, eventId: string): Promise<OwnBadge> {
  const row = await db.registration.findUnique({ where: { eventId_userId: { eventId, userId } }, select: personSelect });
  if (!row) return { status: "none" };
  if (row.status !== "APPROVED") return { status: "not_accredited" };
  const person = toPerson(row);
  if (row.badgeRevokedAt) return { status: "revoked", person };
  const claim = { registrationId: row.id, badgeVersion: row.badgeVersion };
  return { status: "ok", person, token: await sealBadgeToken(db, claim), manualCode: await manualBadgeCode(db, claim) };
}

/**
 * A new badge: bumps the badge version so every QR and manual code issued so far is refused.
 * The person themself (a lost badge) or an organiser; audited.
 */
export async function reissueBadge(services: Pick<AppServices, "db">, actor: Actor, event: { id: string }, registrationId: string): Promise<void> {
  const id = z.uuid().safeParse(registrationId);
  if (!id.success) throw new NotFoundError("No such registration.");
  const registration = await services.db.registration.findFirst({ where: { id: id.data, eventId: event.id }, select: { userId: true } });
  if (!registration) throw new NotFoundError("No such registration.");
  if (actor.kind !== "user" || actor.userId !== registration.userId) await requireOrganiser(services.db, actor, event.id);
  await services.db.$transaction(async (tx) => {
    const updated = await tx.registration.update({ where: { id: id.data }, data: { badgeVersion: { increment: 1 }, badgeRevokedAt: null }, select: { badgeVersion: true } });
    await tx.auditLog.create({
      data: { eventId: event.id, actorId: actorIdOf(actor), action: "badge.reissued", targetType: "registration", targetId: id.data, data: { badgeVersion: updated.badgeVersion } },
    });
  });
}

/** Revokes the badge outright (organisers): every scan is refused until a new badge is issued. Audited. */
export async function revokeBadge(services: Pick<AppServices, "db">, actor: Actor, event: { id: string }, registrationId: string): Promise<void> {
  await requireOrganiser(services.db, actor, event.id);
  const id = z.uuid().safeParse(registrationId);
  if (!id.success) throw new NotFoundError("No such registration.");
  await services.db.$transaction(async (tx) => {
    const { count } = await tx.registration.updateMany({ where: { id: id.data, eventId: event.id }, data: { badgeRevokedAt: new Date() } });
    if (count === 0) throw new NotFoundError("No such registration.");
    await tx.auditLog.create({ data: { eventId: event.id, actorId: actorIdOf(actor), action: "badge.revoked", targetType: "registration", targetId: id.data } });
  });
}

// ---------------------------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------------------------

export const scanInputSchema = z.object({
  code: z.string().trim().min(1, "Scan a badge or type its code.").max(200),
  sessionId: z.union([z.uuid(), z.literal("")]).optional(),
  method: z.enum(["qr", "manual"]).default("manual"),
});
export type ScanInput = z.input<typeof scanInputSchema>;

export type RefusalReason = "unknown" | "revoked" | "rejected" | "not_accredited" | "other_event";
export type ScanResult =
  | { result: "checked_in"; person: BadgePerson; scannedAt: string; sessionId: string | null }
  | { result: "already"; person: BadgePerson; scannedAt: string; sessionId: string | null }
  | { result: "refused"; reason: RefusalReason; person: BadgePerson | null };

/**
 * Checks a badge in at the door (no session) or at one session. The code is a QR token or the
 * badge's manual code. Once per person per place: a repeat answers when the first scan was.
 * Revoked, superseded, rejected and not-accredited badges are refused. Published live to the
 * event's organisers after commit.
 */
export async function checkIn(
  services: Pick<AppServices, "db" | "bus">,
  actor: Actor,
  event: StaffEvent,
  rawInput: ScanInput,
): Promise<ScanResult> {
  const input = scanInputSchema.parse(rawInput);
  const db = services.db;
  let registrationId: string | null = null;
  let claimedVersion: number | null = null;
  if (input.code.includes(".")) {
    const claim = await openBadgeToken(db, input.code);
    if (claim) [registrationId, claimedVersion] = [claim.registrationId, claim.badgeVersion];
  } else {
    const typed = normaliseManualCode(input.code);
    if (typed) registrationId = await findByManualCode(db, event.id, typed);
  }
  if (!registrationId) return { result: "refused", reason: "unknown", person: null };

  const row = await db.registration.findUnique({ where: { id: registrationId }, select: personSelect });
  if (!row) return { result: "refused", reason: "unknown", person: null };
  if (row.eventId !== event.id) return { result: "refused", reason: "other_event", person: null };
  const person = toPerson(row);
  if (row.status === "REJECTED") return { result: "refused", reason: "rejected", person };
  if (row.status !== "APPROVED") return { result: "refused", reason: "not_accredited", person };
  if (row.badgeRevokedAt || (claimedVersion !== null && claimedVersion !== row.badgeVersion)) return { result: "refused", reason: "revoked", person };

  const sessionId = input.sessionId ? input.sessionId : null;
  if (sessionId) {
    // Bilaterals are confidential (their two delegations and organisers only): not a check-in place.
    const session = await db.session.findFirst({ where: { id: sessionId, eventId: event.id, published: true, kind: { not: "BILATERAL" } }, select: { id: true } });
    if (!session) throw new NotFoundError("No such session.");
  }
  // One row per person and place; a concurrent second scan finds the first one's row.
  const { count } = await db.checkIn.createMany({
    data: [{ eventId: event.id, registrationId, sessionId, scannedById: actorIdOf(actor), method: input.method === "qr" ? "QR" : "MANUAL" }],
    skipDuplicates: true,
  });
  const stored = await db.checkIn.findFirstOrThrow({ where: { registrationId, sessionId }, select: { id: true, scannedAt: true, method: true } });
  const scannedAt = stored.scannedAt.toISOString();
  if (count === 0) return { result: "already", person, scannedAt, sessionId };
  const checkIn: CheckInPublic = {
    id: stored.id,
    registrationId,
    sessionId,
    name: person.name,
    delegation: person.delegation,
    countryCode: person.countryCode,
    category: person.category.toLowerCase(),
    method: stored.method === "QR" ? "qr" : "manual",
    scannedAt,
  };
  services.bus.publish("checkin.recorded", { eventId: event.id, checkIn });
  return { result: "checked_in", person, scannedAt, sessionId };
}

/** The registration whose current manual code this is (codes of superseded badges match nothing). */
async function findByManualCode(db: PrismaClient, eventId: string, code: string): Promise<string | null> {
  const candidates = await db.registration.findMany({ where: { eventId }, select: { id: true, badgeVersion: true } });
  for (const candidate of candidates) {
    if ((await manualBadgeCode(db, { registrationId: candidate.id, badgeVersion: candidate.badgeVersion })) === code) return candidate.id;
  }
  return null;
}

/** Sessions staff can check people into: the event's published, non-confidential ones around today, in time order. */
export async function listCheckInSessions(db: PrismaClient, event: StaffEvent, now = new Date()) {
  const rows = await db.session.findMany({
    where: { eventId: event.id, published: true, kind: { not: "BILATERAL" }, status: { not: "CANCELLED" }, endsAt: { gte: new Date(now.getTime() - 12 * 3_600_000) }, startsAt: { lte: new Date(now.getTime() + 24 * 3_600_000) } },
    select: { id: true, startsAt: true, texts: { select: { language: true, title: true } }, room: { select: { name: true } } },
    orderBy: { startsAt: "asc" },
    take: 200,
  });
  const language = event.languages[0] ?? "en";
  return rows.map((row) => ({
    id: row.id,
    startsAt: row.startsAt.toISOString(),
    title: row.texts.find((t) => t.language === language)?.title ?? row.texts[0]?.title ?? "",
    room: row.room?.name ?? null,
  }));
}
