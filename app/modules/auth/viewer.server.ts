import { redirect } from "@remix-run/node";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices, PendingViewer, Viewer } from "~/lib/app-context";
import { safeRedirectPath } from "~/lib/safe-redirect";
import { ANONYMOUS, type Actor } from "./actor";
import { readSessionToken, validateSessionToken } from "./session.server";

const PRIVILEGED_ROLES = ["ORGANISER", "ADMIN"] as const;

/**
 * Organisers and admins (an approved ORGANISER/ADMIN registration in any event, or platform
 * admin) must use two-factor sign-in; seeded demo accounts are exempt.
 */
export async function isTwoFactorRequired(db: PrismaClient, user: { id: string; isDemo: boolean; isPlatformAdmin: boolean }): Promise<boolean> {
  if (user.isDemo) return false;
  if (user.isPlatformAdmin) return true;
  const privileged = await db.registration.findFirst({
    where: { userId: user.id, status: "APPROVED", role: { in: [...PRIVILEGED_ROLES] } },
    select: { id: true },
  });
  return privileged !== null;
}

/** Where a signed-in viewer must go before anything else, or null when the session is complete. */
export async function pendingTwoFactorStep(viewer: Viewer, db: PrismaClient): Promise<"verify" | "setup" | null> {
  if (viewer.user.hasTotp) return viewer.session.twoFactorVerified ? null : "verify";
  return (await isTwoFactorRequired(db, viewer.user)) ? "setup" : null;
}

/**
 * Resolves the session cookie once per request (the server calls it while building the load
 * context). A session that still owes its second factor (or an organiser who has yet to set one
 * up) is not a viewer: every page treats it as signed out, and only the two-factor pages, the
 * login page and logout see it, as `pendingViewer`.
 */
export async function resolveViewer(
  services: Pick<AppServices, "db" | "config">,
  cookieHeader: string | undefined,
): Promise<{ viewer: Viewer | null; pendingViewer: PendingViewer | null }> {
  const token = readSessionToken(cookieHeader, services.config.secureCookies);
  const result = token ? await validateSessionToken(services.db, token, { policy: services.config.sessionPolicy }) : null;
  if (!result || !token) return { viewer: null, pendingViewer: null };
  const viewer = { ...result, token };
  const step = await pendingTwoFactorStep(viewer, services.db);
  return step ? { viewer: null, pendingViewer: { ...viewer, step } } : { viewer, pendingViewer: null };
}

export function actorOf(viewer: Viewer | null): Actor {
  return viewer ? { kind: "user", userId: viewer.user.id } : ANONYMOUS;
}

/**
 * For loaders and actions that need a signed-in person. Others go to the login page, and a
 * session that owes its second factor (or its set-up) straight to that step; all come back after.
 */
export function requireViewer(context: { viewer: Viewer | null; pendingViewer?: PendingViewer | null }, request: Request): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  const back = encodeURIComponent(safeRedirectPath(url.pathname + url.search));
  if (context.pendingViewer?.step === "verify") throw redirect(`/login/2fa?redirectTo=${back}`);
  if (context.pendingViewer?.step === "setup") throw redirect("/account/2fa");
  throw redirect(`/login?redirectTo=${back}`);
}
