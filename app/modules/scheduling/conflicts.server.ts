// Scheduling conflicts: what stands in the way of a session holding a room at a time.
//
// HARD (always refused): the room is already booked in an overlapping slot, the event's changeover
// buffer included. SOFT (refused unless the organiser states an override reason, which is audited):
// a speaker or moderator is elsewhere at the time, confirmed sign-ups exceed the room's seats, the
// session's capacity exceeds them, the slot is outside the room's opening hours or the event's
// days, or the room's booths cannot serve the session's interpretation languages.
//
// These functions only read. Callers that write run them inside the room-booking protocol
// (lockRooms → findRoomClashes → write, one transaction) so that a clash cannot slip in between.
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { dateInZone, timeInZone, zonedWallTimeToUtc } from "~/lib/zoned-time";
import { findRoomClashes } from "~/modules/rooms/room-booking.server";

type Tx = Prisma.TransactionClient;

export const CONFLICT_CODES = [
  "room_booked",
  "speaker_busy",
  "signups_exceed_room",
  "capacity_exceeds_room",
  "outside_room_hours",
  "outside_event_days",
  "interpretation_unavailable",
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

export interface Conflict {
  code: ConflictCode;
  /** Hard conflicts are always refused; soft ones pass with an override reason. */
  hard: boolean;
  /** Plain English, for API clients and logs; pages translate `code` with `params`. */
  message: string;
  params: Record<string, string | number>;
}

export interface SchedulingEvent {
  id: string;
  timeZone: string;
  /** YYYY-MM-DD in the event's zone, inclusive. */
  startsOn: string;
  endsOn: string;
  changeoverBufferMinutes: number;
  languages: string[];
}

export interface SlotRoom {
  id: string;
  name: string;
  capacity: number;
  interpretationLanguages: string[];
  opensAt: string | null;
  closesAt: string | null;
}

/** The session as it would be after the change. */
export interface ProposedSlot {
  /** Null for a session not yet created. */
  sessionId: string | null;
  startsAt: Date;
  endsAt: Date;
  room: SlotRoom | null;
  capacity: number | null;
  interpretationLanguages: string[];
  /** People on the session: users of the event by id, guests by name. */
  speakers: { userId: string | null; name: string }[];
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function titleOf(texts: { language: string; title: string }[], languages: string[]): string {
  for (const language of languages) {
    const text = texts.find((t) => t.language === language);
    if (text) return text.title;
  }
  return texts[0]?.title ?? "";
}

/** Every conflict the proposed slot has, hard ones first. */
export async function findConflicts(tx: Tx | PrismaClient, event: SchedulingEvent, slot: ProposedSlot): Promise<Conflict[]> {
  const conflicts: Conflict[] = [];
  const zone = event.timeZone;
  const when = (d: Date) => `${dateInZone(d, zone)} ${timeInZone(d, zone)}`;

  if (slot.room) {
    const clashes = await findRoomClashes(tx, {
      roomId: slot.room.id,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      bufferMinutes: event.changeoverBufferMinutes,
      excludeSessionId: slot.sessionId ?? undefined,
    });
    for (const clash of clashes) {
      const title = clash.kind === "bilateral" ? "a bilateral meeting" : titleOf(Object.entries(clash.titles).map(([language, title]) => ({ language, title })), event.languages);
      conflicts.push({
        code: "room_booked",
        hard: true,
        message: `${slot.room.name} is already booked from ${when(clash.startsAt)} to ${timeInZone(clash.endsAt, zone)} (${title}), with ${event.changeoverBufferMinutes} minutes to change over between sessions.`,
        params: {
          room: slot.room.name,
          title,
          // Empty for a bilateral (confidential: pages say "a bilateral meeting" in the reader's language).
          sessionId: clash.kind === "bilateral" ? "" : clash.sessionId,
          startsAt: when(clash.startsAt),
          endsAt: timeInZone(clash.endsAt, zone),
          buffer: event.changeoverBufferMinutes,
        },
      });
    }
  }

  // Speakers and moderators elsewhere at the same time (scheduled slots, no buffer).
  const userIds = [...new Set(slot.speakers.map((s) => s.userId).filter((id): id is string => !!id))];
  const guestNames = [...new Set(slot.speakers.filter((s) => !s.userId).map((s) => s.name.trim()).filter(Boolean))];
  if (userIds.length > 0 || guestNames.length > 0) {
    const busy = await tx.sessionSpeaker.findMany({
      where: {
        OR: [...(userIds.length ? [{ userId: { in: userIds } }] : []), ...(guestNames.length ? [{ userId: null, name: { in: guestNames } }] : [])],
        session: {
          eventId: event.id,
          status: { not: "CANCELLED" },
          startsAt: { lt: slot.endsAt },
          endsAt: { gt: slot.startsAt },
          ...(slot.sessionId && { id: { not: slot.sessionId } }),
        },
      },
      select: { name: true, role: true, session: { select: { id: true, startsAt: true, endsAt: true, texts: { select: { language: true, title: true } } } } },
      orderBy: { name: "asc" },
    });
    for (const speaker of busy) {
      const title = titleOf(speaker.session.texts, event.languages);
      conflicts.push({
        code: "speaker_busy",
        hard: false,
        message: `${speaker.name} (${speaker.role.toLowerCase()}) is already in "${title}" from ${when(speaker.session.startsAt)} to ${timeInZone(speaker.session.endsAt, zone)}.`,
        params: { name: speaker.name, role: speaker.role.toLowerCase(), title, sessionId: speaker.session.id, startsAt: when(speaker.session.startsAt), endsAt: timeInZone(speaker.session.endsAt, zone) },
      });
    }
  }

  if (slot.room) {
    const room = slot.room;
    if (slot.sessionId) {
      const taken = await tx.workshopSignup.count({ where: { sessionId: slot.sessionId, status: { in: ["CONFIRMED", "OFFERED"] } } });
      if (taken > room.capacity) {
        conflicts.push({
          code: "signups_exceed_room",
          hard: false,
          message: `${taken} people hold a seat, but ${room.name} seats only ${room.capacity}.`,
          params: { taken, room: room.name, roomCapacity: room.capacity },
        });
      }
    }
    if (slot.capacity !== null && slot.capacity > room.capacity) {
      conflicts.push({
        code: "capacity_exceeds_room",
        hard: false,
        message: `The session offers ${slot.capacity} seats, but ${room.name} seats only ${room.capacity}.`,
        params: { capacity: slot.capacity, room: room.name, roomCapacity: room.capacity },
      });
    }
    if (room.opensAt && room.closesAt && HHMM.test(room.opensAt) && HHMM.test(room.closesAt)) {
      const day = dateInZone(slot.startsAt, zone);
      const opens = zonedWallTimeToUtc(day, room.opensAt, zone);
      const closes = zonedWallTimeToUtc(day, room.closesAt, zone);
      if (slot.startsAt < opens || slot.endsAt > closes) {
        conflicts.push({
          code: "outside_room_hours",
          hard: false,
          message: `${room.name} is open from ${room.opensAt} to ${room.closesAt} (${zone}); the session runs ${timeInZone(slot.startsAt, zone)}–${timeInZone(slot.endsAt, zone)}.`,
          params: { room: room.name, opensAt: room.opensAt, closesAt: room.closesAt, startsAt: timeInZone(slot.startsAt, zone), endsAt: timeInZone(slot.endsAt, zone) },
        });
      }
    }
    const missing = slot.interpretationLanguages.filter((language) => !room.interpretationLanguages.includes(language));
    if (missing.length > 0) {
      conflicts.push({
        code: "interpretation_unavailable",
        hard: false,
        message: `${room.name} has no interpretation booth for ${missing.join(", ")}.`,
        params: { room: room.name, languages: missing.join(", ") },
      });
    }
  }

  const firstDay = dateInZone(slot.startsAt, zone);
  const lastDay = dateInZone(new Date(slot.endsAt.getTime() - 1), zone);
  if (firstDay < event.startsOn || lastDay > event.endsOn) {
    conflicts.push({
      code: "outside_event_days",
      hard: false,
      message: `The event runs from ${event.startsOn} to ${event.endsOn}; the session is on ${firstDay === lastDay ? firstDay : `${firstDay}–${lastDay}`}.`,
      params: { startsOn: event.startsOn, endsOn: event.endsOn, day: firstDay === lastDay ? firstDay : `${firstDay}–${lastDay}` },
    });
  }

  return conflicts.sort((a, b) => Number(b.hard) - Number(a.hard));
}
