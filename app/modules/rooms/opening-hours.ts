// Opening hours are daily wall-clock times in the event's zone ("08:00"–"19:00"); a closing time
// earlier than the opening time means the room closes after midnight ("10:00"–"01:00").
import { addDaysToDate, dateInZone, zonedWallTimeToUtc } from "~/lib/zoned-time";

export interface OpeningHours {
  opensAt: string | null;
  closesAt: string | null;
}

// Wall times repeat across rooms and slots (a dozen rooms share a few opening hours): converting
// each once keeps suggesting rooms for many meetings cheap. Bounded, cleared when full.
const instants = new Map<string, number>();
function wallTime(date: string, time: string, timeZone: string): number {
  const key = `${timeZone}|${date}|${time}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    if (instants.size >= 4096) instants.clear();
    ms = zonedWallTimeToUtc(date, time, timeZone).getTime();
    instants.set(key, ms);
  }
  return ms;
}

/** Whether the whole slot falls inside one day's opening of the room (rooms without hours are always open). */
export function isOpenDuring(room: OpeningHours, slot: { startsAt: Date; endsAt: Date }, timeZone: string): boolean {
  if (!room.opensAt || !room.closesAt) return true;
  const overnight = room.closesAt <= room.opensAt;
  const day = dateInZone(slot.startsAt, timeZone);
  // The slot may start after midnight inside the previous day's (overnight) opening.
  for (const opening of overnight ? [addDaysToDate(day, -1), day] : [day]) {
    const opens = wallTime(opening, room.opensAt, timeZone);
    const closes = wallTime(overnight ? addDaysToDate(opening, 1) : opening, room.closesAt, timeZone);
    if (slot.startsAt.getTime() >= opens && slot.endsAt.getTime() <= closes) return true;
  }
  return false;
}
