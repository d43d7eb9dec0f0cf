// The time zone data of this Node process must include IANA tzdb 2026c's Morocco change: from
// 2026-09-20T01:00:00Z Africa/Casablanca and Africa/El_Aaiun are UTC+00 for good (no Ramadan
// shifts). Node 20's embedded ICU has tz 2025c, so this only passes when ICU_TIMEZONE_FILES_DIR
// points at server/icu-tzdata (set by vitest.config.ts; decision 010). Chromium already has it.
import { describe, expect, it } from "vitest";
import { timeZoneOffsetMinutes } from "./zoned-time.ts";

const at = (iso: string) => new Date(iso);
const hhmm = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at(iso));

describe("ICU time zone data (Morocco, tzdb 2026c)", () => {
  it("runs on the patched data", () => {
    expect(process.env.ICU_TIMEZONE_FILES_DIR).toMatch(/server\/icu-tzdata$/);
    expect(process.versions.tz).toBe("2025c+MA2026c");
  });

  for (const zone of ["Africa/Casablanca", "Africa/El_Aaiun"]) {
    it(`${zone}: +01 outside Ramadan and +00 during Ramadan until 2026-09-20, then +00 for good`, () => {
      expect(hhmm("2026-01-10T12:00:00Z", zone)).toBe("13:00"); // +01
      expect(hhmm("2026-03-01T12:00:00Z", zone)).toBe("12:00"); // Ramadan 2026: +00
      expect(hhmm("2026-06-01T12:00:00Z", zone)).toBe("13:00"); // +01
      expect(hhmm("2026-09-20T00:59:00Z", zone)).toBe("01:59"); // last minute of +01
      expect(hhmm("2026-09-20T01:00:00Z", zone)).toBe("01:00"); // 02:00 +01 becomes 01:00 +00
      expect(hhmm("2026-11-25T12:00:00Z", zone)).toBe("12:00"); // the demo assembly: +00
      // No more Ramadan or summer shifts (2027's Ramadan, mid-2030, 2040).
      for (const iso of ["2027-02-20T12:00:00Z", "2027-07-01T12:00:00Z", "2030-06-03T12:00:00Z", "2040-01-01T12:00:00Z"]) {
        expect(timeZoneOffsetMinutes(at(iso), zone), iso).toBe(0);
      }
    });
  }

  it("changes nothing else (Europe/Paris still follows the EU rules)", () => {
    expect(hhmm("2026-11-25T12:00:00Z", "Europe/Paris")).toBe("13:00");
    expect(hhmm("2026-07-01T12:00:00Z", "Europe/Paris")).toBe("14:00");
  });
});
