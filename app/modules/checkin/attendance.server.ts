// The organisers' attendance figures: arrivals, counts by country, category and session, and
// attendance against capacity per room for the day's sessions.
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { dateInZone, zonedWallTimeToUtc, addDaysToDate } from "~/lib/zoned-time";
import type { Actor } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";
import type { CheckInPublic } from "~/modules/live/live-events";

export interface Attendance {
  accredited: number;
  arrived: number;
  recent: CheckInPublic[];
  byCountry: { delegation: string | null; countryCode: string | null; arrived: number; accredited: number }[];
  byCategory: { category: string; arrived: number; accredited: number }[];
  /** The day's sessions (event zone) with their check-ins against the room's capacity. */
  bySession: { id: string; title: string; startsAt: string; room: string | null; roomCapacity: number | null; capacity: number | null; checkedIn: number }[];
  day: string;
}

/** Organisers only. `now` picks the day (in the event's zone) for the per-session figures. */
export async function getAttendance(
  db: PrismaClient,
  actor: Actor,
  event: { id: string; timeZone: string; languages: string[] },
  now = new Date(),
): Promise<Attendance> {
  await requireOrganiser(db, actor, event.id);
  const day = dateInZone(now, event.timeZone);
  const dayStart = zonedWallTimeToUtc(day, "00:00", event.timeZone);
  const dayEnd = zonedWallTimeToUtc(addDaysToDate(day, 1), "00:00", event.timeZone);
  const language = event.languages[0] ?? "en";

  const [accredited, arrived, recentRows, byCountry, byCategory, sessions] = await Promise.all([
    db.registration.count({ where: { eventId: event.id, status: "APPROVED" } }),
    db.checkIn.count({ where: { eventId: event.id, sessionId: null } }),
    db.checkIn.findMany({
      where: { eventId: event.id, sessionId: null },
      orderBy: { scannedAt: "desc" },
      take: 30,
      select: {
        id: true, registrationId: true, sessionId: true, method: true, scannedAt: true,
        registration: { select: { category: true, user: { select: { givenName: true, familyName: true } }, delegation: { select: { name: true, countryCode: true } } } },
      },
    }),
    db.$queryRaw<{ delegation: string | null; countryCode: string | null; arrived: bigint; accredited: bigint }[]>`
      SELECT d.name AS delegation, d."countryCode" AS "countryCode",
             count(c.id) AS arrived, count(r.id) AS accredited
      FROM "Registration" r
      LEFT JOIN "Delegation" d ON d.id = r."delegationId"
      LEFT JOIN "CheckIn" c ON c."registrationId" = r.id AND c."sessionId" IS NULL
      WHERE r."eventId" = ${event.id}::uuid AND r.status = 'APPROVED'
      GROUP BY d.name, d."countryCode"
      ORDER BY count(c.id) DESC, d.name ASC NULLS LAST`,
    db.$queryRaw<{ category: string; arrived: bigint; accredited: bigint }[]>`
      SELECT r.category::text AS category, count(c.id) AS arrived, count(r.id) AS accredited
      FROM "Registration" r
      LEFT JOIN "CheckIn" c ON c."registrationId" = r.id AND c."sessionId" IS NULL
      WHERE r."eventId" = ${event.id}::uuid AND r.status = 'APPROVED'
      GROUP BY r.category ORDER BY r.category`,
    db.session.findMany({
      where: { eventId: event.id, status: { not: "CANCELLED" }, startsAt: { gte: dayStart, lt: dayEnd } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: {
        id: true, startsAt: true, capacity: true,
        texts: { select: { language: true, title: true } },
        room: { select: { name: true, capacity: true } },
        _count: { select: { checkIns: true } },
      },
    }),
  ]);

  return {
    accredited,
    arrived,
    day,
    recent: recentRows.map((row) => ({
      id: row.id,
      registrationId: row.registrationId,
      sessionId: row.sessionId,
      name: `${row.registration.user.givenName} ${row.registration.user.familyName}`,
      delegation: row.registration.delegation?.name ?? null,
      countryCode: row.registration.delegation?.countryCode ?? null,
      category: row.registration.category.toLowerCase(),
      method: row.method === "QR" ? "qr" : "manual",
      scannedAt: row.scannedAt.toISOString(),
    })),
    byCountry: byCountry.map((row) => ({ delegation: row.delegation, countryCode: row.countryCode, arrived: Number(row.arrived), accredited: Number(row.accredited) })),
    byCategory: byCategory.map((row) => ({ category: row.category, arrived: Number(row.arrived), accredited: Number(row.accredited) })),
    bySession: sessions.map((s) => ({
      id: s.id,
      title: s.texts.find((t) => t.language === language)?.title ?? s.texts[0]?.title ?? "",
      startsAt: s.startsAt.toISOString(),
      room: s.room?.name ?? null,
      roomCapacity: s.room?.capacity ?? null,
      capacity: s.capacity,
      checkedIn: s._count.checkIns,
    })),
  };
}
