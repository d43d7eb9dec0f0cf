import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { toHttpError } from "~/lib/http.server";
import { buildPublicFeed } from "~/modules/agenda/feeds.server";
import { getPublishedEvent } from "~/modules/events/events.server";

const querySchema = z.object({ lang: z.string().regex(/^[a-z]{2,3}$/, "lang must be a language code such as en or fr.").optional() });

/** GET /events/:slug/agenda.ics — public iCalendar of every published session (UTC times, no VTIMEZONE). `?lang=fr` picks the titles' language. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  try {
    const url = new URL(request.url);
    const query = querySchema.parse(Object.fromEntries(url.searchParams));
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const body = await buildPublicFeed(context.services.db, event, { language: query.lang ?? event.languages[0] ?? "en", origin: url.origin });
    return new Response(body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `inline; filename="${event.slug}.ics"`,
        "Cache-Control": "public, max-age=60",
      },
    });
  } catch (error) {
    const mapped = toHttpError(error);
    if (mapped instanceof Response) return mapped;
    throw mapped;
  }
}
