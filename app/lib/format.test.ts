import { describe, expect, it } from "vitest";
import { addMinutes, formatCalendarDate, formatTime, zoneOffsetLabel } from "./format";

describe("display formatting", () => {
  it("shows a UTC instant in the event's zone", () => {
    // 08:30 UTC is 09:30 in Marrakech in June 2026 (UTC+1)...
    expect(formatTime("2026-06-24T08:30:00.000Z", "Africa/Casablanca", "en")).toBe("09:30");
    // ...and 08:30 in November 2026: Morocco is on UTC+0 for good since 20 September (tzdb 2026c).
    expect(formatTime("2026-11-24T08:30:00.000Z", "Africa/Casablanca", "en")).toBe("08:30");
    expect(formatTime("2026-11-24T08:30:00.000Z", "Asia/Tokyo", "fr")).toBe("17:30");
  });

  it("labels the offset in force at that instant", () => {
    expect(zoneOffsetLabel("Africa/Casablanca", "2026-06-24T08:30:00.000Z")).toBe("GMT+1");
    // Morocco returned to UTC+0 during Ramadan 2026, and stays on it from 20 September 2026.
    expect(zoneOffsetLabel("Africa/Casablanca", "2026-03-01T08:30:00.000Z")).toBe("GMT+0");
    expect(zoneOffsetLabel("Africa/Casablanca", "2026-11-24T08:30:00.000Z")).toBe("GMT+0");
  });

  it("names calendar dates without shifting them by the viewer's zone", () => {
    expect(formatCalendarDate("2026-11-24", "en")).toBe("Tuesday, November 24");
    expect(formatCalendarDate("2026-11-24", "fr")).toBe("mardi 24 novembre");
  });

  it("adds a delay to an instant", () => {
    expect(addMinutes("2026-11-24T23:50:00.000Z", 15)).toBe("2026-11-25T00:05:00.000Z");
  });
});
