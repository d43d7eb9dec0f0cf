import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { expect, test } from "./fixtures.ts";

const SLUG = "ga-93";

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
  const context = await browser.newContext();
  await context.addCookies([{ name: "plenary_lang", value: "en", url: plenary.url }]);
  const page = await context.newPage();
  await page.goto(`${plenary.url}/login?redirectTo=${encodeURIComponent(`/events/${SLUG}/sessions/${workshop.id}`)}`);
  await page.getByLabel("E-mail address").fill("delegate1@demo.plenary.test");
  await page.getByLabel("Password").fill("plenary-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(sessionUrl);

  const panel = page.getByRole("region", { name: "Sign-up" });
  await panel.getByRole("button", { name: "Sign up" }).click();
  await expect(panel.getByRole("status")).toHaveText("You have a confirmed seat.");
  await expect(seats).toHaveText(`${taken + 1} of ${workshop.capacity} seats taken`);

  await panel.getByRole("button", { name: "Cancel my place" }).click();
  await expect(panel.getByRole("button", { name: "Sign up" })).toBeVisible();
  await expect(seats).toHaveText(`${taken} of ${workshop.capacity} seats taken`);
  await context.close();
  await observer.context().close();
});
