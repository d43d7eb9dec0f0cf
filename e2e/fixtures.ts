import fs from "node:fs";
import type { AddressInfo } from "node:net";
import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { startPlenary, type Plenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: Date;
}

/** Every message Plenary's mail worker delivered over SMTP during this worker's run. */
export interface Mailbox {
  readonly messages: readonly ReceivedMail[];
  /**
   * Resolves with the first message (already received or still to come) addressed to `to` that
   * satisfies `predicate`; rejects after `timeoutMs` listing what did arrive.
   */
  waitForMail(to: string, predicate?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
}

class SmtpMailbox implements Mailbox {
  readonly messages: ReceivedMail[] = [];
  private readonly listeners = new Set<() => void>();

  add(mail: ReceivedMail) {
    this.messages.push(mail);
    for (const listener of [...this.listeners]) listener();
  }

  waitForMail(to: string, predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedMail> {
    const address = to.toLowerCase();
    const find = () => this.messages.find((mail) => mail.to.includes(address) && predicate(mail));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const mail = find();
        if (!mail) return;
        done();
        resolve(mail);
      };
      const timer = setTimeout(() => {
        done();
        const seen = this.messages.filter((mail) => mail.to.includes(address)).map((mail) => `"${mail.subject}"`);
        reject(new Error(`No matching mail to ${to} within ${timeoutMs} ms (received for it: ${seen.join(", ") || "none"}).`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }
}

/**
 * One Plenary per test worker, started in this process on an in-memory database with the demo
 * assembly, so tests can also act through the server's own domain functions (as an organiser's
 * tool or a job would) and watch the browsers react. Its mail worker delivers the outbox over
 * plain SMTP to a local smtp-server whose messages the `mailbox` fixture collects.
 */
export const test = base.extend<{ mailbox: Mailbox }, { plenary: Plenary; smtp: { url: string; mailbox: SmtpMailbox } }>({
  smtp: [
    async ({}, use) => {
      const mailbox = new SmtpMailbox();
      const server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"], // plain SMTP on loopback; nodemailer then does not try to upgrade
        logger: false,
        closeTimeout: 1_000,
        onData(stream, session, callback) {
          simpleParser(stream)
            .then((parsed) => {
              mailbox.add({
                to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                subject: parsed.subject ?? "",
                text: parsed.text ?? "",
                html: parsed.html || null,
                receivedAt: new Date(),
              });
              callback();
            })
            .catch(callback);
        },
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
          server.off("error", reject);
          resolve();
        });
      });
      const port = (server.server.address() as AddressInfo).port;
      await use({ url: `smtp://127.0.0.1:${port}`, mailbox });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    { scope: "worker" },
  ],
  plenary: [
    // Depends on smtp, so it is torn down first: the mail worker stops before the SMTP server.
    async ({ smtp }, use) => {
      if (!fs.existsSync(new URL("../build/server/index.js", import.meta.url))) {
        throw new Error("No production build: run `npm run build` before the browser tests (npm test does).");
      }
      const env = loadEnv({
        ...process.env,
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        DEMO_DATA: "always",
        SMTP_URL: smtp.url,
        MAIL_FROM: "Plenary <no-reply@plenary.test>",
      });
      const database = await openDatabase({ kind: "pglite", dataDir: null });
      const plenary = await startPlenary({ env, mode: "production", database });
      await use(plenary);
      await plenary.close();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  mailbox: async ({ plenary: _plenary, smtp }, use) => use(smtp.mailbox),
  baseURL: async ({ plenary }, use) => use(plenary.url),
});

export { expect };

/** Every demo account's password (see README, "Demo accounts"). */
export const DEMO_PASSWORD = "plenary-demo";

/** A demo account signed in through the login form, in English, in a fresh browser context, on `path`. */
export async function signInAsDemo(browser: Browser, baseUrl: string, email: string, path: string, contextOptions: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(contextOptions);
  await context.addCookies([{ name: "plenary_lang", value: "en", url: baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login?redirectTo=${encodeURIComponent(path)}`);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseUrl}${path}`);
  return page;
}

/** Resolves once React has hydrated the element (Conform resets a form's fields when it mounts). */
export async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((s) => {
    const element = document.querySelector(s);
    return element !== null && Object.keys(element).some((key) => key.startsWith("__reactFiber"));
  }, selector);
}
