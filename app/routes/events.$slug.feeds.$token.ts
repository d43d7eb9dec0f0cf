import type { LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/lib/http.server";
import { buildPersonalFeed, resolveFeedToken } from "~/modules/agenda/feeds.server";
import { NotFoundError } from "~/modules/auth/actor";
import { getPublishedEvent } from "~/modules/events/events.server";

/**
 * GET /events/:slug/feeds/<token>.ics — one person's calendar feed. The secret address is the only
 * credential (calendar apps send no cookie); a revoked, reissued or forged address answers 404.
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  try {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const feed = await resolveFeedToken(context.services.db, event, params.token ?? "");
    if (!feed) throw new NotFoundError("No such feed.");
    const body = await buildPersonalFeed(context.services, feed.userId, event, { origin: new URL(request.url).origin });
    return new Response(body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `inline; filename="${event.slug}-my-agenda.ics"`,
        "Cache-Control": "private, no-cache",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex",
      },
    });
  } catch (error) {
    const mapped = toHttpError(error);
    if (mapped instanceof Response) return mapped;
    throw mapped;
  }
}
