import ICAL from "ical.js";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { rescheduleSession } from "../app/modules/scheduling/reschedule.server.ts";
import { expect, signInAsDemo, test } from "./fixtures.ts";

const SLUG = "ga-93";

function readFeed(text: string) {
  return new ICAL.Component(ICAL.parse(text)).getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return { uid: event.uid, sequence: event.sequence, location: event.location, status: String(vevent.getFirstPropertyValue("status")) };
  });
}

test("a delegate filters the agenda, stars a session, sees it in my agenda, subscribes to the personal feed and a room change arrives with a higher SEQUENCE", async ({
  browser,
  plenary,
  playwright,
}) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const target = await db.session.findFirstOrThrow({
    where: { eventId: event.id, kind: "PLENARY", status: "SCHEDULED", published: true, roomId: { not: null } },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, roomId: true, sequence: true, texts: { where: { language: "en" }, select: { title: true } } },
  });
  const title = target.texts[0].title;
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone }).format(target.startsAt);
  const path = `/events/${SLUG}/agenda?day=${day}`;

  // delegate42 starts with nothing starred and no feed.
  const page = await signInAsDemo(browser, plenary.url, "delegate42@demo.plenary.test", path);
  const items = page.locator("li.session-item");
  await expect(items.first()).toBeVisible();
  const before = await items.count();

  // Filter: the plain GET form (kind + text search), submitted from the keyboard.
  const filters = page.getByRole("search", { name: "Filter the agenda" });
  await filters.getByLabel("Kind").selectOption("plenary");
  await filters.getByLabel("Search titles and speakers").fill(title);
  await filters.getByLabel("Search titles and speakers").press("Enter");
  await expect(page).toHaveURL(/kind=plenary/);
  const row = page.locator(`li[data-session-id="${target.id}"]`);
  await expect(row).toBeVisible();
  expect(await items.count()).toBeLessThan(before);
  await expect(page.getByRole("status").filter({ hasText: /match/ })).toBeVisible();

  // Star it.
  const star = row.getByRole("button", { name: `Add to my agenda: ${title}` });
  await expect(star).toHaveAttribute("aria-pressed", "false");
  await star.click();
  await expect(star).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => db.sessionStar.count({ where: { sessionId: target.id } })).toBeGreaterThan(0);

  // After hydration the page still shows the server's wall-clock time in the event's zone, not the
  // browser's own idea of the zone (Chromium's tz data may differ from the server's).
  const serverTime = new Intl.DateTimeFormat("en-GB", { timeZone: event.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(target.startsAt);
  await expect(row.locator("time").first()).toHaveText(serverTime);

  // My agenda shows it.
  await page.getByRole("link", { name: "My agenda" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/events/${SLUG}/my-agenda`));
  await expect(page.locator(`li[data-session-id="${target.id}"]`)).toContainText(title);
  await expect(page.locator(`li[data-session-id="${target.id}"]`)).toContainText("Starred");
  await expect(page.locator(`li[data-session-id="${target.id}"] time`).first()).toHaveText(serverTime);

  // Create the personal feed and read it as a calendar app would (no cookie, only the secret address).
  await page.getByRole("button", { name: "Create my calendar feed" }).click();
  const address = page.getByLabel("Your private feed address");
  await expect(address).toHaveValue(new RegExp(`/events/${SLUG}/feeds/.+\\.ics$`));
  const feedUrl = await address.inputValue();
  const calendarApp = await playwright.request.newContext();
  const first = await calendarApp.get(feedUrl);
  expect(first.status()).toBe(200);
  const firstEvents = readFeed(await first.text());
  const mine = firstEvents.find((e) => e.uid === `${target.id}@plenary`)!;
  expect(mine).toBeTruthy();
  const oldRoom = await db.room.findUniqueOrThrow({ where: { id: target.roomId! }, select: { name: true } });
  expect(mine.location).toBe(oldRoom.name);

  // The demo organiser moves the session to another room through the scheduling domain function
  // (the one behind the grid and the PATCH API). A room that is free around that slot (with a margin for the changeover buffer), so the move is valid.
  const margin = 30 * 60_000;
  const newRoom = await db.room.findFirstOrThrow({
    where: {
      eventId: event.id,
      id: { not: target.roomId! },
      retiredAt: null,
      sessions: { none: { status: { not: "CANCELLED" }, startsAt: { lt: new Date(target.endsAt.getTime() + margin) }, endsAt: { gt: new Date(target.startsAt.getTime() - margin) } } },
    },
    orderBy: { capacity: "desc" },
    select: { id: true, name: true },
  });
  const organiser = await db.user.findUniqueOrThrow({ where: { email: "organiser@demo.plenary.test" }, select: { id: true } });
  const organiserActor = { kind: "user", userId: organiser.id } as const;
  await rescheduleSession(plenary.services, organiserActor, event, target.id, { roomId: newRoom.id, overrideReason: "e2e: a larger room" });
  try {
    const second = readFeed(await (await calendarApp.get(feedUrl)).text()).find((e) => e.uid === `${target.id}@plenary`)!;
    expect(second.location).toBe(newRoom.name);
    expect(second.sequence).toBeGreaterThan(mine.sequence);

    // Stopping the feed kills the address.
    await page.getByRole("button", { name: "Stop my calendar feed" }).click();
    await expect(page.getByRole("button", { name: "Create my calendar feed" })).toBeVisible();
    expect((await calendarApp.get(feedUrl)).status()).toBe(404);
  } finally {
    // Leave the shared demo data as other tests expect it.
    await rescheduleSession(plenary.services, organiserActor, event, target.id, { roomId: target.roomId!, status: "scheduled", overrideReason: "e2e: back to its room" });
    await calendarApp.dispose();
    await page.context().close();
  }
});
