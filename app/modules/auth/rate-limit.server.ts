// Fixed-window counters for authentication attempts, per account and per IP. In memory on one
// node; in Redis (shared by every node) when REDIS_URL is set.
import type { RedisClientType } from "redis";

export interface RateLimitStore {
  /** Adds one to the key's counter in the current window and returns the count and when the window ends. */
  increment(key: string, windowMs: number): Promise<{ count: number; resetAt: number }>;
  peek(key: string): Promise<{ count: number; resetAt: number } | null>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  #windows = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, windowMs: number) {
    const now = this.now();
    const current = this.#windows.get(key);
    const window = current && current.resetAt > now ? current : { count: 0, resetAt: now + windowMs };
    window.count += 1;
    this.#windows.set(key, window);
    if (this.#windows.size > 100_000) this.#sweep(now);
    return { ...window };
  }

  async peek(key: string) {
    const window = this.#windows.get(key);
    return window && window.resetAt > this.now() ? { ...window } : null;
  }

  #sweep(now: number) {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly client: RedisClientType<any, any, any, any, any>, private readonly prefix = "plenary:rl:") {}

  async increment(key: string, windowMs: number) {
    const redisKey = this.prefix + key;
    const [count, ttl] = (await this.client.multi().incr(redisKey).pExpire(redisKey, windowMs, "NX").pTTL(redisKey).exec()) as unknown as [number, unknown, number];
    return { count: Number(count), resetAt: Date.now() + Math.max(0, Number(ttl)) };
  }

  async peek(key: string) {
    const redisKey = this.prefix + key;
    const [count, ttl] = (await this.client.multi().get(redisKey).pTTL(redisKey).exec()) as unknown as [string | null, number];
    return count === null || Number(ttl) <= 0 ? null : { count: Number(count), resetAt: Date.now() + Number(ttl) };
  }
}

export type AuthScope = "login" | "register" | "reset" | "2fa";
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;
/** A venue shares one Wi-Fi address: an IP gets ten times an account's allowance. */
const IP_FACTOR = 10;

/**
 * `check` before an attempt, `recordFailure` after a failed one; successes never count. For
 * registration and reset, whose answers never say whether they "failed", every request is recorded.
 */
export class AuthRateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly perAccountPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  #keys(scope: AuthScope, account: string | null, ip: string | undefined) {
    return [
      ...(account ? [{ key: `${scope}:account:${account.toLowerCase()}`, limit: this.perAccountPerMinute }] : []),
      ...(ip ? [{ key: `${scope}:ip:${ip}`, limit: this.perAccountPerMinute * IP_FACTOR }] : []),
    ];
  }

  async check(scope: AuthScope, account: string | null, ip: string | undefined): Promise<RateLimitVerdict> {
    let retryAfterMs = 0;
    for (const { key, limit } of this.#keys(scope, account, ip)) {
      const window = await this.store.peek(key);
      if (window && window.count >= limit) retryAfterMs = Math.max(retryAfterMs, window.resetAt - this.now());
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } : { allowed: true };
  }

  async recordFailure(scope: AuthScope, account: string | null, ip: string | undefined): Promise<void> {
    await Promise.all(this.#keys(scope, account, ip).map(({ key }) => this.store.increment(key, WINDOW_MS)));
  }
}

/** The 429 every rate-limited surface answers with. */
export function tooManyAttempts(retryAfterSeconds: number, message = "Too many attempts. Please wait and try again."): Response {
  return Response.json({ error: message, retryAfterSeconds }, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}
