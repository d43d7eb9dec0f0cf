import type { LoaderFunctionArgs } from "@remix-run/node";
import { orHttpError } from "~/lib/http.server";
import { actorOf, requireViewer } from "~/modules/auth/viewer.server";
import { getWorkshopRoster, requireWorkshopAdmin, rosterCsv } from "~/modules/workshops/admin.server";

/** The confirmed list and the waitlist of one workshop as CSV (organisers only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireViewer(context, request);
  return orHttpError(async () => {
    const event = await requireWorkshopAdmin(context.services.db, actorOf(viewer), params.slug ?? "");
    const roster = await getWorkshopRoster(context.services.db, event, params.sessionId ?? "", viewer.user.preferredLanguage);
    const filename = `${event.slug}-workshop-${roster.workshop.id}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
    return new Response(rosterCsv(roster), {
      status: 200,
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
