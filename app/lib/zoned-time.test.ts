import { describe, expect, it } from "vitest";
import {
  addDaysToDate,
  dateInZone,
  dateToDbDate,
  daysBetween,
  dbDateToDate,
  isValidTimeZone,
  timeInZone,
  timeZoneOffsetMinutes,
  todayInZone,
  zonedWallTimeToUtc,
} from "./zoned-time.ts";

const CASABLANCA = "Africa/Casablanca";
const PARIS = "Europe/Paris";

/** Instants in `year` at which Intl reports a new offset for `timeZone` (hourly scan). */
function offsetChanges(timeZone: string, year: number): { at: Date; from: number; to: number }[] {
  const changes: { at: Date; from: number; to: number }[] = [];
  let previous = timeZoneOffsetMinutes(new Date(Date.UTC(year, 0, 1)), timeZone);
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 3_600_000) {
    const offset = timeZoneOffsetMinutes(new Date(ms), timeZone);
    if (offset !== previous) changes.push({ at: new Date(ms), from: previous, to: offset });
    previous = offset;
  }
  return changes;
}

describe("isValidTimeZone", () => {
  it("accepts IANA names and rejects anything else", () => {
    expect(isValidTimeZone(CASABLANCA)).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
    expect(isValidTimeZone(" Europe/Paris")).toBe(false);
    expect(isValidTimeZone("+01:00 nonsense")).toBe(false);
  });
});

describe("Africa/Casablanca around Ramadan 2026", () => {
  it("Intl reports UTC+0 from 15 February to 22 March 2026, UTC+1 on either side, then UTC+0 for good from 20 September", () => {
    // Derived from what Intl (ICU tzdata) reports; the scan below pins the exact instants.
    // The third change is tzdb 2026c (Morocco stays on +00 from 2026-09-20 02:00 local; decision 010).
    expect(offsetChanges(CASABLANCA, 2026)).toEqual([
      { at: new Date("2026-02-15T02:00:00Z"), from: 60, to: 0 },
      { at: new Date("2026-03-22T02:00:00Z"), from: 0, to: 60 },
      { at: new Date("2026-09-20T01:00:00Z"), from: 60, to: 0 },
    ]);
    expect(offsetChanges(CASABLANCA, 2027)).toEqual([]); // no Ramadan shift any more
    expect(timeZoneOffsetMinutes(new Date("2026-02-14T12:00:00Z"), CASABLANCA)).toBe(60);
    expect(timeZoneOffsetMinutes(new Date("2026-02-16T12:00:00Z"), CASABLANCA)).toBe(0);
    expect(timeZoneOffsetMinutes(new Date("2026-03-21T12:00:00Z"), CASABLANCA)).toBe(0);
    expect(timeZoneOffsetMinutes(new Date("2026-03-23T12:00:00Z"), CASABLANCA)).toBe(60);
  });

  it("converts the same wall time with the offset of each day", () => {
    expect(zonedWallTimeToUtc("2026-02-14", "09:00", CASABLANCA).toISOString()).toBe("2026-02-14T08:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-02-16", "09:00", CASABLANCA).toISOString()).toBe("2026-02-16T09:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-03-21", "09:00", CASABLANCA).toISOString()).toBe("2026-03-21T09:00:00.000Z");
    expect(zonedWallTimeToUtc("2026-03-23", "09:00", CASABLANCA).toISOString()).toBe("2026-03-23T08:00:00.000Z");
    // The original assembly dates (November, UTC+1).
    expect(zonedWallTimeToUtc("2025-11-24", "09:00", CASABLANCA).toISOString()).toBe("2025-11-24T08:00:00.000Z");
  });

  it("takes the earlier instant for the repeated hour when Ramadan time starts", () => {
    // 15 Feb 2026: at 03:00 (UTC+1) the clocks go back to 02:00, so 02:30 happens twice.
    const instant = zonedWallTimeToUtc("2026-02-15", "02:30", CASABLANCA);
    expect(instant.toISOString()).toBe("2026-02-15T01:30:00.000Z");
    expect(timeInZone(instant, CASABLANCA)).toBe("02:30");
    expect(timeInZone(new Date("2026-02-15T02:30:00Z"), CASABLANCA)).toBe("02:30"); // the second one
  });

  it("takes the later valid instant for the skipped hour when Ramadan time ends", () => {
    // 22 Mar 2026: at 02:00 (UTC+0) the clocks jump to 03:00, so 02:30 does not exist.
    const instant = zonedWallTimeToUtc("2026-03-22", "02:30", CASABLANCA);
    expect(instant.toISOString()).toBe("2026-03-22T02:30:00.000Z");
    expect(timeInZone(instant, CASABLANCA)).toBe("03:30");
  });
});

describe("Europe/Paris summer time gap", () => {
  it("moves a wall time inside the gap to the later valid instant", () => {
    // Last Sunday of March 2026 = 29 March: 02:00 CET jumps to 03:00 CEST.
    const instant = zonedWallTimeToUtc("2026-03-29", "02:30", PARIS);
    expect(instant.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(timeInZone(instant, PARIS)).toBe("03:30");
    expect(dateInZone(instant, PARIS)).toBe("2026-03-29");
  });

  it("is exact on both sides of the gap", () => {
    expect(zonedWallTimeToUtc("2026-03-29", "01:59", PARIS).toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(zonedWallTimeToUtc("2026-03-29", "03:00", PARIS).toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(timeZoneOffsetMinutes(new Date("2026-03-29T00:59:00Z"), PARIS)).toBe(60);
    expect(timeZoneOffsetMinutes(new Date("2026-03-29T01:00:00Z"), PARIS)).toBe(120);
  });

  it("takes the earlier instant in the repeated hour of October", () => {
    // 25 Oct 2026: 03:00 CEST goes back to 02:00 CET.
    expect(zonedWallTimeToUtc("2026-10-25", "02:30", PARIS).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("round-trips every quarter hour of a year outside the gaps", () => {
    for (const timeZone of [PARIS, CASABLANCA, "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000 * 397) {
        const instant = new Date(ms);
        const date = dateInZone(instant, timeZone);
        const time = timeInZone(instant, timeZone);
        const back = zonedWallTimeToUtc(date, time, timeZone);
        // Same wall time; same instant unless the wall time is ambiguous (then the earlier one).
        expect(timeInZone(back, timeZone)).toBe(time);
        expect(back.getTime()).toBeLessThanOrEqual(Math.floor(ms / 60_000) * 60_000);
        expect(Math.floor(ms / 60_000) * 60_000 - back.getTime()).toBeLessThanOrEqual(3_600_000);
      }
    }
  });
});

describe("a session crossing midnight", () => {
  it("has a start and an end on different dates in the event's zone", () => {
    const startsAt = zonedWallTimeToUtc("2025-11-26", "21:00", CASABLANCA);
    const endsAt = zonedWallTimeToUtc("2025-11-27", "00:30", CASABLANCA);
    expect(endsAt.getTime() - startsAt.getTime()).toBe(3.5 * 3_600_000);
    expect(dateInZone(startsAt, CASABLANCA)).toBe("2025-11-26");
    expect(dateInZone(endsAt, CASABLANCA)).toBe("2025-11-27");
    expect(timeInZone(endsAt, CASABLANCA)).toBe("00:30");
    // 23:30 UTC is already the next day in Casablanca (UTC+1) but not in UTC.
    const lateUtc = new Date("2025-11-26T23:30:00Z");
    expect(dateInZone(lateUtc, CASABLANCA)).toBe("2025-11-27");
    expect(dateInZone(lateUtc, "UTC")).toBe("2025-11-26");
    expect(dateInZone(lateUtc, "America/Los_Angeles")).toBe("2025-11-26");
  });
});

describe("date arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDaysToDate("2025-11-24", 3)).toBe("2025-11-27");
    expect(addDaysToDate("2025-12-30", 3)).toBe("2026-01-02");
    expect(addDaysToDate("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDaysToDate("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDaysToDate("2026-03-29", 1)).toBe("2026-03-30"); // a 23-hour day in Paris changes nothing
  });

  it("lists the days between two dates inclusively", () => {
    expect(daysBetween("2025-11-24", "2025-11-27")).toEqual(["2025-11-24", "2025-11-25", "2025-11-26", "2025-11-27"]);
    expect(daysBetween("2025-12-31", "2026-01-01")).toEqual(["2025-12-31", "2026-01-01"]);
    expect(daysBetween("2025-11-24", "2025-11-24")).toEqual(["2025-11-24"]);
    expect(daysBetween("2025-11-25", "2025-11-24")).toEqual([]);
  });

  it("gives today in the zone, not in UTC", () => {
    const now = new Date("2025-11-23T23:30:00Z");
    expect(todayInZone(CASABLANCA, now)).toBe("2025-11-24");
    expect(todayInZone("UTC", now)).toBe("2025-11-23");
    expect(todayInZone("Pacific/Honolulu", now)).toBe("2025-11-23");
  });

  it("converts date-only column values", () => {
    expect(dateToDbDate("2025-11-24").toISOString()).toBe("2025-11-24T00:00:00.000Z");
    expect(dbDateToDate(new Date("2025-11-27T00:00:00Z"))).toBe("2025-11-27");
  });

  it("rejects malformed input", () => {
    expect(() => zonedWallTimeToUtc("2025-11-31", "09:00", CASABLANCA)).toThrow(RangeError);
    expect(() => zonedWallTimeToUtc("2025-11-24", "24:00", CASABLANCA)).toThrow(RangeError);
    expect(() => zonedWallTimeToUtc("2025-11-24", "9:00", CASABLANCA)).toThrow(RangeError);
    expect(() => zonedWallTimeToUtc("2025-11-24", "09:00", "Nowhere/Town")).toThrow(RangeError);
    expect(() => addDaysToDate("24/11/2025", 1)).toThrow(RangeError);
    expect(() => dateInZone(new Date(Number.NaN), CASABLANCA)).toThrow(RangeError);
  });
});
