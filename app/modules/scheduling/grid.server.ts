// The organisers' day × room grid: every room of the event as a column, the day's sessions as
// blocks on a time axis in the event's zone, and moves through the same domain function as the API.
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { dateInZone, timeInZone, todayInZone, zonedWallTimeToUtc, addDaysToDate } from "~/lib/zoned-time";
import type { StaffEvent } from "~/modules/accreditation/accreditation.server";
import type { Actor } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import type { Conflict } from "./conflicts.server";
import { checkReschedule, loadSchedulingEvent, rescheduleSession, ScheduleConflictError, ScheduleInputError, type SchedulingServices } from "./reschedule.server";
import { GRID_STEP_MINUTES, moveFormSchema } from "./session-form";

type EventRef = Pick<StaffEvent, "id" | "languages" | "timeZone">;

export { GRID_STEP_MINUTES } from "./session-form";

export interface GridRoom {
  id: string;
  name: string;
  capacity: number;
  opensAt: string | null;
  closesAt: string | null;
  interpretationLanguages: string[];
}

export interface GridBlock {
  id: string;
  roomId: string | null;
  kind: string;
  status: string;
  published: boolean;
  title: string;
  startTime: string;
  endTime: string;
  /** Minutes from the axis start, and length in minutes (clipped to the day shown). */
  offset: number;
  length: number;
  delayMinutes: number;
  capacity: number | null;
  seatsTaken: number;
}

export interface ScheduleGrid {
  day: string;
  days: string[];
  axisStart: string;
  axisEnd: string;
  /** Minutes from axisStart to axisEnd. */
  span: number;
  rooms: GridRoom[];
  blocks: GridBlock[];
  /** Free stretches per room ("HH:MM"–"HH:MM"), within its opening hours or the axis. */
  free: Record<string, { from: string; to: string }[]>;
  changeoverBufferMinutes: number;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

export async function getScheduleGrid(services: Pick<SchedulingServices, "db">, actor: Actor, event: EventRef, requestedDay: string | null, language: string): Promise<ScheduleGrid> {
  await requireOrganiser(services.db, actor, event.id);
  const schedulingEvent = await loadSchedulingEvent(services.db, event.id);
  const days: string[] = [];
  for (let d = schedulingEvent.startsOn; d <= schedulingEvent.endsOn; d = addDaysToDate(d, 1)) days.push(d);
  const today = todayInZone(event.timeZone);
  const day = requestedDay && days.includes(requestedDay) ? requestedDay : days.includes(today) ? today : days[0];
  const dayStart = zonedWallTimeToUtc(day, "00:00", event.timeZone);
  const dayEnd = zonedWallTimeToUtc(addDaysToDate(day, 1), "00:00", event.timeZone);

  const [roomRows, sessionRows] = await Promise.all([
    services.db.room.findMany({ where: { eventId: event.id }, orderBy: { name: "asc" } }),
    services.db.session.findMany({
      where: { eventId: event.id, startsAt: { lt: dayEnd }, endsAt: { gt: dayStart } },
      include: {
        texts: { select: { language: true, title: true } },
        _count: { select: { signups: { where: { status: { in: ["CONFIRMED", "OFFERED"] } } } } },
      },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const usedRooms = new Set(sessionRows.map((s) => s.roomId));
  const rooms: GridRoom[] = roomRows
    .filter((r) => !r.retiredAt || usedRooms.has(r.id))
    .map((r) => ({ id: r.id, name: asTextMap(r.names)[language] ?? r.name, capacity: r.capacity, opensAt: r.opensAt, closesAt: r.closesAt, interpretationLanguages: r.interpretationLanguages }));

  // The axis covers the rooms' opening hours and every session of the day, on the hour.
  const wall = (d: Date) => (d <= dayStart ? 0 : d >= dayEnd ? 24 * 60 : toMinutes(timeInZone(d, event.timeZone)) || (dateInZone(d, event.timeZone) > day ? 24 * 60 : 0));
  let from = Infinity;
  let to = -Infinity;
  for (const r of rooms) {
    if (r.opensAt) from = Math.min(from, toMinutes(r.opensAt));
    if (r.closesAt) to = Math.max(to, toMinutes(r.closesAt));
  }
  for (const s of sessionRows) {
    from = Math.min(from, wall(s.startsAt));
    to = Math.max(to, wall(s.endsAt));
  }
  // Nothing to go by (no opening hours, no sessions): a working day.
  if (!Number.isFinite(from)) from = 8 * 60;
  if (!Number.isFinite(to) || to <= from) to = Math.max(from + 60, 20 * 60);
  from = Math.floor(from / 60) * 60;
  to = Math.min(24 * 60, Math.ceil(to / 60) * 60);

  const pick = (texts: { language: string; title: string }[]) =>
    [language, ...event.languages].map((l) => texts.find((t) => t.language === l)?.title).find(Boolean) ?? texts[0]?.title ?? "";
  const blocks: GridBlock[] = sessionRows.map((s) => {
    const start = wall(s.startsAt);
    const end = wall(s.endsAt);
    return {
      id: s.id,
      roomId: s.roomId,
      kind: s.kind.toLowerCase(),
      status: s.status.toLowerCase(),
      published: s.published,
      title: pick(s.texts),
      startTime: timeInZone(s.startsAt, event.timeZone),
      endTime: timeInZone(s.endsAt, event.timeZone),
      offset: start - from,
      length: Math.max(GRID_STEP_MINUTES, end - start),
      delayMinutes: s.delayMinutes,
      capacity: s.capacity,
      seatsTaken: s._count.signups,
    };
  });

  const free: ScheduleGrid["free"] = {};
  for (const room of rooms) {
    const opens = room.opensAt ? toMinutes(room.opensAt) : from;
    const closes = room.closesAt ? toMinutes(room.closesAt) : to;
    const busy = blocks
      .filter((b) => b.roomId === room.id && b.status !== "cancelled")
      .map((b) => [b.offset + from, b.offset + from + b.length] as const)
      .sort((a, b) => a[0] - b[0]);
    const stretches: { from: string; to: string }[] = [];
    let cursor = opens;
    for (const [start, end] of busy) {
      if (start - cursor >= 30) stretches.push({ from: toHhmm(cursor), to: toHhmm(Math.min(start, closes)) });
      cursor = Math.max(cursor, end);
    }
    if (closes - cursor >= 30) stretches.push({ from: toHhmm(cursor), to: toHhmm(closes) });
    free[room.id] = stretches.filter((s) => s.from < s.to);
  }

  return { day, days, axisStart: toHhmm(from), axisEnd: toHhmm(to), span: to - from, rooms, blocks, free, changeoverBufferMinutes: schedulingEvent.changeoverBufferMinutes };
}

export type MoveAnswer =
  | { outcome: "invalid"; lastResult: SubmissionResult<string[]> }
  | { outcome: "checked"; conflicts: Conflict[]; allowed: boolean; lastResult: SubmissionResult<string[]> }
  | { outcome: "refused"; conflicts: Conflict[]; lastResult: SubmissionResult<string[]> }
  | { outcome: "moved"; sessionId: string; overridden: Conflict[] };

/** The grid's move form (from a drag and drop or the keyboard form): check, or move. */
export async function submitMoveForm(services: SchedulingServices, actor: Actor, event: EventRef, formData: FormData): Promise<{ status: number; answer: MoveAnswer }> {
  const intent = formData.get("intent") === "move" ? "move" : "check";
  const submission = parseWithZod(formData, { schema: moveFormSchema });
  if (submission.status !== "success") return { status: 400, answer: { outcome: "invalid", lastResult: submission.reply() } };
  const value = submission.value;
  const input = {
    roomId: value.roomId,
    startsAt: zonedWallTimeToUtc(value.day, value.startTime, event.timeZone),
    endsAt: zonedWallTimeToUtc(value.day, value.endTime, event.timeZone),
    overrideReason: value.overrideReason,
  };
  try {
    if (intent === "check") {
      const result = await checkReschedule(services, actor, event, value.sessionId, input);
      return { status: 200, answer: { outcome: "checked", ...result, lastResult: submission.reply() } };
    }
    const result = await rescheduleSession(services, actor, event, value.sessionId, input);
    return { status: 200, answer: { outcome: "moved", sessionId: value.sessionId, overridden: result.overridden } };
  } catch (error) {
    if (error instanceof ScheduleConflictError) return { status: 409, answer: { outcome: "refused", conflicts: error.conflicts, lastResult: submission.reply() } };
    if (error instanceof ScheduleInputError) return { status: 400, answer: { outcome: "invalid", lastResult: submission.reply({ fieldErrors: error.errors }) } };
    throw error;
  }
}
