// Test helpers for the registration module (not imported by the application).
import { pino } from "pino";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import type { AppServices } from "~/lib/app-context";
import { DomainEventBus } from "~/lib/domain-events";
import { AuthRateLimiter, MemoryRateLimitStore } from "~/modules/auth/rate-limit.server";
import { DEFAULT_SESSION_POLICY } from "~/modules/auth/session.server";

export function testServices(db: PrismaClient, options: { ratePerMinute?: number } = {}): AppServices & { mailQueuedCalls: () => number } {
  let calls = 0;
  return {
    db,
    bus: new DomainEventBus(),
    logger: pino({ level: "silent" }),
    config: {
      sessionPolicy: DEFAULT_SESSION_POLICY,
      authRateLimitPerMinute: options.ratePerMinute ?? 1000,
      secureCookies: false,
      publicUrl: "https://plenary.test",
      smtpConfigured: false,
    },
    rateLimiter: new AuthRateLimiter(new MemoryRateLimitStore(), options.ratePerMinute ?? 1000),
    mailQueued: () => {
      calls += 1;
    },
    mailQueuedCalls: () => calls,
  };
}

let counter = 0;
export function uniqueEmail(prefix = "person"): string {
  counter += 1;
  return `${prefix}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.org`;
}

/** The token of the first link to `path` in a text. */
export function tokenFromText(text: string, path: string): string {
  const match = new RegExp(`${path}/([a-z2-7]{52})`).exec(text);
  if (!match) throw new Error(`No ${path} link in:\n${text}`);
  return match[1];
}
