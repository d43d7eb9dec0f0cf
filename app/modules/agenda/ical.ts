// A small RFC 5545 writer for Plenary's feeds: VCALENDAR with VEVENTs whose times are all UTC
// ("Z" form), so no VTIMEZONE is needed (see decision 009). Lines end in CRLF and are folded at
// 75 octets without splitting a UTF-8 character; TEXT values are escaped (\\ \; \, \n).

export interface IcalEvent {
  /** Globally unique and stable across changes, e.g. "<sessionId>@plenary". */
  uid: string;
  /** Bumped on every change a calendar must apply. */
  sequence: number;
  /** Last change of the information (no METHOD: DTSTAMP is the last-modified time). */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  url?: string | null;
  status: "CONFIRMED" | "TENTATIVE" | "CANCELLED";
  categories?: string[];
}

export interface IcalCalendar {
  name: string;
  /** e.g. "-//Plenary//Agenda//EN" */
  productId: string;
  events: IcalEvent[];
  /** Suggested refresh interval for subscribing clients, in minutes. */
  refreshMinutes?: number;
}

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/** UTC DATE-TIME form, e.g. 20261124T083000Z. */
export function formatUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

const encoder = new TextEncoder();

/** Folds one content line into chunks of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const chunks: string[] = [];
  let current = "";
  let currentBytes = 0;
  let limit = 75;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    if (currentBytes + bytes > limit) {
      chunks.push(current);
      current = "";
      currentBytes = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += char;
    currentBytes += bytes;
  }
  chunks.push(current);
  return chunks.join("\r\n ");
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

export function buildCalendar(calendar: IcalCalendar): string {
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    property("PRODID", calendar.productId),
    "CALSCALE:GREGORIAN",
    property("X-WR-CALNAME", escapeText(calendar.name)),
    property("NAME", escapeText(calendar.name)),
  ];
  if (calendar.refreshMinutes) {
    lines.push(`REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshMinutes}M`, `X-PUBLISHED-TTL:PT${calendar.refreshMinutes}M`);
  }
  for (const event of calendar.events) {
    lines.push(
      "BEGIN:VEVENT",
      property("UID", event.uid),
      `SEQUENCE:${event.sequence}`,
      `DTSTAMP:${formatUtc(event.stamp)}`,
      `LAST-MODIFIED:${formatUtc(event.stamp)}`,
      `DTSTART:${formatUtc(event.start)}`,
      `DTEND:${formatUtc(event.end)}`,
      property("SUMMARY", escapeText(event.summary)),
    );
    if (event.description) lines.push(property("DESCRIPTION", escapeText(event.description)));
    if (event.location) lines.push(property("LOCATION", escapeText(event.location)));
    if (event.url) lines.push(property("URL", event.url));
    if (event.categories?.length) lines.push(property("CATEGORIES", event.categories.map(escapeText).join(",")));
    lines.push(`STATUS:${event.status}`, "TRANSP:OPAQUE", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.join("\r\n") + "\r\n";
}
