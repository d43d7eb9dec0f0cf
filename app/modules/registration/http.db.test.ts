// Registration through the real server (production build) with real SMTP delivery to a local
// smtp-server: register → receive mail → follow the link → set a password → signed in.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlenary, type Plenary } from "../../../server/app.server.ts";
import { loadEnv } from "../../../server/env.server.ts";
import { createTestDatabase } from "../../../test/db.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { uniqueEmail } from "./testing.ts";

interface Received {
  to: string;
  subject: string;
  text: string;
}

let plenary: Plenary;
let smtp: SMTPServer;
const inbox: Received[] = [];
const waiters: (() => void)[] = [];
let origin: string;
let fixture: { slug: string; code: string };

beforeAll(async () => {
  if (!fs.existsSync(new URL("../../../build/server/index.js", import.meta.url))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"], // plain SMTP on loopback; nodemailer then does not try to upgrade
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), subject: mail.subject ?? "", text: mail.text ?? "" });
          waiters.splice(0).forEach((wake) => wake());
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const database = await createTestDatabase();
  const env = loadEnv({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    DEMO_DATA: "never",
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: "Plenary <no-reply@plenary.test>",
  });
  plenary = await startPlenary({ env, mode: "production", database });
  origin = new URL(plenary.url).origin;
  const db = plenary.services.db;
  const event = await createEvent(db, { dataProtectionNotice: { en: "Your data is kept for 90 days.", fr: "Vos données sont gardées 90 jours." } });
  const delegation = await createDelegation(db, { eventId: event.id });
  fixture = { slug: event.slug, code: delegation.invitationCodes[0].code };
}, 120_000);

afterAll(async () => {
  await plenary?.close();
  await (plenary?.database as { dispose?: () => Promise<void> } | undefined)?.dispose?.();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

async function mailTo(address: string, timeoutMs = 15_000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = inbox.find((m) => m.to === address);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 250);
    });
  }
}

const registrationForm = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    invitationCode: fixture.code.toLowerCase(),
    givenName: "Ingrid",
    familyName: "Solberg",
    category: "DELEGATE",
    email: uniqueEmail("http"),
    preferredLanguage: "en",
    consent: "on",
    website: "",
    ...overrides,
  });

const post = (path: string, body: URLSearchParams, headers: Record<string, string> = {}) =>
  fetch(`${plenary.url}${path}`, { method: "POST", body, headers: { Origin: origin, ...headers }, redirect: "manual" });

describe("self-registration over HTTP", () => {
  it("answers a new address, an existing account and an already registered one identically", async () => {
    const db = plenary.services.db;
    const existing = await createUser(db, { email: uniqueEmail("existing"), password: "an existing password" });
    const registered = await createUser(db, { email: uniqueEmail("registered") });
    const event = await db.event.findUniqueOrThrow({ where: { slug: fixture.slug } });
    await createRegistration(db, { eventId: event.id, userId: registered.id, status: "PENDING" });

    const answers = [];
    for (const email of [uniqueEmail("new"), existing.email, registered.email]) {
      const response = await post(`/events/${fixture.slug}/register`, registrationForm({ email }));
      answers.push({ status: response.status, location: response.headers.get("location"), cookie: response.headers.get("set-cookie"), body: await response.text() });
    }
    expect(answers[0]).toEqual({ status: 303, location: `/events/${fixture.slug}/register?sent=1`, cookie: null, body: "" });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    const page = await fetch(`${plenary.url}${answers[0].location}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Check your e-mail");
    // The owners learn what happened by mail only.
    expect((await mailTo(existing.email)).subject).toContain("You were registered");
    expect((await mailTo(registered.email)).subject).toContain("already registered");
  });

  it("shows the notice in the reader's language and answers invalid input with 400 and field messages, never 500", async () => {
    const form = await fetch(`${plenary.url}/events/${fixture.slug}/register`, { headers: { "Accept-Language": "fr" } });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("Vos données sont gardées 90 jours.");
    expect(html).toContain('name="website"');

    const bad = await post(`/events/${fixture.slug}/register`, registrationForm({ givenName: "Evil\u202Ename", consent: "" }));
    expect(bad.status).toBe(400);
    const body = await bad.text();
    expect(body).toContain("control or text-direction characters");
    expect(body).toContain("You must agree to the data protection notice");

    const wrongCode = await post(`/events/${fixture.slug}/register`, registrationForm({ invitationCode: "NOPE" }));
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain("This invitation code is not valid");
    expect((await post(`/events/no-such-event/register`, registrationForm())).status).toBe(404);
  });

  it("delivers the confirmation over SMTP; the link sets a password and signs the person in", async () => {
    const email = uniqueEmail("smtp");
    const response = await post(`/events/${fixture.slug}/register`, registrationForm({ email, givenName: "Søren", familyName: "Kierkegaard-Ålund" }));
    expect(response.status).toBe(303);

    const mail = await mailTo(email);
    expect(mail.subject).toMatch(/^Confirm your registration for /);
    const link = /(http:\/\/\S+\/verify-email\/[a-z2-7]{52})/.exec(mail.text)?.[1];
    expect(link, mail.text).toBeTruthy();
    expect(new URL(link!).origin).toBe(origin);

    const form = await fetch(link!);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Søren Kierkegaard-Ålund");

    const tooShort = await post(new URL(link!).pathname, new URLSearchParams({ password: "short", confirmPassword: "short" }));
    expect(tooShort.status).toBe(400);
    expect(await tooShort.text()).toContain("12 to 128 characters");

    const done = await post(new URL(link!).pathname, new URLSearchParams({ password: "fjord lighthouse winter", confirmPassword: "fjord lighthouse winter" }));
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/events/${fixture.slug}`);
    const cookie = done.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^plenary_session=[a-z2-7]{32}\.[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax/);

    const home = await fetch(`${plenary.url}/`, { headers: { Cookie: cookie.split(";")[0] } });
    expect(await home.text()).toContain("Søren Kierkegaard-Ålund");

    // The link works once.
    const reused = await fetch(link!);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain("Link expired or already used");
    const replay = await post(new URL(link!).pathname, new URLSearchParams({ password: "another long password", confirmPassword: "another long password" }));
    expect(replay.status).toBe(410);
  });

  it("answers forgot-password the same for known and unknown addresses; the reset link signs in afresh", async () => {
    const db = plenary.services.db;
    const user = await createUser(db, { email: uniqueEmail("forgot"), password: "the old password!", givenName: "Thandiwe", familyName: "Ndlovu" });
    const known = await post("/forgot-password", new URLSearchParams({ email: user.email }));
    const unknown = await post("/forgot-password", new URLSearchParams({ email: uniqueEmail("ghost") }));
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    // Identical pages apart from the per-request CSP nonce.
    const page = async (response: Response) => {
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1] ?? "";
      expect(nonce).not.toBe("");
      return (await response.text()).split(nonce).join("NONCE");
    };
    const knownPage = await page(known);
    expect(knownPage).toContain("If an account exists for this address");
    expect(knownPage).toBe(await page(unknown));

    const mail = await mailTo(user.email);
    const path = /\/reset-password\/[a-z2-7]{52}/.exec(mail.text)?.[0];
    expect(path, mail.text).toBeTruthy();
    const reset = await post(path!, new URLSearchParams({ password: "a fresh new password", confirmPassword: "a fresh new password" }));
    expect(reset.status).toBe(303);
    expect(reset.headers.get("set-cookie")).toMatch(/^plenary_session=/);
  });

  it("serves /events/:slug/delegation/register-person to heads (200) and refuses delegates (403) and anonymous (login)", async () => {
    const db = plenary.services.db;
    const event = await db.event.findUniqueOrThrow({ where: { slug: fixture.slug } });
    const delegation = await db.delegation.findFirstOrThrow({ where: { eventId: event.id } });
    const head = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: head.id, delegationId: delegation.id, role: "HEAD_OF_DELEGATION", status: "APPROVED" });
    const delegate = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: delegate.id, delegationId: delegation.id, status: "APPROVED" });
    const cookieFor = async (userId: string) => `plenary_session=${(await createAuthSession(db, userId)).token}`;
    const path = `/events/${fixture.slug}/delegation/register-person`;

    const anonymous = await fetch(`${plenary.url}${path}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    expect((await fetch(`${plenary.url}${path}`, { headers: { Cookie: await cookieFor(delegate.id) } })).status).toBe(403);

    const headCookie = await cookieFor(head.id);
    const page = await fetch(`${plenary.url}${path}`, { headers: { Cookie: headCookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Register a person");
    const email = uniqueEmail("byhead");
    const created = await post(path, new URLSearchParams({ intent: "person", delegationId: delegation.id, email, givenName: "Ade", familyName: "Okafor", category: "DELEGATE", preferredLanguage: "en" }), { Cookie: headCookie });
    expect(created.status).toBe(200);
    expect((await mailTo(email)).text).toMatch(/\/activate\/[a-z2-7]{52}/);
  });
});
