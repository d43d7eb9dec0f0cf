import type { Logger } from "pino";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { AuthRateLimiter } from "~/modules/auth/rate-limit.server";
import type { SessionPolicy, SessionUser, ValidSession } from "~/modules/auth/session.server";
import type { DomainEventBus } from "./domain-events";

export interface AppConfig {
  sessionPolicy: SessionPolicy;
  /** Failed attempts per account per minute on login, registration, reset and 2FA; ten times that per IP. */
  authRateLimitPerMinute: number;
  /** Served over HTTPS (behind TLS): secure `__Host-` cookies. */
  secureCookies: boolean;
  /** Base URL for links in e-mails, without a trailing slash. */
  publicUrl: string;
  /** Whether mail leaves over SMTP; otherwise it stays in the outbox organisers read. */
  smtpConfigured: boolean;
}

/**
 * What the server process owns and hands to every loader and action. Route modules and domain
 * functions use it; they never create their own database client or bus.
 */
export interface AppServices {
  db: PrismaClient;
  bus: DomainEventBus;
  logger: Logger;
  config: AppConfig;
  rateLimiter: AuthRateLimiter;
  /** Call after enqueueing mail so it leaves now rather than at the next poll. */
  mailQueued: () => void;
}

/** The signed-in person behind this request, resolved once from the session cookie. */
export interface Viewer {
  user: SessionUser;
  session: ValidSession;
  /** The cookie's token, to re-issue or clear it. */
  token: string;
}

/** Signed in with a password but owing the second factor ("verify") or its set-up ("setup"). */
export interface PendingViewer extends Viewer {
  step: "verify" | "setup";
}

export interface RequestInfo {
  /** Per-request CSP nonce for inline scripts. */
  cspNonce: string;
  ipAddress: string | undefined;
  userAgent: string | undefined;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    request: RequestInfo;
    /** Fully signed in (second factor passed where required), else null. */
    viewer: Viewer | null;
    pendingViewer: PendingViewer | null;
  }
}
