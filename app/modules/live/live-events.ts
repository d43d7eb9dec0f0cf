// Domain events of the live layer (seats, announcements, check-in). They extend the bus's map
// here, beside the code that publishes them, so app/lib/domain-events.ts stays untouched.

/** Seat count of a session that takes sign-ups, after a sign-up, cancellation, move or capacity change. */
export interface SeatsUpdatedPayload {
  sessionId: string;
  capacity: number | null;
  seatsTaken: number | null;
}

export type AnnouncementAudienceJson = "event" | "room" | "delegation";

/** The `announcement` live payload and the item of the announcements list. */
export interface AnnouncementPublic {
  id: string;
  audience: AnnouncementAudienceJson;
  room: { id: string; name: string } | null;
  delegation: { id: string; name: string } | null;
  /** Text per language code. */
  messages: Record<string, string>;
  publishedAt: string;
  expiresAt: string | null;
}

/** The `checkin` live payload (organisers only). */
export interface CheckInPublic {
  id: string;
  registrationId: string;
  sessionId: string | null;
  name: string;
  delegation: string | null;
  countryCode: string | null;
  category: string;
  method: "qr" | "manual";
  scannedAt: string;
}

declare module "~/lib/domain-events" {
  interface DomainEventMap {
    "seats.updated": { eventId: string } & SeatsUpdatedPayload;
    "announcement.published": { eventId: string; announcement: AnnouncementPublic };
    "checkin.recorded": { eventId: string; checkIn: CheckInPublic };
  }
}
