import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { invalidateSession, clearSessionCookie } from "~/modules/auth/session.server";

/** POST only: ends this session (the row is deleted, so the old cookie is worthless). */
export async function action({ context }: ActionFunctionArgs) {
  const signedIn = context.viewer ?? context.pendingViewer;
  if (signedIn) {
    await invalidateSession(context.services.db, signedIn.session.id);
    context.services.logger.info({ event: "logout", userId: signedIn.user.id }, "logout");
  }
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(context.services.config.secureCookies) } });
}

export function loader() {
  return redirect("/");
}
