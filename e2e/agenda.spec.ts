import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { expect, test } from "./fixtures.ts";

const SLUG = "ga-93";

test("the home page leads to the demo assembly and its agenda", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Plenary" })).toBeVisible();
  await page.getByRole("link", { name: /93rd General Assembly/ }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${SLUG}$`));
  await page.getByRole("navigation", { name: "Event sections" }).getByRole("link", { name: "Agenda" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${SLUG}/agenda`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("93rd General Assembly");
});

test("the agenda shows the demo sessions by day in the event's zone", async ({ page, plenary }) => {
  const event = await getPublishedEvent(plenary.services.db, SLUG);
  await page.goto(`/events/${SLUG}/agenda?day=${event.startsOn}`);
  await expect(page.getByText("Africa/Casablanca")).toBeVisible();
  const items = page.locator("li.session-item");
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeGreaterThan(10);
  // Four day tabs, the chosen one marked for assistive technology.
  const tabs = page.getByRole("navigation", { name: "Days" }).getByRole("link");
  await expect(tabs).toHaveCount(4);
  await expect(tabs.first()).toHaveAttribute("aria-current", "page");
  // Keyboard: the second day is reachable and opens with Enter.
  await tabs.nth(1).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/day=/);
  await expect(tabs.nth(1)).toHaveAttribute("aria-current", "page");
});

test("a status change made on the server appears live in two browsers", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const session = await db.session.findFirstOrThrow({
    where: { eventId: event.id, status: "SCHEDULED", published: true, kind: "WORKSHOP" },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true },
  });
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone }).format(session.startsAt);

  const contexts = await Promise.all([browser.newContext(), browser.newContext({ locale: "fr-FR" })]);
  const pages = await Promise.all(contexts.map((context) => context.newPage()));
  for (const page of pages) {
    await page.goto(`${plenary.url}/events/${SLUG}/agenda?day=${day}`);
    await expect(page.locator("[data-live-status=connected]")).toBeVisible();
  }
  const items = pages.map((page) => page.locator(`li[data-session-id="${session.id}"]`));
  await expect(items[0].locator("[data-status]")).toHaveAttribute("data-status", "scheduled");

  await changeSessionStatus(plenary.services, { kind: "system", reason: "e2e" }, event, session.id, { status: "delayed", delayMinutes: 20 });

  await expect(items[0].locator("[data-status]")).toHaveText("Delayed");
  await expect(items[0]).toContainText("Delayed by 20 minutes");
  await expect(items[1].locator("[data-status]")).toHaveText("Retardée");
  await expect(items[1]).toContainText("Retardée de 20 minutes");

  await changeSessionStatus(plenary.services, { kind: "system", reason: "e2e" }, event, session.id, { status: "cancelled" });
  for (const item of items) await expect(item.locator("[data-status]")).toHaveAttribute("data-status", "cancelled");
  // No reload happened: the page kept its live connection.
  for (const page of pages) await expect(page.locator("[data-live-status=connected]")).toBeVisible();
  await Promise.all(contexts.map((context) => context.close()));
});
