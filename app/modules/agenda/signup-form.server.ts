// Workshop sign-up and cancellation from a page form (my agenda), with the same domain functions
// and the same answers as the session page and the JSON API.
import { data, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { ForbiddenError } from "~/modules/auth/actor";
import { actorOf } from "~/modules/auth/viewer.server";
import { cancelSignup, findSignupEvent, signUp, SignupConflictError } from "~/modules/workshops/signup.server";

export type SignupFormResult =
  | { ok: true; intent: "signup" | "cancel"; sessionId: string; status: "confirmed" | "waitlisted" | "cancelled"; position?: number }
  | { ok: false; intent: "signup" | "cancel"; sessionId: string; reason: "clash"; session: string; clashId: string }
  | { ok: false; intent: "signup" | "cancel"; sessionId: string; reason: "delegation_cap" | "full" | "not_accredited" | "not_open" | "closed" | "forbidden" };

const signupFormSchema = z.object({
  intent: z.enum(["signup", "cancel"]),
  sessionId: z.uuid({ error: "sessionId must be a session id." }),
  switchFrom: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
});

export function isSignupIntent(form: FormData): boolean {
  const intent = form.get("intent");
  return intent === "signup" || intent === "cancel";
}

export async function handleSignupForm(context: AppLoadContext, slug: string, form: FormData) {
  if (!context.viewer) throw new ForbiddenError("Please sign in.", 401);
  const input = signupFormSchema.parse({ intent: form.get("intent"), sessionId: form.get("sessionId"), switchFrom: form.get("switchFrom") ?? undefined });
  const event = await findSignupEvent(context.services.db, slug);
  const actor = actorOf(context.viewer);
  const base = { intent: input.intent, sessionId: input.sessionId };
  try {
    if (input.intent === "cancel") {
      await cancelSignup(context.services, actor, event, input.sessionId);
      return data<SignupFormResult>({ ok: true, ...base, status: "cancelled" });
    }
    const result = await signUp(context.services, actor, event, input.sessionId, input.switchFrom ? { switchFrom: input.switchFrom } : {});
    return data<SignupFormResult>({ ok: true, ...base, ...result });
  } catch (error) {
    if (error instanceof SignupConflictError) {
      const body = error.body;
      return data<SignupFormResult>(
        body.reason === "clash"
          ? { ok: false, ...base, reason: "clash", session: body.session.title, clashId: body.session.id }
          : { ok: false, ...base, reason: body.reason === "delegation_cap" ? "delegation_cap" : "full" },
        { status: 409 },
      );
    }
    if (error instanceof ForbiddenError && error.status === 403) {
      const reason = error.code === "not_accredited" || error.code === "not_open" || error.code === "closed" ? error.code : "forbidden";
      return data<SignupFormResult>({ ok: false, ...base, reason }, { status: 403 });
    }
    throw error;
  }
}
