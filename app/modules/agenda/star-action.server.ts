import { z } from "zod";
import type { AppLoadContext } from "@remix-run/node";
import { ForbiddenError } from "~/modules/auth/actor";
import { actorOf } from "~/modules/auth/viewer.server";
import type { PublicEvent } from "~/modules/events/events.server";
import { starSession, unstarSession } from "./stars.server";

const starFormSchema = z.object({ intent: z.enum(["star", "unstar"]), sessionId: z.uuid({ error: "sessionId must be a session id." }) });

/** True when the form is a star/unstar request (so a page action can hand it here). */
export function isStarIntent(form: FormData): boolean {
  const intent = form.get("intent");
  return intent === "star" || intent === "unstar";
}

/** Handles a star/unstar form posted to a page (agenda, session page, my agenda); the page's loaders then revalidate. */
export async function handleStarForm(context: AppLoadContext, event: Pick<PublicEvent, "id">, form: FormData): Promise<{ ok: true; starred: boolean; sessionId: string }> {
  if (!context.viewer) throw new ForbiddenError("Please sign in.", 401);
  const input = starFormSchema.parse(Object.fromEntries(form));
  const actor = actorOf(context.viewer);
  const result = input.intent === "star" ? await starSession(context.services.db, actor, event, input) : await unstarSession(context.services.db, actor, event, input);
  return { ok: true, starred: result.starred, sessionId: input.sessionId };
}
