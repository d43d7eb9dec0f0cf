import { sha256 } from "@oslojs/crypto/sha2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { createUser } from "../demo/factories.server.ts";
import {
  createAuthSession,
  invalidateSession,
  invalidateUserSessions,
  readSessionToken,
  serializeSessionCookie,
  validateSessionToken,
  type SessionPolicy,
} from "./session.server.ts";

// Checklist items 1, 3 and 5 at the function level: token shape and storage, expiry with a fake
// clock, disabled users, and ending a user's other sessions.
let database: TestDatabase;
const db = () => database.prisma;
const policy: SessionPolicy = { inactivityMs: 30 * 60_000, absoluteMs: 2 * 60 * 60_000 };
const minutes = (start: Date, n: number) => new Date(start.getTime() + n * 60_000);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

describe("session tokens", () => {
  it("are `<id>.<secret>` with a ≥128-bit secret, and only SHA-256(secret) is stored", async () => {
    const user = await createUser(db());
    const { token, session } = await createAuthSession(db(), user.id, { policy });
    const [id, secret, ...rest] = token.split(".");
    expect(rest).toEqual([]);
    expect(id).toBe(session.id);
    // base32: 5 bits per character.
    expect(secret).toMatch(/^[a-z2-7]+$/);
    expect(secret.length * 5).toBeGreaterThanOrEqual(128);

    const row = await db().authSession.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(row.secretHash).equals(Buffer.from(sha256(new TextEncoder().encode(secret))))).toBe(true);
    const stored = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString("latin1") : typeof v === "bigint" ? String(v) : v));
    expect(stored).not.toContain(secret);
    expect(Buffer.from(row.secretHash).toString("latin1")).not.toContain(secret);
    expect(Buffer.from(row.secretHash).toString("hex")).not.toContain(Buffer.from(secret).toString("hex"));
  });

  it("two sessions never share an id or a secret", async () => {
    const user = await createUser(db());
    const a = await createAuthSession(db(), user.id, { policy });
    const b = await createAuthSession(db(), user.id, { policy });
    expect(a.token.split(".")[0]).not.toBe(b.token.split(".")[0]);
    expect(a.token.split(".")[1]).not.toBe(b.token.split(".")[1]);
  });

  it("validates the right token and rejects a wrong secret for the same id, malformed and unknown tokens", async () => {
    const user = await createUser(db());
    const { token } = await createAuthSession(db(), user.id, { policy });
    const [id, secret] = token.split(".");
    expect((await validateSessionToken(db(), token, { policy }))?.user.id).toBe(user.id);

    const flipped = (secret[0] === "a" ? "b" : "a") + secret.slice(1);
    expect(await validateSessionToken(db(), `${id}.${flipped}`, { policy })).toBeNull();
    expect(await validateSessionToken(db(), `${id}.${"a".repeat(32)}`, { policy })).toBeNull();
    expect(await validateSessionToken(db(), id, { policy })).toBeNull();
    expect(await validateSessionToken(db(), `${"b".repeat(32)}.${secret}`, { policy })).toBeNull();
    expect(await validateSessionToken(db(), `${token}x`, { policy })).toBeNull();
    expect(await validateSessionToken(db(), "", { policy })).toBeNull();
    // A wrong guess does not end the real session.
    expect(await validateSessionToken(db(), token, { policy })).not.toBeNull();
  });
});

describe("expiry with a fake clock", () => {
  it("slides the inactivity expiry while the session is used", async () => {
    const user = await createUser(db());
    const start = new Date("2030-01-01T08:00:00Z");
    const { token } = await createAuthSession(db(), user.id, { policy, now: start });
    // Used every 20 minutes (inactivity limit 30): still valid after 80 minutes, each use
    // pushing the expiry to 30 minutes later (within the absolute lifetime of 120).
    for (let t = 20; t <= 80; t += 20) {
      const result = await validateSessionToken(db(), token, { policy, now: minutes(start, t) });
      expect(result, `at +${t} min`).not.toBeNull();
      expect(result!.session.expiresAt.getTime()).toBe(minutes(start, t + 30).getTime());
      expect((await db().authSession.findUniqueOrThrow({ where: { id: result!.session.id } })).lastSeenAt.getTime()).toBe(minutes(start, t).getTime());
    }
  });

  it("ends a session left unused longer than the inactivity timeout, and deletes its row", async () => {
    const user = await createUser(db());
    const start = new Date("2030-01-01T08:00:00Z");
    const { token, session } = await createAuthSession(db(), user.id, { policy, now: start });
    expect(await validateSessionToken(db(), token, { policy, now: minutes(start, 29) })).not.toBeNull();
    // Last seen at +29: valid until +59, gone at +59.
    expect(await validateSessionToken(db(), token, { policy, now: minutes(start, 58) })).not.toBeNull();
    expect(await validateSessionToken(db(), token, { policy, now: minutes(start, 58 + 31) })).toBeNull();
    expect(await db().authSession.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it("never outlives the absolute lifetime, however active", async () => {
    const user = await createUser(db());
    const start = new Date("2030-01-01T08:00:00Z");
    const { token } = await createAuthSession(db(), user.id, { policy, now: start });
    for (let t = 10; t < 120; t += 10) {
      const result = await validateSessionToken(db(), token, { policy, now: minutes(start, t) });
      expect(result, `at +${t} min`).not.toBeNull();
      expect(result!.session.expiresAt.getTime()).toBeLessThanOrEqual(minutes(start, 120).getTime());
    }
    expect(await validateSessionToken(db(), token, { policy, now: minutes(start, 120) })).toBeNull();
  });
});

describe("users and invalidation", () => {
  it("a disabled user's session is refused and removed", async () => {
    const user = await createUser(db());
    const { token, session } = await createAuthSession(db(), user.id, { policy });
    await db().user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await validateSessionToken(db(), token, { policy })).toBeNull();
    expect(await db().authSession.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it("invalidateUserSessions ends the user's other sessions, keeps the current one and nobody else's", async () => {
    const user = await createUser(db());
    const other = await createUser(db());
    const current = await createAuthSession(db(), user.id, { policy });
    const second = await createAuthSession(db(), user.id, { policy });
    const third = await createAuthSession(db(), user.id, { policy });
    const someoneElse = await createAuthSession(db(), other.id, { policy });
    const ended = await invalidateUserSessions(db(), user.id, current.session.id);
    expect(ended.sort()).toEqual([second.session.id, third.session.id].sort());
    expect(await validateSessionToken(db(), current.token, { policy })).not.toBeNull();
    expect(await validateSessionToken(db(), second.token, { policy })).toBeNull();
    expect(await validateSessionToken(db(), third.token, { policy })).toBeNull();
    expect(await validateSessionToken(db(), someoneElse.token, { policy })).not.toBeNull();
  });

  it("invalidateSession deletes the row", async () => {
    const user = await createUser(db());
    const { token, session } = await createAuthSession(db(), user.id, { policy });
    await invalidateSession(db(), session.id);
    expect(await db().authSession.count({ where: { id: session.id } })).toBe(0);
    expect(await validateSessionToken(db(), token, { policy })).toBeNull();
  });

  it("reports whether the user has TOTP and whether the session passed the second step", async () => {
    const user = await createUser(db(), { totpKey: new Uint8Array(20) });
    const { token } = await createAuthSession(db(), user.id, { policy });
    const result = await validateSessionToken(db(), token, { policy });
    expect(result?.user.hasTotp).toBe(true);
    expect(result?.session.twoFactorVerified).toBe(false);
    expect(JSON.stringify(result)).not.toContain("totpKey");
  });
});

describe("cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ with Max-Age; Secure and __Host- over HTTPS; carries only the token", () => {
    const now = new Date("2030-01-01T08:00:00Z");
    const plain = serializeSessionCookie("abc.def", { secure: false, expiresAt: minutes(now, 60), now });
    expect(plain).toBe("plenary_session=abc.def; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600");
    const secure = serializeSessionCookie("abc.def", { secure: true, expiresAt: minutes(now, 60), now });
    expect(secure).toMatch(/^__Host-plenary_session=abc\.def; /);
    expect(secure).toContain("; Secure");
    expect(secure).not.toMatch(/Domain=/i);
    expect(readSessionToken("a=b; __Host-plenary_session=abc.def", true)).toBe("abc.def");
    // The insecure name is not accepted where the secure one is expected.
    expect(readSessionToken("plenary_session=abc.def", true)).toBeNull();
  });
});
