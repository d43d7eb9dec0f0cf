// Booked bilateral meetings as items of "my agenda" (and so of the personal calendar feed): only
// for the people listBilateralsForViewer lets see them, never on the public agenda.
import { sessionInclude } from "~/modules/agenda/agenda.server";
import { sessionRowToItem, type PersonalItem, type PersonalItemServices } from "~/modules/agenda/personal.server";
import type { Actor } from "~/modules/auth/actor";
import type { PublicEvent } from "~/modules/events/events.server";
import { listBilateralsForViewer } from "./bilaterals.server";

// A function declaration (not a const) because personal.server lists it at load time and imports
// this module in a cycle.
export async function bilateralMeetingItems(services: PersonalItemServices, actor: Actor & { kind: "user" }, event: PublicEvent): Promise<PersonalItem[]> {
  const visible = await listBilateralsForViewer(services, actor, event);
  if (visible.length === 0) return [];
  const meetings = await services.db.bilateralMeeting.findMany({
    where: { eventId: event.id, id: { in: visible.map((m) => m.id) }, sessionId: { not: null } },
    select: { id: true, topic: true, session: { include: sessionInclude } },
  });
  return meetings.flatMap(({ id, topic, session }) => {
    if (!session) return [];
    const item = sessionRowToItem(session, event, { starred: false, signup: null });
    const titles = Object.keys(item.titles).length > 0 ? item.titles : { [event.languages[0] ?? "en"]: topic };
    return [{ ...item, key: `bilateral:${id}`, title: topic, titles, href: `/events/${event.slug}/bilaterals` }];
  });
}
