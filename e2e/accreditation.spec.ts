// Issue 3, "Done when": a new delegate registers with a code, the head endorses, an organiser
// approves, the delegate gets the e-mail, logs in and sees "accredited" — walked in Chromium
// through the UI only, with real SMTP delivery. The database is read only to learn which
// invitation code and which demo head account to use.
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";

const SLUG = "ga-93";
const DEMO_PASSWORD = "plenary-demo";
const ORGANISER = "organiser@demo.plenary.test";
/** LANGUAGE_COOKIE of app/i18n/config.ts (not imported: that module pulls in JSON without import attributes). */
const LANGUAGE_COOKIE = "plenary_lang";

/** A family name in Arabic letters that no demo person has: the run's time spelt in letters. */
function uniqueArabicFamilyName(): string {
  const letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي";
  let n = Date.now() * 1_000 + Math.floor(Math.random() * 1_000);
  let word = "";
  while (n > 0) {
    word = letters[n % letters.length] + word;
    n = Math.floor(n / letters.length);
  }
  return `آل-${word}`;
}

async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/events/${SLUG}`);
  // Demo accounts have various profile languages; choosing English explicitly (a cookie) wins
  // over the profile, so the accessible names below stay the English ones.
  const banner = page.getByRole("banner");
  await banner.getByRole("combobox", { name: "Language" }).selectOption({ label: "English" });
  await banner.getByRole("button", { name: "Change language" }).click();
  await expect.poll(async () => (await context.cookies()).find((cookie) => cookie.name === LANGUAGE_COOKIE)?.value).toBe("en");
  await expect(page).toHaveURL(new RegExp(`/events/${SLUG}$`));
  // The header offers "Sign in" and returns here afterwards.
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${SLUG}$`));
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

test("a self-registered delegate is endorsed, approved, mailed and then sees 'Accredited'", async ({ browser, plenary, mailbox }) => {
  test.setTimeout(120_000);
  const db = plenary.services.db;

  // Which code to hand out and who heads that delegation.
  const head = await db.registration.findFirstOrThrow({
    where: {
      event: { slug: SLUG },
      role: "HEAD_OF_DELEGATION",
      status: "APPROVED",
      user: { disabledAt: null },
      delegation: { invitationCodes: { some: { active: true, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] } } },
    },
    orderBy: { delegation: { name: "asc" } },
    select: {
      user: { select: { email: true } },
      delegation: {
        select: {
          name: true,
          invitationCodes: { where: { active: true, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, select: { code: true }, take: 1 },
        },
      },
    },
  });
  const delegationName = head.delegation!.name;
  const invitationCode = head.delegation!.invitationCodes[0].code;

  const givenName = "ليلى";
  const familyName = uniqueArabicFamilyName();
  const fullName = `${givenName} ${familyName}`;
  const email = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = "olive trees by the atlas road";

  const delegateContext = await browser.newContext();
  const delegate = await delegateContext.newPage();

  await test.step("the delegate registers with the invitation code", async () => {
    await delegate.goto(`/events/${SLUG}/register`);
    await expect(delegate.getByRole("heading", { level: 1, name: /^Register for / })).toBeVisible();
    await delegate.getByLabel("Invitation code").fill(invitationCode);
    await delegate.getByLabel("Given name").fill(givenName);
    await delegate.getByLabel("Family name").fill(familyName);
    await delegate.getByLabel("Category").selectOption({ label: "Delegate" });
    await delegate.getByLabel("E-mail address").fill(email);
    await delegate.getByLabel("Preferred language").selectOption({ label: "English" });
    const spoken = delegate.getByRole("group", { name: "Languages spoken" });
    await spoken.getByRole("checkbox", { name: "Arabic" }).check();
    await spoken.getByRole("checkbox", { name: "English" }).check();
    await expect(delegate.getByRole("heading", { name: "Data protection notice" })).toBeVisible();
    await delegate.getByRole("checkbox", { name: /I have read the data protection notice/ }).check();
    await delegate.getByRole("button", { name: "Register", exact: true }).click();

    await expect(delegate).toHaveURL(new RegExp(`/events/${SLUG}/register\\?sent=1$`));
    await expect(delegate.getByRole("heading", { level: 1, name: "Check your e-mail" })).toBeVisible();
    await expect(delegate.getByRole("status")).toContainText("Follow the link in it to continue");
  });

  await test.step("the confirmation arrives by SMTP; its link sets a password and signs in", async () => {
    const mail = await mailbox.waitForMail(email, (m) => m.subject.startsWith("Confirm your registration for "));
    expect(mail.text).toContain(`Dear ${givenName}`);
    const link = /https?:\/\/\S+\/verify-email\/[a-z2-7]+/.exec(mail.text)?.[0];
    expect(link, mail.text).toBeTruthy();
    expect(new URL(link!).origin).toBe(new URL(plenary.url).origin);

    await delegate.goto(link!);
    await expect(delegate.getByRole("heading", { level: 1, name: "Confirm your e-mail address" })).toBeVisible();
    await expect(delegate.getByText(`Hello ${fullName}.`)).toBeVisible();
    await delegate.getByLabel("New password").fill(password);
    await delegate.getByLabel("Repeat the password").fill(password);
    await delegate.getByRole("button", { name: "Save password and sign in" }).click();

    await expect(delegate).toHaveURL(new RegExp(`/events/${SLUG}$`));
    await expect(delegate.getByRole("button", { name: "Sign out" })).toBeVisible();
    const status = delegate.getByRole("region", { name: "Your accreditation" });
    await expect(status.locator("[data-accreditation]")).toHaveAttribute("data-accreditation", "pending");
    await expect(status).toContainText("Pending");
    await expect(status).toContainText(`Delegation: ${delegationName}`);
  });

  await test.step("the head of the delegation endorses the new delegate", async () => {
    const page = await signIn(browser, head.user.email, DEMO_PASSWORD);
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "My delegation" }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${SLUG}/delegation$`));
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^Delegation of ${escapeRegExp(delegationName)}`) })).toBeVisible();

    const members = page.getByRole("table", { name: "Registrations of your delegation" });
    const row = members.getByRole("row").filter({ hasText: fullName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Not yet endorsed");
    await row.getByLabel("Note for the organisers (optional)").fill("Confirmed with our national office.");
    await row.getByRole("button", { name: `Endorse ${fullName}` }).click();

    await expect(page.getByRole("status")).toHaveText("Endorsement saved.");
    await expect(row.getByRole("cell", { name: "Endorsed", exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Pending", exact: true })).toBeVisible(); // the organisers decide
    await page.context().close();
  });

  await test.step("the delegate sees the endorsement while still pending", async () => {
    await delegate.reload();
    const status = delegate.getByRole("region", { name: "Your accreditation" });
    await expect(status.locator("[data-accreditation]")).toHaveAttribute("data-accreditation", "pending");
    await expect(status).toContainText("endorsed by your head of delegation");
  });

  await test.step("an organiser finds the person by name and approves", async () => {
    const page = await signIn(browser, ORGANISER, DEMO_PASSWORD);
    await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Accreditation queue" }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${SLUG}/admin/accreditation$`));

    const filters = page.getByRole("search", { name: "Filter registrations" });
    await filters.getByRole("searchbox", { name: "Name" }).fill(fullName);
    await filters.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/[?&]q=/);
    await expect(page.getByText("Registrations found: 1")).toBeVisible();

    const row = page.getByRole("table", { name: "Registrations", exact: true }).getByRole("row").filter({ hasText: fullName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(delegationName);
    await expect(row.getByRole("cell", { name: "Pending", exact: true })).toBeVisible();
    await expect(row.getByRole("cell", { name: "Endorsed", exact: true })).toBeVisible();
    await row.getByRole("link", { name: fullName }).click();

    await expect(page.getByRole("heading", { level: 1, name: fullName })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(page.getByRole("status")).toHaveText("Saved. The person has been notified by e-mail.");
    await expect(page.getByRole("definition").filter({ hasText: /^Approved/ })).toBeVisible();
    await page.context().close();
  });

  await test.step("the approval e-mail reaches the delegate", async () => {
    const mail = await mailbox.waitForMail(email, (m) => m.subject.startsWith("Your accreditation for "));
    expect(mail.subject).toMatch(/^Your accreditation for .+ is approved$/);
    expect(mail.text).toContain(`Dear ${fullName}`);
    expect(mail.text).toContain("has been approved: you are accredited");
    expect(mail.text).toContain(`${plenary.url}/events/${SLUG}`);
  });

  await test.step("signing in afresh, the delegate sees 'Accredited'", async () => {
    await delegateContext.close();
    const page = await signIn(browser, email, password);
    const status = page.getByRole("region", { name: "Your accreditation" });
    await expect(status.locator("[data-accreditation]")).toHaveAttribute("data-accreditation", "approved");
    await expect(status.getByText("Accredited", { exact: true })).toBeVisible();
    await expect(status).toContainText(`Delegation: ${delegationName}`);
    await page.context().close();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
