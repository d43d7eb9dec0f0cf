// Organisers create and edit sessions (texts per language, speakers, room, time, capacity,
// interpretation, publication). Saving follows the room-booking protocol like every move: lock the
// room, lock the session, look for conflicts, write, audit; publish after commit.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { SessionKind, SpeakerRole } from "~/generated/prisma/enums.ts";
import { dateInZone, timeInZone, zonedWallTimeToUtc } from "~/lib/zoned-time";
import { sessionInclude, toSessionPublic } from "~/modules/agenda/agenda.server";
import type { StaffEvent } from "~/modules/accreditation/accreditation.server";
import { NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import { lockRooms } from "~/modules/rooms/room-booking.server";
import { findConflicts, type Conflict } from "./conflicts.server";
import { inTransaction } from "~/lib/transactions.server";
import { loadSchedulingEvent, ScheduleInputError, type SchedulingServices } from "./reschedule.server";
import { CONTENT_LANGUAGES, sessionFormSchema, type SessionFormValue } from "./session-form";

type EventRef = Pick<StaffEvent, "id" | "languages" | "timeZone">;

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export interface AdminSessionRow {
  id: string;
  kind: string;
  status: string;
  published: boolean;
  title: string;
  day: string;
  startTime: string;
  endTime: string;
  room: string | null;
  capacity: number | null;
  seatsTaken: number;
  delayMinutes: number;
}

function pickTitle(texts: { language: string; title: string }[], language: string, fallbacks: string[]): string {
  for (const candidate of [language, ...fallbacks]) {
    const found = texts.find((t) => t.language === candidate);
    if (found) return found.title;
  }
  return texts[0]?.title ?? "";
}

/** Every session of the event except bilaterals (confidential, managed with the rooms), in time order. */
export async function listAdminSessions(services: Pick<SchedulingServices, "db">, actor: Actor, event: EventRef, language: string): Promise<AdminSessionRow[]> {
  await requireOrganiser(services.db, actor, event.id);
  const rows = await services.db.session.findMany({
    where: { eventId: event.id, kind: { not: "BILATERAL" } },
    include: { texts: { select: { language: true, title: true } }, room: { select: { name: true, names: true } }, _count: { select: { signups: { where: { status: { in: ["CONFIRMED", "OFFERED"] } } } } } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind.toLowerCase(),
    status: row.status.toLowerCase(),
    published: row.published,
    title: pickTitle(row.texts, language, event.languages),
    day: dateInZone(row.startsAt, event.timeZone),
    startTime: timeInZone(row.startsAt, event.timeZone),
    endTime: timeInZone(row.endsAt, event.timeZone),
    room: row.room ? (asTextMap(row.room.names)[language] ?? row.room.name) : null,
    capacity: row.capacity,
    seatsTaken: row._count.signups,
    delayMinutes: row.delayMinutes,
  }));
}

export interface EditorOptions {
  rooms: { id: string; name: string; capacity: number; interpretationLanguages: string[]; retired: boolean }[];
  tracks: { id: string; name: string }[];
  days: string[];
}

export async function getEditorOptions(db: PrismaClient, event: EventRef, language: string): Promise<EditorOptions> {
  const [rooms, tracks, schedulingEvent] = await Promise.all([
    db.room.findMany({ where: { eventId: event.id }, orderBy: { name: "asc" }, select: { id: true, name: true, names: true, capacity: true, interpretationLanguages: true, retiredAt: true } }),
    db.track.findMany({ where: { eventId: event.id }, orderBy: { name: "asc" }, select: { id: true, name: true, names: true } }),
    loadSchedulingEvent(db, event.id),
  ]);
  const days: string[] = [];
  for (let d = schedulingEvent.startsOn; d <= schedulingEvent.endsOn; d = nextDay(d)) days.push(d);
  return {
    rooms: rooms.map((r) => ({ id: r.id, name: asTextMap(r.names)[language] ?? r.name, capacity: r.capacity, interpretationLanguages: r.interpretationLanguages, retired: r.retiredAt !== null })),
    tracks: tracks.map((t) => ({ id: t.id, name: asTextMap(t.names)[language] ?? t.name })),
    days,
  };
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface SessionForEdit {
  id: string;
  status: string;
  published: boolean;
  kind: string;
  seatsTaken: number;
  values: {
    kind: string;
    trackId: string;
    texts: Record<string, { title: string; description: string }>;
    speakers: { email: string; name: string; affiliation: string; role: string }[];
    roomId: string;
    day: string;
    startTime: string;
    endTime: string;
    capacity: string;
    floorLanguage: string;
    interpretationLanguages: string[];
    published: boolean;
  };
}

export async function getSessionForEdit(services: Pick<SchedulingServices, "db">, actor: Actor, event: EventRef, sessionId: string): Promise<SessionForEdit> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such session.");
  const row = await services.db.session.findFirst({
    where: { id: sessionId, eventId: event.id, kind: { not: "BILATERAL" } },
    include: {
      texts: true,
      speakers: { orderBy: { position: "asc" }, include: { user: { select: { email: true } } } },
      _count: { select: { signups: { where: { status: { in: ["CONFIRMED", "OFFERED"] } } } } },
    },
  });
  if (!row) throw new NotFoundError("No such session.");
  return {
    id: row.id,
    status: row.status.toLowerCase(),
    published: row.published,
    kind: row.kind.toLowerCase(),
    seatsTaken: row._count.signups,
    values: {
      kind: row.kind.toLowerCase(),
      trackId: row.trackId ?? "",
      texts: Object.fromEntries(row.texts.map((t) => [t.language, { title: t.title, description: t.description ?? "" }])),
      speakers: row.speakers.map((s) => ({ email: s.user?.email ?? "", name: s.user ? "" : s.name, affiliation: s.affiliation ?? "", role: s.role.toLowerCase() })),
      roomId: row.roomId ?? "",
      day: dateInZone(row.startsAt, event.timeZone),
      startTime: timeInZone(row.startsAt, event.timeZone),
      endTime: timeInZone(row.endsAt, event.timeZone),
      capacity: row.capacity === null ? "" : String(row.capacity),
      floorLanguage: row.floorLanguage,
      interpretationLanguages: row.interpretationLanguages,
      published: row.published,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Save
// ---------------------------------------------------------------------------------------------

export type SaveResult = { saved: true; sessionId: string; overridden: Conflict[] } | { saved: false; conflicts: Conflict[] };

/**
 * Creates (sessionId null) or updates a session from the form. With `dryRun` it only reports the
 * conflicts. Hard conflicts are always refused; soft ones need `overrideReason`.
 */
export async function saveSession(
  services: SchedulingServices,
  actor: Actor,
  event: EventRef,
  sessionId: string | null,
  raw: SessionFormValue,
  options: { dryRun?: boolean } = {},
): Promise<SaveResult> {
  await requireOrganiser(services.db, actor, event.id);
  const input = sessionFormSchema.parse(raw);
  if (sessionId !== null && !z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such session.");
  const startsAt = zonedWallTimeToUtc(input.day, input.startTime, event.timeZone);
  const endsAt = zonedWallTimeToUtc(input.day, input.endTime, event.timeZone);

  const outcome = await inTransaction(services.db, async (tx) => {
    const schedulingEvent = await loadSchedulingEvent(tx, event.id);
    if (input.roomId) await lockRooms(tx, [input.roomId]);
    const existing = sessionId
      ? await tx.$queryRaw`SELECT id FROM "Session" WHERE id = ${sessionId}::uuid FOR UPDATE`.then(() =>
          tx.session.findFirst({ where: { id: sessionId, eventId: event.id, kind: { not: "BILATERAL" } } }),
        )
      : null;
    if (sessionId && !existing) throw new NotFoundError("No such session.");

    const room = input.roomId
      ? await tx.room.findFirst({ where: { id: input.roomId, eventId: event.id }, select: { id: true, name: true, capacity: true, interpretationLanguages: true, opensAt: true, closesAt: true, retiredAt: true } })
      : null;
    if (input.roomId && !room) throw new ScheduleInputError({ roomId: ["errors.room"] });
    if (room?.retiredAt && room.id !== existing?.roomId) throw new ScheduleInputError({ roomId: ["errors.roomRetired"] });
    if (input.trackId && !(await tx.track.findFirst({ where: { id: input.trackId, eventId: event.id }, select: { id: true } }))) {
      throw new ScheduleInputError({ trackId: ["errors.track"] });
    }

    // Speakers: people of the event by e-mail, guests by name.
    const speakers: { userId: string | null; name: string; affiliation: string | null; role: SpeakerRole }[] = [];
    for (const [index, row] of input.speakers.entries()) {
      if (row.email) {
        const person = await tx.registration.findFirst({ where: { eventId: event.id, user: { email: row.email } }, select: { user: { select: { id: true, givenName: true, familyName: true } } } });
        if (!person) throw new ScheduleInputError({ [`speakers[${index}].email`]: ["errors.speakerUnknown"] });
        speakers.push({ userId: person.user.id, name: `${person.user.givenName} ${person.user.familyName}`, affiliation: row.affiliation ?? null, role: row.role.toUpperCase() as SpeakerRole });
      } else {
        speakers.push({ userId: null, name: row.name!, affiliation: row.affiliation ?? null, role: row.role.toUpperCase() as SpeakerRole });
      }
    }

    const status = existing?.status ?? "SCHEDULED";
    const found =
      status === "CANCELLED"
        ? []
        : await findConflicts(tx, schedulingEvent, {
            sessionId,
            startsAt,
            endsAt,
            room: room && { id: room.id, name: room.name, capacity: room.capacity, interpretationLanguages: room.interpretationLanguages, opensAt: room.opensAt, closesAt: room.closesAt },
            capacity: input.capacity ?? null,
            interpretationLanguages: input.interpretationLanguages,
            speakers,
          });
    // Editing a session's text must not ask for a reason about what was already so before: only
    // conflicts this change brings count (the same conflict with the session as it stands is known).
    let conflicts = found;
    if (existing && found.length > 0 && existing.status !== "CANCELLED") {
      const currentRoom = existing.roomId
        ? await tx.room.findUnique({ where: { id: existing.roomId }, select: { id: true, name: true, capacity: true, interpretationLanguages: true, opensAt: true, closesAt: true } })
        : null;
      const before = await findConflicts(tx, schedulingEvent, {
        sessionId,
        startsAt: existing.startsAt,
        endsAt: existing.endsAt,
        room: currentRoom,
        capacity: existing.capacity,
        interpretationLanguages: existing.interpretationLanguages,
        speakers: await tx.sessionSpeaker.findMany({ where: { sessionId: existing.id }, select: { userId: true, name: true } }),
      });
      const known = new Set(before.map((c) => `${c.code} ${c.message}`));
      conflicts = found.filter((c) => !known.has(`${c.code} ${c.message}`));
    }
    if (options.dryRun || conflicts.some((c) => c.hard) || (conflicts.length > 0 && !input.overrideReason)) {
      return { saved: false as const, conflicts };
    }

    const kind = input.kind.toUpperCase() as SessionKind;
    const data = {
      kind,
      trackId: input.trackId ?? null,
      roomId: input.roomId ?? null,
      startsAt,
      endsAt,
      capacity: input.capacity ?? null,
      floorLanguage: input.floorLanguage,
      interpretationLanguages: input.interpretationLanguages,
      published: input.published,
    };
    const texts = CONTENT_LANGUAGES.flatMap((language) => {
      const text = input.texts[language];
      return text?.title ? [{ language, title: text.title, description: text.description ?? null }] : [];
    });
    const slotMoved = existing && (existing.roomId !== data.roomId || existing.startsAt.getTime() !== startsAt.getTime() || existing.endsAt.getTime() !== endsAt.getTime());
    let id: string;
    if (existing) {
      id = existing.id;
      await tx.session.update({
        where: { id },
        data: { ...data, ...(slotMoved && existing.published && existing.status === "SCHEDULED" && { status: "MOVED" }), sequence: { increment: 1 } },
      });
      await tx.sessionText.deleteMany({ where: { sessionId: id } });
      await tx.sessionSpeaker.deleteMany({ where: { sessionId: id } });
    } else {
      id = (await tx.session.create({ data: { ...data, eventId: event.id }, select: { id: true } })).id;
    }
    await tx.sessionText.createMany({ data: texts.map((t) => ({ ...t, sessionId: id })) });
    await tx.sessionSpeaker.createMany({ data: speakers.map((s, position) => ({ ...s, sessionId: id, position })) });
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: existing ? "session.updated" : "session.created",
        targetType: "session",
        targetId: id,
        data: {
          ...(existing && { from: { roomId: existing.roomId, startsAt: existing.startsAt.toISOString(), endsAt: existing.endsAt.toISOString(), published: existing.published, capacity: existing.capacity } }),
          to: { ...data, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), titles: Object.fromEntries(texts.map((t) => [t.language, t.title])), speakers: speakers.map((s) => s.name) },
          ...(conflicts.length > 0 && { overrideReason: input.overrideReason, overridden: conflicts.map((c) => ({ code: c.code, message: c.message })) }),
        },
      },
    });
    const row = await tx.session.findUniqueOrThrow({ where: { id }, include: sessionInclude });
    return { saved: true as const, sessionId: id, overridden: conflicts, row, wasPublished: existing?.published ?? false };
  });

  if (!outcome.saved) return outcome;
  if (outcome.row.published) services.bus.publish("session.updated", { eventId: event.id, session: toSessionPublic(outcome.row, event.languages[0] ?? "en") });
  return { saved: true, sessionId: outcome.sessionId, overridden: outcome.overridden };
}

/** Publishes or withdraws a session from the public agenda; audited, SEQUENCE bumped. */
export async function setSessionPublished(services: SchedulingServices, actor: Actor, event: EventRef, sessionId: string, published: boolean): Promise<void> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such session.");
  const row = await inTransaction(services.db, async (tx) => {
    const existing = await tx.session.findFirst({ where: { id: sessionId, eventId: event.id, kind: { not: "BILATERAL" } }, select: { published: true } });
    if (!existing) throw new NotFoundError("No such session.");
    if (existing.published === published) return null;
    const updated = await tx.session.update({ where: { id: sessionId }, data: { published, sequence: { increment: 1 } }, include: sessionInclude });
    await tx.auditLog.create({
      data: { eventId: event.id, actorId: actorIdOf(actor), action: published ? "session.published" : "session.unpublished", targetType: "session", targetId: sessionId, data: {} },
    });
    return updated;
  });
  if (row?.published) services.bus.publish("session.updated", { eventId: event.id, session: toSessionPublic(row, event.languages[0] ?? "en") });
}

// ---------------------------------------------------------------------------------------------
// The editor's form post (new and edit pages)
// ---------------------------------------------------------------------------------------------

export type EditorPostResult =
  | { kind: "saved"; sessionId: string }
  | { kind: "answer"; status: number; answer: { lastResult: SubmissionResult<string[]>; conflicts?: Conflict[]; checked?: boolean } };

/** Validates the form with the shared schema, checks or saves, and says what the page shows next. */
export async function submitSessionForm(services: SchedulingServices, actor: Actor, event: EventRef, sessionId: string | null, formData: FormData): Promise<EditorPostResult> {
  const intent = formData.get("intent") === "check" ? "check" : "save";
  const submission = parseWithZod(formData, { schema: sessionFormSchema });
  if (submission.status !== "success") return { kind: "answer", status: 400, answer: { lastResult: submission.reply() } };
  try {
    const result = await saveSession(services, actor, event, sessionId, submission.value, { dryRun: intent === "check" });
    if (result.saved) return { kind: "saved", sessionId: result.sessionId };
    return { kind: "answer", status: intent === "check" ? 200 : 409, answer: { lastResult: submission.reply(), conflicts: result.conflicts, checked: intent === "check" } };
  } catch (error) {
    if (error instanceof ScheduleInputError) return { kind: "answer", status: 400, answer: { lastResult: submission.reply({ fieldErrors: error.errors }) } };
    throw error;
  }
}
