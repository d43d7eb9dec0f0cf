// The public JSON of a session: the `GET /api/events/:slug/sessions` item and the `session:updated`
// live payload. A contract other tools rely on: extend it, never rename a field.

export const SESSION_KINDS = ["plenary", "workshop", "side_event", "bilateral"] as const;
export const SESSION_STATUSES = ["scheduled", "live", "delayed", "moved", "cancelled", "ended"] as const;
export type SessionKindJson = (typeof SESSION_KINDS)[number];
export type SessionStatusJson = (typeof SESSION_STATUSES)[number];

export interface SessionPublic {
  id: string;
  kind: SessionKindJson;
  status: SessionStatusJson;
  /** In the event's default language; `titles` has every language given. */
  title: string;
  titles: Record<string, string>;
  /** UTC, exactly as Date.prototype.toISOString() writes it. Scheduled slot; see delayMinutes. */
  startsAt: string;
  endsAt: string;
  delayMinutes: number;
  room: { id: string; name: string } | null;
  /** Only for sessions that take sign-ups; otherwise null. */
  capacity: number | null;
  seatsTaken: number | null;
}

/** The title in the reader's language, with the language actually used so the UI can mark a fallback. */
export function pickText(
  texts: Record<string, string>,
  language: string,
  fallbacks: readonly string[],
): { text: string; language: string } | null {
  for (const candidate of [language, ...fallbacks]) {
    const text = texts[candidate];
    if (text) return { text, language: candidate };
  }
  const [first] = Object.entries(texts);
  return first ? { text: first[1], language: first[0] } : null;
}
