import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine, formatUtc } from "./ical";

describe("iCalendar writer", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a,b;c\\d\ne\r\nf")).toBe("a\\,b\\;c\\\\d\\ne\\nf");
  });

  it("writes UTC date-times", () => {
    expect(formatUtc(new Date("2026-02-15T02:30:00.000Z"))).toBe("20260215T023000Z");
  });

  it("folds at 75 octets without splitting a UTF-8 character", () => {
    const line = `SUMMARY:${"é".repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SHORT:x")).toBe("SHORT:x");
  });

  it("produces a calendar ical.js reads back exactly", () => {
    const summary = "Séance plénière: ouverture, discours; « bienvenue » \\ الجلسة الافتتاحية — a long enough title to fold";
    const text = buildCalendar({
      name: "GA, 93",
      productId: "-//Plenary//Test//EN",
      refreshMinutes: 15,
      events: [
        {
          uid: "0190c4c6-0000-7000-8000-000000000001@plenary",
          sequence: 4,
          stamp: new Date("2026-01-01T10:00:00Z"),
          start: new Date("2026-02-20T22:00:00Z"),
          end: new Date("2026-02-21T01:00:00Z"),
          summary,
          description: "Line 1\nLine 2",
          location: "Atlas Hall, floor 2",
          url: "https://plenary.test/events/ga-93/sessions/x",
          status: "CANCELLED",
          categories: ["PLENARY"],
        },
      ],
    });
    expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    const vevent = calendar.getFirstSubcomponent("vevent")!;
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe("Line 1\nLine 2");
    expect(event.location).toBe("Atlas Hall, floor 2");
    expect(event.sequence).toBe(4);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-02-20T22:00:00.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-02-21T01:00:00.000Z");
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
  });
});
