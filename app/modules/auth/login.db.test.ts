// Sign-in, sessions, account and two-factor through HTTP against the whole server (production
// build, as server/app.db.test.ts runs it). Run `npx remix vite:build` first.
import fs from "node:fs";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlenary, type Plenary } from "../../../server/app.server.ts";
import { loadEnv } from "../../../server/env.server.ts";
import { createTestDatabase } from "../../../test/db.ts";
import { createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { generateTotpKey, replaceRecoveryCodes } from "./totp.server.ts";

let plenary: Plenary;
let origin: string;
const PASSWORD = "correct horse battery staple";
const LIMIT = 10;

beforeAll(async () => {
  if (!fs.existsSync(new URL("../../../build/server/index.js", import.meta.url))) {
    throw new Error("No production build: run `npx remix vite:build` first.");
  }
  const database = await createTestDatabase();
  const env = loadEnv({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never", AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  plenary = await startPlenary({ env, mode: "production", database });
  origin = new URL(plenary.url).origin;
}, 120_000);

afterAll(async () => {
  await plenary?.close();
  await (plenary?.database as { dispose?: () => Promise<void> } | undefined)?.dispose?.();
});

const db = () => plenary.services.db;

function post(path: string, fields: Record<string, string>, token?: string) {
  return fetch(`${plenary.url}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: origin, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", ...(token && { Cookie: `plenary_session=${token}` }) },
    redirect: "manual",
  });
}

function get(path: string, token?: string) {
  return fetch(`${plenary.url}${path}`, { headers: token ? { Cookie: `plenary_session=${token}` } : {}, redirect: "manual" });
}

function sessionTokenOf(response: Response): string {
  const cookie = response.headers.get("set-cookie") ?? "";
  const token = /plenary_session=([^;]*)/.exec(cookie)?.[1];
  if (!token) throw new Error(`no session cookie in ${response.status} ${cookie}`);
  return token;
}

async function signIn(email: string, password = PASSWORD, redirectTo?: string) {
  const response = await post("/login", { email, password, ...(redirectTo && { redirectTo }) });
  expect(response.status, await response.clone().text().then((t) => t.slice(0, 200))).toBe(302);
  return { response, token: sessionTokenOf(response), location: response.headers.get("location") };
}

const sessionIdOf = (token: string) => token.split(".")[0];

describe("login", () => {
  it("redirects with a new HttpOnly, SameSite=Lax, Path=/ cookie with Max-Age that never carries the user id", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const response = await post("/login", { email: user.email.toUpperCase(), password: PASSWORD, redirectTo: "/events" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/events");
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^plenary_session=[a-z2-7]{32}\.[a-z2-7]{32}; /);
    const attributes = cookie.split(";").map((a) => a.trim());
    expect(attributes).toContain("HttpOnly");
    expect(attributes).toContain("SameSite=Lax");
    expect(attributes).toContain("Path=/");
    const maxAge = Number(attributes.find((a) => a.startsWith("Max-Age="))?.slice(8));
    expect(maxAge).toBeGreaterThan(0);
    expect(cookie).not.toContain(user.id);
    expect(cookie).not.toContain(user.id.replaceAll("-", ""));
    const row = await db().authSession.findUniqueOrThrow({ where: { id: sessionIdOf(sessionTokenOf(response)) } });
    expect(row.userId).toBe(user.id);
  });

  it("never redirects off-site after signing in", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const { location } = await signIn(user.email, PASSWORD, "//evil.example/");
    expect(location).toBe("/");
  });

  it("starts a new session at every login", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const first = await signIn(user.email);
    const second = await signIn(user.email);
    expect(second.token).not.toBe(first.token);
    expect(sessionIdOf(second.token)).not.toBe(sessionIdOf(first.token));
    expect(await db().authSession.count({ where: { userId: user.id } })).toBe(2);
  });

  it("logout deletes the session row; the old cookie then gets the login page", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const { token } = await signIn(user.email);
    expect((await get("/account", token)).status).toBe(200);
    const logout = await post("/logout", {}, token);
    expect(logout.status).toBe(302);
    expect(logout.headers.get("set-cookie")).toMatch(/plenary_session=; .*Max-Age=0/);
    expect(await db().authSession.count({ where: { id: sessionIdOf(token) } })).toBe(0);
    const again = await get("/account", token);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
    expect((await get("/login", token)).status).toBe(200);
  });

  it("answers unknown e-mail, wrong password, disabled account and account without password identically", async () => {
    const known = await createUser(db(), { password: PASSWORD });
    const disabled = await createUser(db(), { password: PASSWORD, disabledAt: new Date() });
    const noPassword = await createUser(db());
    const attempts = [
      { email: `nobody-${Date.now()}@example.org`, password: "some wrong password" },
      { email: known.email, password: "some wrong password" },
      { email: disabled.email, password: PASSWORD },
      { email: noPassword.email, password: "some wrong password" },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const response = await post("/login", attempt);
      const html = await response.text();
      answers.push({
        status: response.status,
        cookie: response.headers.get("set-cookie"),
        // Only the echoed e-mail and the per-request CSP nonce may differ.
        body: html.replaceAll(attempt.email, "EMAIL").replaceAll(/nonce="([^"]+)"/.exec(html)?.[1] ?? "NO NONCE", "NONCE"),
      });
    }
    expect(answers[0].status).toBe(400);
    expect(answers[0].body).toContain("The e-mail address or password is not correct.");
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
    expect(answers[0].cookie).toBeNull();
  });

  it("answers 400, never 500, to a malformed form", async () => {
    expect((await post("/login", { email: "not an e-mail", password: "x" })).status).toBe(400);
    expect((await post("/login", {})).status).toBe(400);
    expect((await post("/login", { email: "a@example.org", password: "x".repeat(500) })).status).toBe(400);
  });

  it("rate-limits failures per account with 429 + Retry-After; successes elsewhere neither count nor reset", async () => {
    const victim = await createUser(db(), { password: PASSWORD });
    const bystander = await createUser(db(), { password: PASSWORD });
    for (let i = 0; i < LIMIT; i++) expect((await post("/login", { email: victim.email, password: `wrong password ${i}` })).status).toBe(400);
    // Over the limit even the right password is refused, before it is checked.
    const limited = await post("/login", { email: victim.email, password: PASSWORD });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("set-cookie")).toBeNull();
    expect(await limited.text()).toContain("Too many attempts");
    // Another account from the same address signs in, repeatedly (successes never count)...
    for (let i = 0; i < LIMIT + 1; i++) await signIn(bystander.email);
    // ... and that resets nothing for the limited account.
    expect((await post("/login", { email: victim.email, password: PASSWORD })).status).toBe(429);
  });
});

describe("account", () => {
  it("is for signed-in people only", async () => {
    const response = await get("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("lists the user's sessions with this device marked", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const other = await signIn(user.email);
    const current = await signIn(user.email);
    const html = await (await get("/account", current.token)).text();
    expect(html).toContain(`data-session-id="${sessionIdOf(other.token)}"`);
    expect(html).toContain(`data-session-id="${sessionIdOf(current.token)}"`);
    expect(html.match(/this device/g)).toHaveLength(1);
    expect(html).toContain("Firefox · Linux");
    expect(html).not.toContain(current.token.split(".")[1]);
  });

  it("revokes one of the user's own sessions, and nobody else's (403, nothing happens)", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const stranger = await createUser(db(), { password: PASSWORD });
    const mine = await signIn(user.email);
    const myOther = await signIn(user.email);
    const theirs = await signIn(stranger.email);

    const refused = await post("/account", { intent: "revoke", sessionId: sessionIdOf(theirs.token) }, mine.token);
    expect(refused.status).toBe(403);
    expect(await db().authSession.count({ where: { id: sessionIdOf(theirs.token) } })).toBe(1);
    expect((await get("/account", theirs.token)).status).toBe(200);

    const revoked = await post("/account", { intent: "revoke", sessionId: sessionIdOf(myOther.token) }, mine.token);
    expect(revoked.status).toBe(200);
    expect(await db().authSession.count({ where: { id: sessionIdOf(myOther.token) } })).toBe(0);
    expect((await get("/account", myOther.token)).status).toBe(302);
    expect((await get("/account", mine.token)).status).toBe(200);

    expect((await post("/account", { intent: "revoke", sessionId: "../../etc" }, mine.token)).status).toBe(400);
  });

  it("changes the password with the current one, ends every other session and records the time", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const current = await signIn(user.email);
    const other = await signIn(user.email);
    const newPassword = "a brand new passphrase";

    const wrong = await post("/account", { intent: "password", currentPassword: "not my password", newPassword, confirmPassword: newPassword }, current.token);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Your current password is not correct.");
    const short = await post("/account", { intent: "password", currentPassword: PASSWORD, newPassword: "short", confirmPassword: "short" }, current.token);
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("at least 12 characters");
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).passwordChangedAt).toBeNull();
    expect((await get("/account", other.token)).status).toBe(200);

    const changed = await post("/account", { intent: "password", currentPassword: PASSWORD, newPassword, confirmPassword: newPassword }, current.token);
    expect(changed.status).toBe(200);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordChangedAt).not.toBeNull();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await get("/account", other.token)).status).toBe(302);
    expect(await db().authSession.count({ where: { id: sessionIdOf(other.token) } })).toBe(0);
    expect((await get("/account", current.token)).status).toBe(200);
    expect((await post("/login", { email: user.email, password: PASSWORD })).status).toBe(400);
    await signIn(user.email, newPassword);
  });

  it("validates the profile: names 1–100 characters without control or bidi characters, a listed language", async () => {
    const user = await createUser(db(), { password: PASSWORD });
    const { token } = await signIn(user.email);
    const profile = (fields: Record<string, string>) => post("/account", { intent: "profile", givenName: "Amina", familyName: "Diallo", preferredLanguage: "fr", ...fields }, token);
    const bads: Record<string, string>[] = [{ givenName: "Evil\u202Egnp.exe" }, { familyName: "" }, { familyName: "x".repeat(101) }, { givenName: "a\u0007b" }, { preferredLanguage: "xx" }];
    for (const bad of bads) {
      const response = await profile(bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    expect(await (await profile({ givenName: "Evil\u202Egnp.exe" })).text()).toContain("characters that are not allowed");
    expect((await post("/account", { intent: "nonsense" }, token)).status).toBe(400);
    const unchanged = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(unchanged.givenName).toBe(user.givenName);

    expect((await profile({ givenName: "  Amina ", familyName: "عبد الله" })).status).toBe(200);
    const saved = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(saved).toMatchObject({ givenName: "Amina", familyName: "عبد الله", preferredLanguage: "fr" });
  });
});

describe("two-factor sign-in", () => {
  async function totpUser() {
    const key = generateTotpKey();
    const user = await createUser(db(), { password: PASSWORD, totpKey: key });
    return { user, key };
  }

  it("a TOTP user must pass /login/2fa; a code is accepted once; wrong codes are refused", async () => {
    const { user, key } = await totpUser();
    const first = await signIn(user.email, PASSWORD, "/account");
    expect(first.location).toBe("/login/2fa?redirectTo=%2Faccount");
    expect((await db().authSession.findUniqueOrThrow({ where: { id: sessionIdOf(first.token) } })).twoFactorVerified).toBe(false);
    // Half signed in: nothing else is reachable.
    const blocked = await get("/account", first.token);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/login/2fa?redirectTo=%2Faccount");
    expect((await get("/login/2fa?redirectTo=%2Faccount", first.token)).status).toBe(200);

    const code = generateTOTP(key, 30, 6);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect((await post("/login/2fa", { code: wrongCode, redirectTo: "/account" }, first.token)).status).toBe(400);

    const verified = await post("/login/2fa", { code, redirectTo: "/account" }, first.token);
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe("/account");
    expect((await db().authSession.findUniqueOrThrow({ where: { id: sessionIdOf(first.token) } })).twoFactorVerified).toBe(true);
    expect((await get("/account", first.token)).status).toBe(200);

    // The same code again, on a new login: refused.
    const second = await signIn(user.email);
    const replay = await post("/login/2fa", { code }, second.token);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("already used");
    expect((await get("/account", second.token)).status).toBe(302);
  });

  it("a recovery code works once", async () => {
    const { user } = await totpUser();
    const [code] = await replaceRecoveryCodes(db(), user.id);
    const first = await signIn(user.email);
    const ok = await post("/login/2fa", { code: code.toUpperCase() }, first.token);
    expect(ok.status).toBe(302);
    expect((await get("/account", first.token)).status).toBe(200);
    const used = await db().recoveryCode.findMany({ where: { userId: user.id, usedAt: { not: null } } });
    expect(used).toHaveLength(1);

    const second = await signIn(user.email);
    expect((await post("/login/2fa", { code }, second.token)).status).toBe(400);
    expect((await get("/account", second.token)).status).toBe(302);
  });

  it("another user's recovery code does not work", async () => {
    const { user } = await totpUser();
    const { user: other } = await totpUser();
    const [otherCode] = await replaceRecoveryCodes(db(), other.id);
    const { token } = await signIn(user.email);
    expect((await post("/login/2fa", { code: otherCode }, token)).status).toBe(400);
    expect(await db().recoveryCode.count({ where: { userId: other.id, usedAt: { not: null } } })).toBe(0);
  });

  it("an organiser without TOTP is sent to /account/2fa and held there until it is set up", async () => {
    const event = await createEvent(db());
    const organiser = await createUser(db(), { password: PASSWORD });
    await createRegistration(db(), { eventId: event.id, userId: organiser.id, role: "ORGANISER", status: "APPROVED" });
    const { token, location } = await signIn(organiser.email);
    expect(location).toBe("/account/2fa");
    const blocked = await get("/account", token);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/account/2fa");

    const page = await get("/account/2fa", token);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);
    expect(html).toContain("otpauth://totp/Plenary:");
    const keyText = /data-totp-key="[^"]*">([A-Z2-7]+)</.exec(html)?.[1];
    expect(keyText).toBeTruthy();
    // Loaders never write: showing the page saved nothing.
    expect((await db().user.findUniqueOrThrow({ where: { id: organiser.id } })).totpKey).toBeNull();

    const key = decodeBase32IgnorePadding(keyText!);
    const code = generateTOTP(key, 30, 6);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const refused = await post("/account/2fa", { intent: "enable", key: keyText!, code: wrongCode }, token);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(keyText!); // the same key is offered again
    expect((await db().user.findUniqueOrThrow({ where: { id: organiser.id } })).totpKey).toBeNull();

    const enabled = await post("/account/2fa", { intent: "enable", key: keyText!, code }, token);
    expect(enabled.status).toBe(200);
    const codes = [...(await enabled.text()).matchAll(/<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code>/g)].map((m) => m[1]);
    expect(new Set(codes).size).toBe(10);
    const stored = await db().recoveryCode.findMany({ where: { userId: organiser.id } });
    expect(stored).toHaveLength(10);
    for (const row of stored) for (const plain of codes) expect(Buffer.from(row.codeHash).toString("latin1")).not.toContain(plain);
    const saved = await db().user.findUniqueOrThrow({ where: { id: organiser.id } });
    expect(Buffer.from(saved.totpKey!).equals(Buffer.from(key))).toBe(true);
    expect((await get("/account", token)).status).toBe(200);

    // Disabling needs a current code; the one just used is refused.
    expect((await post("/account/2fa", { intent: "disable", code }, token)).status).toBe(400);
    expect((await db().user.findUniqueOrThrow({ where: { id: organiser.id } })).totpKey).not.toBeNull();
  });

  it("a platform admin without TOTP is sent to set it up too", async () => {
    const admin = await createUser(db(), { password: PASSWORD, isPlatformAdmin: true });
    expect((await signIn(admin.email)).location).toBe("/account/2fa");
  });

  it("a seeded demo organiser is not required to use TOTP", async () => {
    const event = await createEvent(db());
    const demo = await createUser(db(), { password: PASSWORD, isDemo: true });
    await createRegistration(db(), { eventId: event.id, userId: demo.id, role: "ADMIN", status: "APPROVED" });
    const { token, location } = await signIn(demo.email);
    expect(location).toBe("/");
    expect((await get("/account", token)).status).toBe(200);
  });

  it("a pending organiser registration does not require TOTP", async () => {
    const event = await createEvent(db());
    const user = await createUser(db(), { password: PASSWORD });
    await createRegistration(db(), { eventId: event.id, userId: user.id, role: "ORGANISER", status: "PENDING" });
    expect((await signIn(user.email)).location).toBe("/");
  });

  it("rate-limits wrong codes with 429 + Retry-After", async () => {
    const { user, key } = await totpUser();
    const { token } = await signIn(user.email);
    const good = generateTOTP(key, 30, 6);
    const wrong = (i: number) => {
      const c = String((Number(good) + 1000 + i) % 1_000_000).padStart(6, "0");
      return c;
    };
    for (let i = 0; i < LIMIT; i++) expect((await post("/login/2fa", { code: wrong(i) }, token)).status).toBe(400);
    const limited = await post("/login/2fa", { code: good }, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await db().authSession.findUniqueOrThrow({ where: { id: sessionIdOf(token) } })).twoFactorVerified).toBe(false);
  });
});
