import { redirect } from "@remix-run/node";
import type { AppServices, Viewer } from "~/lib/app-context";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { ANONYMOUS, type Actor } from "./actor";
import { readSessionToken, validateSessionToken } from "./session.server";

/** Resolves the session cookie once per request (the server calls it while building the load context). */
export async function resolveViewer(services: Pick<AppServices, "db" | "config">, cookieHeader: string | undefined): Promise<Viewer | null> {
  const token = readSessionToken(cookieHeader, services.config.secureCookies);
  if (!token) return null;
  const result = await validateSessionToken(services.db, token, { policy: services.config.sessionPolicy });
  return result ? { ...result, token } : null;
}

export function actorOf(viewer: Viewer | null): Actor {
  return viewer ? { kind: "user", userId: viewer.user.id } : ANONYMOUS;
}

/** For loaders and actions that need a signed-in person: others go to the login page and come back. */
export function requireViewer(viewer: Viewer | null, request: Request): Viewer {
  if (viewer) return viewer;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(safeRedirectPath(url.pathname + url.search))}`);
}
