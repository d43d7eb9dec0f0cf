import { beforeEach, describe, expect, it, vi } from "vitest";

// The dummy hash: every failing path of attemptLogin still runs argon2 verify, once, on an
// argon2id hash, so an unknown e-mail answers in the time a known one does.
const verifyCalls: string[] = [];
vi.mock("./password.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./password.server")>();
  return {
    ...actual,
    verifyPassword: async (hash: string, password: string) => {
      verifyCalls.push(hash);
      return actual.verifyPassword(hash, password);
    },
  };
});

const { attemptLogin } = await import("./login.server");
const { hashPassword } = await import("./password.server");

const logger = { info: vi.fn(), warn: vi.fn() };
const config = { sessionPolicy: { inactivityMs: 60_000, absoluteMs: 120_000 }, authRateLimitPerMinute: 10, secureCookies: false, publicUrl: "", smtpConfigured: false };
function servicesWith(user: Record<string, unknown> | null) {
  const db = { user: { findUnique: vi.fn(async () => user) }, authSession: { create: vi.fn() } };
  return { db, config, logger } as unknown as Parameters<typeof attemptLogin>[0] & { db: typeof db };
}

describe("attemptLogin without a usable account", () => {
  beforeEach(() => {
    verifyCalls.length = 0;
  });

  const base = { id: "u1", isDemo: false, isPlatformAdmin: false, totpKey: null, disabledAt: null };
  const cases: Array<[string, () => Promise<Record<string, unknown> | null>]> = [
    ["unknown e-mail", async () => null],
    ["wrong password", async () => ({ ...base, passwordHash: await hashPassword("the-real-password-123") })],
    ["disabled account", async () => ({ ...base, passwordHash: await hashPassword("the-password-typed-123"), disabledAt: new Date() })],
    ["account without a password", async () => ({ ...base, passwordHash: null })],
  ];

  for (const [name, user] of cases) {
    it(`${name}: runs argon2id verify exactly once, answers { ok: false }, starts no session`, async () => {
      const services = servicesWith(await user());
      const result = await attemptLogin(services, { email: "someone@example.org", password: "the-password-typed-123" });
      expect(result).toEqual({ ok: false });
      expect(verifyCalls).toHaveLength(1);
      expect(verifyCalls[0]).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(services.db.authSession.create).not.toHaveBeenCalled();
    });
  }

  it("never logs the password", async () => {
    logger.warn.mockClear();
    await attemptLogin(servicesWith(null), { email: "x@example.org", password: "secret-typed-password" });
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain("secret-typed-password");
  });
});
