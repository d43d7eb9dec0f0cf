import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthRateLimiter, MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from "./rate-limit.server";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
redis.on("error", () => {});

beforeAll(async () => {
  try {
    await redis.connect();
  } catch (error) {
    throw new Error(
      `Redis does not answer at ${redisUrl} (${(error as Error).message}). Start it with\n` +
        '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\nor set TEST_REDIS_URL.',
    );
  }
});
afterAll(async () => {
  if (redis.isOpen) await redis.quit();
});

const stores: [string, () => RateLimitStore][] = [
  ["memory", () => new MemoryRateLimitStore()],
  ["redis", () => new RedisRateLimitStore(redis, `plenary:test:${crypto.randomUUID()}:`)],
];

describe.each(stores)("auth rate limiter on the %s store", (_name, makeStore) => {
  it("locks an account after N failures, answers how long to wait, and never counts successes", async () => {
    const limiter = new AuthRateLimiter(makeStore(), 3);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.check("login", "a@example.test", "10.0.0.1")).toEqual({ allowed: true });
      await limiter.recordFailure("login", "a@example.test", "10.0.0.1");
    }
    const verdict = await limiter.check("login", "A@Example.test", "10.0.0.2");
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) {
      expect(verdict.retryAfterSeconds).toBeGreaterThan(0);
      expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(60);
    }
    // Another account from the same address is still fine (the IP allowance is ten times larger)…
    expect(await limiter.check("login", "b@example.test", "10.0.0.1")).toEqual({ allowed: true });
    // …and other scopes are separate.
    expect(await limiter.check("reset", "a@example.test", "10.0.0.1")).toEqual({ allowed: true });
  });

  it("locks an address after ten times the per-account allowance, whichever accounts it tries", async () => {
    const limiter = new AuthRateLimiter(makeStore(), 2);
    for (let i = 0; i < 20; i++) await limiter.recordFailure("login", `user${i}@example.test`, "192.0.2.9");
    expect((await limiter.check("login", "fresh@example.test", "192.0.2.9")).allowed).toBe(false);
    expect((await limiter.check("login", "fresh@example.test", "192.0.2.10")).allowed).toBe(true);
  });
});

describe("the Redis store", () => {
  it("is shared: a failure counted by one node locks the account on another", async () => {
    const prefix = `plenary:test:${crypto.randomUUID()}:`;
    const nodeA = new AuthRateLimiter(new RedisRateLimitStore(redis, prefix), 2);
    const nodeB = new AuthRateLimiter(new RedisRateLimitStore(redis, prefix), 2);
    await nodeA.recordFailure("2fa", "shared@example.test", undefined);
    await nodeB.recordFailure("2fa", "shared@example.test", undefined);
    expect((await nodeA.check("2fa", "shared@example.test", undefined)).allowed).toBe(false);
    expect((await nodeB.check("2fa", "shared@example.test", undefined)).allowed).toBe(false);
  });

  it("lets the window expire", async () => {
    const store = new RedisRateLimitStore(redis, `plenary:test:${crypto.randomUUID()}:`);
    await store.increment("k", 50);
    expect((await store.peek("k"))?.count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.peek("k")).toBeNull();
  });
});
