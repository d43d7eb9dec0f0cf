// The JSON answers of the scheduling API: domain errors become the documented 4xx bodies, never a 500.
import { z, ZodError } from "zod";
import { toHttpError } from "~/lib/http.server";
import type { SessionPublic } from "~/modules/agenda/session-public";
import { ScheduleConflictError, ScheduleInputError } from "./reschedule.server";

const noStore = { "Cache-Control": "no-store" };

/** Field messages from a ZodError, `{ field: [messages] }`; messages about the whole body go under "_". */
export function fieldErrors(error: ZodError): Record<string, string[]> {
  const flat = z.flattenError(error);
  const errors: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) if (messages?.length) errors[field] = messages;
  if (flat.formErrors.length) errors._ = flat.formErrors;
  return errors;
}

export async function answerSchedulingApi(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ScheduleConflictError) {
      return Response.json({ conflicts: error.conflicts.map(({ code, hard, message, params }) => ({ code, hard, message, params })) }, { status: 409, headers: noStore });
    }
    if (error instanceof ScheduleInputError) return Response.json({ errors: error.errors }, { status: 400, headers: noStore });
    if (error instanceof ZodError) return Response.json({ errors: fieldErrors(error) }, { status: 400, headers: noStore });
    if (error instanceof Response) return error;
    const mapped = toHttpError(error);
    if (mapped instanceof Response) return mapped;
    throw mapped;
  }
}

/** A JSON object body; anything else is a 400 with a message. */
export async function readJsonBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw Response.json({ errors: { _: ["Send a JSON body (Content-Type: application/json)."] } }, { status: 400, headers: noStore });
  }
  const text = await request.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw Response.json({ errors: { _: ["The body is not valid JSON."] } }, { status: 400, headers: noStore });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw Response.json({ errors: { _: ["The body must be a JSON object."] } }, { status: 400, headers: noStore });
  }
  return parsed as Record<string, unknown>;
}

/** Exactly the public session JSON (the list item and the `session:updated` payload), nothing more. */
export function toPublicJson(session: SessionPublic): SessionPublic {
  const { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room, capacity, seatsTaken } = session;
  return { id, kind, status, title, titles, startsAt, endsAt, delayMinutes, room: room && { id: room.id, name: room.name }, capacity, seatsTaken };
}
