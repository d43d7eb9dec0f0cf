// Display formatting on Intl only, so server and browser agree and any IANA zone works.

export function formatTime(instant: Date | string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(instant));
}

/** A calendar date (YYYY-MM-DD) as "Tuesday 24 November 2026" in the reader's language. */
export function formatCalendarDate(date: string, locale: string, options: { withYear?: boolean } = {}): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(options.withYear && { year: "numeric" }),
  }).format(new Date(`${date}T00:00:00Z`));
}

export function formatShortDate(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** "GMT+1" style label of the zone's offset at that instant (offsets change: Ramadan, DST). */
export function zoneOffsetLabel(timeZone: string, instant: Date | string, locale = "en"): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(new Date(instant))
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

export function addMinutes(instant: string, minutes: number): string {
  return new Date(new Date(instant).getTime() + minutes * 60_000).toISOString();
}
