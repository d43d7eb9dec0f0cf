import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getPublicSession } from "~/modules/agenda/agenda.server";
import { ForbiddenError } from "~/modules/auth/actor";
import { actorOf } from "~/modules/auth/viewer.server";
import { getPublishedEvent } from "~/modules/events/events.server";
import { answerSchedulingApi, readJsonBody, toPublicJson } from "~/modules/scheduling/api.server";
import { requireSchedulingEvent } from "~/modules/scheduling/admin.server";
import { checkReschedule, rescheduleSession, type RescheduleInput } from "~/modules/scheduling/reschedule.server";

/**
 * One session.
 *
 *   GET   (public)          → 200 { session: { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room, capacity, seatsTaken } }
 *                             404 for an unknown or unpublished session
 *   PATCH (organisers, JSON { status?, delayMinutes?, roomId?, startsAt?, endsAt?, overrideReason? })
 *                           → 200 { session, overridden: [ { code, hard, message } ] }
 *                             400 { errors: { field: [messages] } }; 401; 403; 404
 *                             409 { conflicts: [ { code, hard, message, params } ] }
 *   PATCH ?dryRun=1         → 200 { allowed, conflicts: [ { code, hard, message, params } ] }, nothing written
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return answerSchedulingApi(async () => {
    const event = await getPublishedEvent(context.services.db, params.slug ?? "");
    const session = await getPublicSession(context.services.db, event, params.sessionId ?? "");
    return Response.json({ session: toPublicJson(session) }, { headers: { "Cache-Control": "no-store" } });
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return answerSchedulingApi(async () => {
    if (request.method !== "PATCH") {
      return Response.json({ error: "Method not allowed." }, { status: 405, headers: { Allow: "GET, PATCH" } });
    }
    if (!context.viewer) throw new ForbiddenError("Please sign in.", 401);
    const actor = actorOf(context.viewer);
    // Authorise before reading the body: only organisers of this event get further.
    const event = await requireSchedulingEvent(context.services.db, actor, params.slug ?? "");
    const body = await readJsonBody(request);
    if (new URL(request.url).searchParams.get("dryRun") === "1") {
      const check = await checkReschedule(context.services, actor, event, params.sessionId ?? "", body as RescheduleInput);
      return Response.json(
        { allowed: check.allowed, conflicts: check.conflicts.map(({ code, hard, message, params }) => ({ code, hard, message, params })) },
        { headers: { "Cache-Control": "no-store" } },
      );
    }
    const result = await rescheduleSession(context.services, actor, event, params.sessionId ?? "", body as RescheduleInput);
    return Response.json(
      { session: result.session, overridden: result.overridden.map(({ code, hard, message }) => ({ code, hard, message })) },
      { headers: { "Cache-Control": "no-store" } },
    );
  });
}
