import { describe, expect, it } from "vitest";
import { isOpenDuring } from "./opening-hours";

const ZONE = "Africa/Casablanca"; // UTC+1 outside Ramadan, UTC+0 during it
const slot = (start: string, end: string) => ({ startsAt: new Date(start), endsAt: new Date(end) });

describe("isOpenDuring", () => {
  const day = { opensAt: "08:00", closesAt: "19:00" };

  it("accepts a slot inside the day's hours, read in the event's zone", () => {
    // 2025-11-24 in Casablanca is UTC+1: 08:00 local = 07:00Z.
    expect(isOpenDuring(day, slot("2025-11-24T07:00:00Z", "2025-11-24T08:00:00Z"), ZONE)).toBe(true);
    expect(isOpenDuring(day, slot("2025-11-24T17:00:00Z", "2025-11-24T18:00:00Z"), ZONE)).toBe(true);
  });

  it("refuses a slot starting before opening or ending after closing", () => {
    expect(isOpenDuring(day, slot("2025-11-24T06:30:00Z", "2025-11-24T07:30:00Z"), ZONE)).toBe(false);
    expect(isOpenDuring(day, slot("2025-11-24T17:30:00Z", "2025-11-24T18:30:00Z"), ZONE)).toBe(false);
  });

  it("follows the zone's offset during Ramadan (UTC+0)", () => {
    // 2026-03-02 falls in Ramadan time: 08:00 local = 08:00Z, so 07:30Z is before opening.
    expect(isOpenDuring(day, slot("2026-03-02T07:30:00Z", "2026-03-02T08:30:00Z"), ZONE)).toBe(false);
    expect(isOpenDuring(day, slot("2026-03-02T08:00:00Z", "2026-03-02T09:00:00Z"), ZONE)).toBe(true);
  });

  it("handles rooms that close after midnight", () => {
    const late = { opensAt: "10:00", closesAt: "01:00" };
    expect(isOpenDuring(late, slot("2025-11-24T21:00:00Z", "2025-11-24T23:30:00Z"), ZONE)).toBe(true); // 22:00–00:30
    expect(isOpenDuring(late, slot("2025-11-24T23:10:00Z", "2025-11-24T23:50:00Z"), ZONE)).toBe(true); // 00:10–00:50 next day
    expect(isOpenDuring(late, slot("2025-11-24T23:30:00Z", "2025-11-25T00:30:00Z"), ZONE)).toBe(false); // until 01:30
    expect(isOpenDuring(late, slot("2025-11-25T01:00:00Z", "2025-11-25T02:00:00Z"), ZONE)).toBe(false); // 02:00 closed
  });

  it("treats a room without hours as always open", () => {
    expect(isOpenDuring({ opensAt: null, closesAt: null }, slot("2025-11-24T02:00:00Z", "2025-11-24T03:00:00Z"), ZONE)).toBe(true);
  });
});
