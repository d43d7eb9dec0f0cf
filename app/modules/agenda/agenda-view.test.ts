import { describe, expect, it } from "vitest";
import { timeZoneOffsetMinutes } from "~/lib/zoned-time";
import { continuesUntil, groupByDay, matchesFilters, normaliseForSearch, nowAndNext, sessionDay, wallClock, zoneOffsetsFor, type FilterableSession } from "./agenda-view";
import type { SessionPublic } from "./session-public";

const CASABLANCA = "Africa/Casablanca";

function session(id: string, startsAt: string, endsAt: string, extra: Partial<SessionPublic> = {}): SessionPublic {
  return { id, kind: "plenary", status: "scheduled", title: id, titles: { en: id }, startsAt, endsAt, delayMinutes: 0, room: null, capacity: null, seatsTaken: null, ...extra };
}

describe("Africa/Casablanca around Ramadan 2026 (as Intl reports it)", () => {
  it("goes to UTC+0 on 15 February and back to UTC+1 on 22 March 2026", () => {
    // Checked against Intl, not assumed: the grouping tests below rely on these two changes.
    expect(timeZoneOffsetMinutes(new Date("2026-02-15T01:59:00Z"), CASABLANCA)).toBe(60);
    expect(timeZoneOffsetMinutes(new Date("2026-02-15T02:00:00Z"), CASABLANCA)).toBe(0);
    expect(timeZoneOffsetMinutes(new Date("2026-03-22T01:59:00Z"), CASABLANCA)).toBe(0);
    expect(timeZoneOffsetMinutes(new Date("2026-03-22T02:00:00Z"), CASABLANCA)).toBe(60);
  });
});

describe("groupByDay", () => {
  it("puts each session on its start day in the event's zone, whatever the offset of the day", () => {
    const sessions = [
      // Before the change (UTC+1): 23:30 UTC on the 14th is 00:30 on the 15th in Casablanca.
      session("a", "2026-02-14T23:30:00.000Z", "2026-02-15T00:30:00.000Z"),
      // 22:30 UTC on the 14th is 23:30 on the 14th.
      session("b", "2026-02-14T22:30:00.000Z", "2026-02-14T22:50:00.000Z"),
      // During Ramadan time (UTC+0): 23:30 UTC on the 20th is 23:30 on the 20th (a fixed +1 would say the 21st).
      session("c", "2026-02-20T23:30:00.000Z", "2026-02-20T23:50:00.000Z"),
      // Back on UTC+1: 23:30 UTC on the 22nd of March is 00:30 on the 23rd.
      session("d", "2026-03-22T23:30:00.000Z", "2026-03-23T00:30:00.000Z"),
      // The night of the change itself: 01:30 UTC is 02:30 (UTC+1), 02:30 UTC is 02:30 again (UTC+0): both on the 15th.
      session("e", "2026-02-15T02:30:00.000Z", "2026-02-15T03:00:00.000Z"),
      session("f", "2026-02-15T01:30:00.000Z", "2026-02-15T01:45:00.000Z"),
    ];
    const days = groupByDay(sessions, CASABLANCA);
    expect([...days.keys()]).toEqual(["2026-02-14", "2026-02-15", "2026-02-20", "2026-03-23"]);
    expect(days.get("2026-02-14")!.map((s) => s.id)).toEqual(["b"]);
    expect(days.get("2026-02-15")!.map((s) => s.id)).toEqual(["a", "f", "e"]);
    expect(days.get("2026-02-20")!.map((s) => s.id)).toEqual(["c"]);
    expect(days.get("2026-03-23")!.map((s) => s.id)).toEqual(["d"]);
  });

  it("gives other days in another zone (the viewer's own)", () => {
    const late = session("late", "2026-02-20T23:30:00.000Z", "2026-02-20T23:50:00.000Z");
    expect(sessionDay(late, CASABLANCA)).toBe("2026-02-20");
    expect(sessionDay(late, "Europe/Paris")).toBe("2026-02-21");
    expect(sessionDay(late, "America/New_York")).toBe("2026-02-20");
  });
});

describe("sessions crossing midnight", () => {
  it("are shown on the day they start and marked as continuing to the next", () => {
    // Ramadan time (UTC+0): 22:00–01:00 local = 22:00Z–01:00Z.
    const night = session("night", "2026-02-20T22:00:00.000Z", "2026-02-21T01:00:00.000Z");
    expect([...groupByDay([night], CASABLANCA).keys()]).toEqual(["2026-02-20"]);
    expect(continuesUntil(night, CASABLANCA)).toBe("2026-02-21");
  });

  it("are not marked when they end exactly at midnight or before it", () => {
    expect(continuesUntil(session("m", "2026-02-20T22:00:00.000Z", "2026-02-21T00:00:00.000Z"), CASABLANCA)).toBeNull();
    // UTC+1 in June 2026: 21:00Z–22:59Z is 22:00–23:59 local.
    expect(continuesUntil(session("n", "2026-06-24T21:00:00.000Z", "2026-06-24T22:59:00.000Z"), CASABLANCA)).toBeNull();
    // Nor for a viewer in Tokyo, where the same instants are 06:00–07:59 the next morning.
    expect(continuesUntil(session("n", "2026-06-24T21:00:00.000Z", "2026-06-24T22:59:00.000Z"), "Asia/Tokyo")).toBeNull();
    // UTC+0 for good from 20 September 2026 (tzdb 2026c): 22:00Z–23:59Z is 22:00–23:59 in November.
    expect(continuesUntil(session("p", "2026-11-24T22:00:00.000Z", "2026-11-24T23:59:00.000Z"), CASABLANCA)).toBeNull();
    expect(continuesUntil(session("p", "2026-11-24T22:00:00.000Z", "2026-11-25T00:00:00.000Z"), CASABLANCA)).toBeNull();
  });

  it("count a delay that pushes the end past midnight", () => {
    const delayed = session("d", "2026-02-20T22:00:00.000Z", "2026-02-20T23:30:00.000Z", { delayMinutes: 45, status: "delayed" });
    expect(continuesUntil(delayed, CASABLANCA)).toBe("2026-02-21");
    expect(continuesUntil({ ...delayed, delayMinutes: 0 }, CASABLANCA)).toBeNull();
  });
});

describe("nowAndNext", () => {
  it("marks what runs now and what starts next, by delayed times, ignoring cancelled sessions", () => {
    const sessions = [
      session("running", "2026-02-20T09:00:00.000Z", "2026-02-20T10:00:00.000Z"),
      session("late", "2026-02-20T09:30:00.000Z", "2026-02-20T10:30:00.000Z", { delayMinutes: 60 }),
      session("cancelled", "2026-02-20T10:00:00.000Z", "2026-02-20T11:00:00.000Z", { status: "cancelled" }),
      session("next1", "2026-02-20T10:15:00.000Z", "2026-02-20T11:00:00.000Z"),
      session("next2", "2026-02-20T10:15:00.000Z", "2026-02-20T11:30:00.000Z"),
      session("later", "2026-02-20T12:00:00.000Z", "2026-02-20T13:00:00.000Z"),
    ];
    const { current, next } = nowAndNext(sessions, new Date("2026-02-20T09:45:00Z").getTime());
    expect([...current]).toEqual(["running"]);
    expect([...next].sort()).toEqual(["next1", "next2"]);
  });
});

describe("filters and search", () => {
  const base: FilterableSession = {
    kind: "workshop",
    titles: { en: "Plenary opening", fr: "Séance plénière d'ouverture", ar: "الجلسة الافتتاحية" },
    room: { id: "r1" },
    track: { id: "t1" },
    speakers: [{ name: "Amélie Dupré" }],
    floorLanguage: "en",
    interpretationLanguages: ["fr", "ar"],
  };

  it("searches titles in every language and speakers' names, ignoring case and accents", () => {
    expect(normaliseForSearch("  Séance   PLÉNIÈRE ")).toBe("seance pleniere");
    expect(matchesFilters(base, { q: "seance pleniere" })).toBe(true);
    expect(matchesFilters(base, { q: "الافتتاحية" })).toBe(true);
    expect(matchesFilters(base, { q: "dupre" })).toBe(true);
    expect(matchesFilters(base, { q: "opening dupre" })).toBe(true);
    expect(matchesFilters(base, { q: "closing" })).toBe(false);
  });

  it("filters by kind, track, room and a language held or interpreted", () => {
    expect(matchesFilters(base, { kind: "workshop", track: "t1", room: "r1", lang: "ar" })).toBe(true);
    expect(matchesFilters(base, { kind: "plenary" })).toBe(false);
    expect(matchesFilters(base, { track: "t2" })).toBe(false);
    expect(matchesFilters(base, { room: "r2" })).toBe(false);
    expect(matchesFilters(base, { lang: "es" })).toBe(false);
    expect(matchesFilters(base, { lang: "en" })).toBe(true);
  });
});

describe("wall clock from server-computed offsets", () => {
  const intlTime = (iso: string, zone: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

  it("finds Casablanca's Ramadan changes to the minute and shows the same times as Intl on both sides", () => {
    const from = Date.parse("2026-02-10T00:00:00Z");
    const to = Date.parse("2026-03-31T00:00:00Z");
    const offsets = zoneOffsetsFor(CASABLANCA, from, to, timeZoneOffsetMinutes);
    expect(offsets.changes).toEqual([
      [from, 60],
      [Date.parse("2026-02-15T02:00:00Z"), 0],
      [Date.parse("2026-03-22T02:00:00Z"), 60],
    ]);
    for (const iso of ["2026-02-14T22:30:00Z", "2026-02-15T01:59:00Z", "2026-02-15T02:00:00Z", "2026-02-20T23:30:00Z", "2026-03-22T01:59:00Z", "2026-03-22T02:00:00Z", "2026-03-23T08:15:00Z"]) {
      expect(wallClock(offsets, iso), iso).toBe(intlTime(iso, CASABLANCA));
    }
  });

  it("works for zones with half-hour offsets and before the first sample", () => {
    const offsets = zoneOffsetsFor("Asia/Kolkata", Date.parse("2026-11-24T00:00:00Z"), Date.parse("2026-11-28T00:00:00Z"), timeZoneOffsetMinutes);
    expect(offsets.changes).toHaveLength(1);
    expect(wallClock(offsets, "2026-11-25T09:00:00Z")).toBe("14:30");
    expect(wallClock(offsets, "2026-11-01T09:00:00Z")).toBe("14:30");
  });
});
