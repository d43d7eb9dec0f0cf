import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublishedEvents } from "~/modules/events/events.server";

/** GET /api/events — public: `{ "events": [ { slug, name, timeZone, startsOn, endsOn, venue, counts } ] }`. */
export async function loader({ context }: LoaderFunctionArgs) {
  const events = await listPublishedEvents(context.services.db);
  return Response.json({ events }, { headers: { "Cache-Control": "public, max-age=10" } });
}
