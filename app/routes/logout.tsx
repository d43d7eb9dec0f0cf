import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { invalidateSession, clearSessionCookie } from "~/modules/auth/session.server";

/** POST only: ends this session (the row is deleted, so the old cookie is worthless). */
export async function action({ context }: ActionFunctionArgs) {
  if (context.viewer) {
    await invalidateSession(context.services.db, context.viewer.session.id);
    context.services.logger.info({ event: "logout", userId: context.viewer.user.id }, "logout");
  }
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(context.services.config.secureCookies) } });
}

export function loader() {
  return redirect("/");
}
