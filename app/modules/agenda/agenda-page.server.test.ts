import { describe, expect, it } from "vitest";
import { displayZoneInfo, parseAgendaQuery, resolveDisplayZone } from "./agenda-page.server";
import { wallClock } from "./agenda-view";

const ramadanEvent = { startsOn: "2026-02-16", endsOn: "2026-02-19", timeZone: "Africa/Casablanca" };

describe("display zone", () => {
  it("labels the zone with the offset of the day shown (Casablanca is GMT+0 during Ramadan 2026, GMT+1 before)", () => {
    expect(displayZoneInfo(ramadanEvent, "Africa/Casablanca", "2026-02-16").label).toBe("GMT+0");
    expect(displayZoneInfo({ ...ramadanEvent, startsOn: "2026-02-12", endsOn: "2026-02-14" }, "Africa/Casablanca", "2026-02-13").label).toBe("GMT+1");
    expect(displayZoneInfo(ramadanEvent, "Asia/Kolkata", "2026-02-16").label).toBe("GMT+5:30");
    expect(displayZoneInfo(ramadanEvent, "America/New_York", "2026-02-16").label).toBe("GMT-5");
  });

  it("covers the day before and after the event with the zone's offsets", () => {
    const { offsets } = displayZoneInfo({ startsOn: "2026-02-15", endsOn: "2026-02-16", timeZone: "Africa/Casablanca" }, "Africa/Casablanca", "2026-02-15");
    // The event starts on the day of the change: 01:30 UTC is 02:30 (UTC+1), 02:30 UTC is 02:30 (UTC+0).
    expect(wallClock(offsets, "2026-02-15T01:30:00Z")).toBe("02:30");
    expect(wallClock(offsets, "2026-02-15T02:30:00Z")).toBe("02:30");
  });

  it("takes ?tz= (remembered in a cookie), falls back to the cookie, and ignores unknown zones", () => {
    const request = (url: string, cookie?: string) => new Request(url, cookie ? { headers: { Cookie: cookie } } : undefined);
    const url = (query: string) => `http://plenary.test/events/x/agenda${query}`;
    const chosen = resolveDisplayZone(request(url("?tz=Europe/Paris")), parseAgendaQuery(new URL(url("?tz=Europe/Paris"))), "Africa/Casablanca");
    expect(chosen.zone).toBe("Europe/Paris");
    expect(chosen.setCookie).toMatch(/^plenary_tz=Europe%2FParis; Max-Age=31536000; Path=\/; SameSite=Lax; HttpOnly$/);
    expect(resolveDisplayZone(request(url(""), "plenary_tz=Asia%2FTokyo"), parseAgendaQuery(new URL(url(""))), "Africa/Casablanca")).toEqual({ zone: "Asia/Tokyo", setCookie: null });
    expect(resolveDisplayZone(request(url("?tz=Mars/Olympus")), parseAgendaQuery(new URL(url("?tz=Mars/Olympus"))), "Africa/Casablanca")).toEqual({ zone: "Africa/Casablanca", setCookie: null });
    expect(resolveDisplayZone(request(url(""), "plenary_tz=Nope"), parseAgendaQuery(new URL(url(""))), "Africa/Casablanca").zone).toBe("Africa/Casablanca");
    const back = resolveDisplayZone(request(url("?tz=event"), "plenary_tz=Asia%2FTokyo"), parseAgendaQuery(new URL(url("?tz=event"))), "Africa/Casablanca");
    expect(back.zone).toBe("Africa/Casablanca");
    expect(back.setCookie).toContain("Max-Age=0");
  });

  it("ignores query values that do not parse", () => {
    expect(parseAgendaQuery(new URL("http://x/?day=2026-13-99x&kind=bilateral&room=1&lang=english&q=%20crime%20&track="))).toEqual({
      day: undefined,
      kind: undefined,
      room: undefined,
      lang: undefined,
      q: "crime",
      track: undefined,
      tz: undefined,
    });
  });
});
