import type { LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/lib/http.server";
import { listPublicSessionsJson } from "~/modules/agenda/agenda.server";
import { getPublishedEvent } from "~/modules/events/events.server";

/**
 * GET /api/events/:slug/sessions — public:
 * `{ "sessions": [ { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room, capacity, seatsTaken } ] }`,
 * every published session (cancelled included) in time order; times in UTC as toISOString() writes them.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const sessions = await listPublicSessionsJson(context.services.db, event);
    return Response.json({ sessions }, { headers: { "Cache-Control": "public, max-age=5" } });
  } catch (error) {
    const mapped = toHttpError(error);
    if (mapped instanceof Response) return mapped;
    throw mapped;
  }
}
