import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { changeCapacity } from "../app/modules/workshops/signup.server.ts";
import type { Browser, Page } from "@playwright/test";
import { expect, signInAsDemo, test } from "./fixtures.ts";

const SLUG = "ga-93";

/** A demo delegate signed in (in English) in a fresh browser context, on `path`, hydrated and live. */
async function signedInPage(browser: Browser, baseUrl: string, email: string, path: string): Promise<Page> {
  const page = await signInAsDemo(browser, baseUrl, email, path);
  await expect(page.locator("[data-live-status=connected]")).toBeVisible();
  return page;
}

test("a delegate signs up for a workshop and cancels; the seat count moves live on another open page", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const workshops = await db.session.findMany({
    where: { eventId: event.id, kind: "WORKSHOP", status: "SCHEDULED", published: true, capacity: { gte: 10 } },
    select: { id: true, capacity: true, _count: { select: { signups: { where: { status: "CONFIRMED" } } } } },
    orderBy: { startsAt: "asc" },
  });
  const workshop = workshops.find((w) => w._count.signups < (w.capacity ?? 0) - 1)!;
  const taken = workshop._count.signups;
  const sessionUrl = `${plenary.url}/events/${SLUG}/sessions/${workshop.id}`;

  // Someone just watching the session page, not signed in.
  const observer = await (await browser.newContext()).newPage();
  await observer.goto(sessionUrl);
  await expect(observer.locator("[data-live-status=connected]")).toBeVisible();
  const seats = observer.locator("dd.seats");
  await expect(seats).toHaveText(`${taken} of ${workshop.capacity} seats taken`);

  // delegate1 holds no sign-ups in the demo data (only delegate601 and above do).
  const page = await signedInPage(browser, plenary.url, "delegate1@demo.plenary.test", new URL(sessionUrl).pathname);

  const panel = page.getByRole("region", { name: "Sign-up" });
  // The demo's sign-up window closes on the last morning, shown in the event's time.
  await expect(panel).toContainText(/Sign-up open until .+ \(event time\)/);
  await panel.getByRole("button", { name: "Sign up" }).click();
  await expect(panel.getByRole("status")).toHaveText("You have a confirmed seat.");
  await expect(seats).toHaveText(`${taken + 1} of ${workshop.capacity} seats taken`);

  await panel.getByRole("button", { name: "Cancel my place" }).click();
  await expect(panel.getByRole("button", { name: "Sign up" })).toBeVisible();
  await expect(seats).toHaveText(`${taken} of ${workshop.capacity} seats taken`);
  await page.context().close();
  await observer.context().close();
});

test("a second delegate waits, the first cancels, the second is promoted and the third moves up, live", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  // A workshop nobody from delegate2's or delegate3's delegations is in (so no delegation cap
  // interferes); leave exactly one seat free.
  const delegations = await db.registration.findMany({
    where: { eventId: event.id, user: { email: { in: ["delegate2@demo.plenary.test", "delegate3@demo.plenary.test", "delegate4@demo.plenary.test"] } } },
    select: { delegationId: true },
  });
  const candidates = await db.session.findMany({
    where: {
      eventId: event.id,
      kind: "WORKSHOP",
      status: "SCHEDULED",
      published: true,
      capacity: { gte: 5 },
      signups: { none: { delegationId: { in: delegations.map((d) => d.delegationId!) }, status: { not: "CANCELLED" } } },
    },
    select: { id: true, capacity: true, _count: { select: { signups: { where: { status: "CONFIRMED" } } } } },
    orderBy: { startsAt: "desc" },
  });
  const workshop = candidates.find((w) => w._count.signups < (w.capacity ?? 0) - 1)!;
  await changeCapacity(plenary.services, { kind: "system", reason: "e2e" }, event, workshop.id, workshop._count.signups + 1);
  const sessionPath = `/events/${SLUG}/sessions/${workshop.id}`;

  const first = await signedInPage(browser, plenary.url, "delegate2@demo.plenary.test", sessionPath);
  const second = await signedInPage(browser, plenary.url, "delegate3@demo.plenary.test", sessionPath);
  const third = await signedInPage(browser, plenary.url, "delegate4@demo.plenary.test", sessionPath);
  const firstPanel = first.getByRole("region", { name: "Sign-up" });
  const secondPanel = second.getByRole("region", { name: "Sign-up" });
  const thirdPanel = third.getByRole("region", { name: "Sign-up" });

  await firstPanel.getByRole("button", { name: "Sign up" }).click();
  await expect(firstPanel.getByRole("status")).toHaveText("You have a confirmed seat.");
  // The last seat is gone: the second delegate's page offers the waitlist without a reload.
  await expect(secondPanel.getByRole("button", { name: "Join the waitlist" })).toBeVisible();
  await secondPanel.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(secondPanel.getByRole("status")).toHaveText("You are number 1 on the waitlist.");
  await thirdPanel.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(thirdPanel.getByRole("status")).toHaveText("You are number 2 on the waitlist.");

  await firstPanel.getByRole("button", { name: "Cancel my place" }).click();
  await expect(firstPanel.getByRole("button", { name: /Sign up|Join the waitlist/ })).toBeVisible();
  // Promoted: the second page learns it live (no reload, no click).
  await expect(secondPanel.getByRole("status")).toHaveText("You have a confirmed seat.");
  // …and the one behind moves up, also without a reload.
  await expect(thirdPanel.getByRole("status")).toHaveText("You are number 1 on the waitlist.");
  for (const page of [first, second, third]) await page.context().close();
});

test("a clash is named and the seat can be switched in one step", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const email = "delegate5@demo.plenary.test";
  const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, user: { email } }, select: { id: true, delegationId: true } });
  const open = await db.session.findMany({
    where: {
      eventId: event.id,
      kind: "WORKSHOP",
      status: "SCHEDULED",
      published: true,
      capacity: { gte: 5 },
      signups: { none: { delegationId: registration.delegationId, status: { not: "CANCELLED" } } },
    },
    select: { id: true, startsAt: true, capacity: true, texts: { where: { language: "en" }, select: { title: true } }, _count: { select: { signups: { where: { status: "CONFIRMED" } } } } },
    orderBy: { startsAt: "asc" },
  });
  // Two workshops at the same time, both with free seats.
  const roomy = open.filter((w) => w._count.signups < (w.capacity ?? 0) - 1);
  const sameSlot = roomy.map((w) => roomy.filter((o) => o.startsAt.getTime() === w.startsAt.getTime())).find((group) => group.length >= 2)!;
  const [first, second] = sameSlot;

  const page = await signedInPage(browser, plenary.url, email, `/events/${SLUG}/sessions/${first.id}`);
  const panel = page.getByRole("region", { name: "Sign-up" });
  await panel.getByRole("button", { name: "Sign up" }).click();
  await expect(panel.getByRole("status")).toHaveText("You have a confirmed seat.");

  await page.goto(`${plenary.url}/events/${SLUG}/sessions/${second.id}`);
  await expect(page.locator("[data-live-status=connected]")).toBeVisible(); // hydrated
  await panel.getByRole("button", { name: "Sign up" }).click();
  await expect(panel.getByRole("alert")).toContainText(first.texts[0].title);
  await panel.getByRole("button", { name: `Switch from “${first.texts[0].title}”` }).click();
  await expect(panel.getByRole("status")).toHaveText("You have a confirmed seat.");
  const seats = await db.workshopSignup.findMany({ where: { registrationId: registration.id, status: "CONFIRMED" }, select: { sessionId: true } });
  expect(seats.map((s) => s.sessionId)).toEqual([second.id]);
  await page.context().close();
});
