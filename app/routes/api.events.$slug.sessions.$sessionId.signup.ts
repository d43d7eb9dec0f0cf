import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { toHttpError } from "~/lib/http.server";
import { ForbiddenError, NotFoundError } from "~/modules/auth/actor";
import { actorOf } from "~/modules/auth/viewer.server";
import {
  cancelInputSchema,
  cancelSignup,
  findSignupEvent,
  getMySignup,
  getSeatCounts,
  resolveTarget,
  signUp,
  signupInputSchema,
  SignupConflictError,
} from "~/modules/workshops/signup.server";

/**
 * Workshop sign-up, for the signed-in person (session cookie).
 *
 *   POST   { registrationId?, switchFrom? }  → 200 { status: "confirmed" } | { status: "waitlisted", position }
 *                                             409 { reason: "clash", session: { id, title, startsAt, endsAt } }
 *                                             409 { reason: "delegation_cap" } | { reason: "full" } (failed switch)
 *                                             403 not accredited / outside the sign-up window; 401 anonymous; 404
 *   DELETE { registrationId? }               → 200 { status: "cancelled" } (the first in line is promoted)
 *   GET    ?registrationId=                  → 200 { status: "none"|"confirmed"|"waitlisted"|"offered", position?, seats }
 *
 * Bodies may be JSON or a form; `registrationId` is for heads of delegation and organisers acting
 * for someone else.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  return answer(async () => {
    if (request.method !== "POST" && request.method !== "DELETE") {
      return Response.json({ error: "Method not allowed." }, { status: 405, headers: { Allow: "GET, POST, DELETE" } });
    }
    if (!context.viewer) throw new ForbiddenError("Please sign in.", 401);
    const actor = actorOf(context.viewer);
    const body = await readBody(request);
    const event = await findSignupEvent(context.services.db, params.slug ?? "");
    const sessionId = params.sessionId ?? "";
    if (request.method === "DELETE") {
      const input = cancelInputSchema.parse(body);
      const result = await cancelSignup(context.services, actor, event, sessionId, input);
      return Response.json({ status: result.status }, noStore);
    }
    const input = signupInputSchema.parse(body);
    return Response.json(await signUp(context.services, actor, event, sessionId, input), noStore);
  });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return answer(async () => {
    if (!context.viewer) throw new ForbiddenError("Please sign in.", 401);
    const event = await findSignupEvent(context.services.db, params.slug ?? "");
    const registrationId = new URL(request.url).searchParams.get("registrationId") ?? undefined;
    const input = cancelInputSchema.parse({ registrationId });
    const target = await resolveTarget(context.services.db, actorOf(context.viewer), event.id, input.registrationId);
    const sessionId = params.sessionId ?? "";
    const session = /^[0-9a-f-]{36}$/i.test(sessionId)
      ? await context.services.db.session.findFirst({ where: { id: sessionId, eventId: event.id, kind: "WORKSHOP", published: true }, select: { id: true } })
      : null;
    if (!session) throw new NotFoundError("No such workshop.");
    const [mine, seats] = await Promise.all([getMySignup(context.services.db, target.registrationId, session.id), getSeatCounts(context.services.db, session.id)]);
    return Response.json({ ...mine, seats }, noStore);
  });
}

const noStore = { headers: { "Cache-Control": "no-store" } };

async function answer(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SignupConflictError) return Response.json(error.body, { status: 409, ...noStore });
    const mapped = toHttpError(error);
    if (mapped instanceof Response) return mapped;
    throw mapped;
  }
}

/** JSON, a form, or nothing at all. */
async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const text = await request.text();
    if (!text.trim()) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw Response.json({ error: "The body is not valid JSON." }, { status: 400 });
    }
  }
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await request.formData();
    const out: Record<string, unknown> = {};
    for (const key of ["registrationId", "switchFrom"]) {
      const value = form.get(key);
      if (typeof value === "string" && value !== "") out[key] = value;
    }
    return out;
  }
  return {};
}
