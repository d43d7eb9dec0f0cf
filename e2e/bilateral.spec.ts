// Issue 6, "Done when": a bilateral is requested, accepted and booked into a room and appears for
// both delegations only. Walked through the UI; the database is read only to learn which demo
// heads lead which delegations and the event's last day.
import { dbDateToDate, zonedWallTimeToUtc } from "../app/lib/zoned-time.ts";
import { expect, signInAsDemo, hydrated, test } from "./fixtures.ts";

const SLUG = "ga-93";

test("head A requests, head B accepts, an organiser books a suggested room; both heads see it, a third head does not", async ({ browser, plenary }) => {
  test.setTimeout(120_000);
  const db = plenary.services.db;
  const event = await db.event.findUniqueOrThrow({ where: { slug: SLUG } });
  const headOf = async (email: string) => {
    const r = await db.registration.findFirstOrThrow({ where: { eventId: event.id, user: { email }, role: "HEAD_OF_DELEGATION", status: "APPROVED" }, select: { delegation: { select: { name: true } } } });
    return { email, delegation: r.delegation!.name };
  };
  const [a, b, c] = [await headOf("head11@demo.plenary.test"), await headOf("head12@demo.plenary.test"), await headOf("head13@demo.plenary.test")];
  const topic = `Cross-border e-evidence ${Date.now().toString(36)}`;
  const lastDay = dbDateToDate(event.endsOn);
  const path = `/events/${SLUG}/bilaterals`;

  const pageA = await signInAsDemo(browser, plenary.url, a.email, path);
  await test.step("head A requests a meeting with B", async () => {
    const form = pageA.locator("form").filter({ has: pageA.getByRole("button", { name: "Send the request" }) });
    await hydrated(pageA, "main form");
    await form.getByRole("combobox", { name: "Delegation", exact: true }).selectOption({ label: b.delegation });
    await form.getByLabel("Topic", { exact: true }).fill(topic);
    await form.getByLabel("People attending (both delegations together)").fill("6");
    const first = form.getByRole("group", { name: "Choice 1", exact: true });
    await first.getByRole("combobox", { name: "Day", exact: true }).selectOption(lastDay);
    await first.getByLabel("From", { exact: true }).fill("13:00");
    await first.getByLabel("To", { exact: true }).fill("13:45");
    await form.getByRole("button", { name: "Send the request" }).click();
    await expect(pageA.getByRole("status")).toHaveText("Your request was sent.");
    await expect(pageA.getByRole("listitem").filter({ hasText: topic })).toContainText(`To ${b.delegation}`);
  });

  const pageB = await signInAsDemo(browser, plenary.url, b.email, path);
  await test.step("head B accepts", async () => {
    const request = pageB.getByRole("article", { name: `${a.delegation}: “${topic}”` });
    await expect(request).toContainText("6 people");
    await request.getByRole("button", { name: "Accept" }).click();
    await expect(pageB.getByRole("status")).toHaveText("You accepted the meeting. The organisers will book a room.");
    await expect(pageB.getByRole("table", { name: "Meetings" }).getByRole("row").filter({ hasText: topic })).toContainText("Accepted, waiting for a room");
  });

  let roomName = "";
  await test.step("an organiser books the first suggested room", async () => {
    const organiser = await signInAsDemo(browser, plenary.url, "organiser@demo.plenary.test", `/events/${SLUG}/admin/bilaterals`);
    const meeting = organiser.getByRole("article", { name: `${topic} · ${a.delegation} – ${b.delegation}` });
    const rooms = meeting.getByLabel("Free rooms that fit");
    roomName = ((await rooms.locator("option:checked").textContent()) ?? "").replace(/ \(\d+ seats\)$/, "");
    expect(roomName).not.toBe("");
    await meeting.getByRole("button", { name: "Book this room" }).click();
    await expect(organiser.getByRole("status")).toHaveText("The meeting was booked. Both delegations can see it.");
    await expect(organiser.getByRole("row").filter({ hasText: topic })).toContainText(roomName);
    await organiser.context().close();
  });

  await test.step("both heads see it booked, in that room", async () => {
    for (const page of [pageA, pageB]) {
      await page.reload();
      const row = page.getByRole("table", { name: "Meetings" }).getByRole("row").filter({ hasText: topic });
      await expect(row).toContainText(roomName);
      await expect(row).toContainText("Booked");
      // At the wished wall time, on the server-rendered page and after hydration alike: Node runs on
      // the patched tz data (Morocco UTC+0 from 2026-09-20, decision 010) like Chromium does.
      await hydrated(page, "main form");
      await expect(row).toContainText("13:00");
      await expect(row).toContainText("13:45");
    }
    // And in the database: the wished wall time in the event's zone.
    const meeting = await db.bilateralMeeting.findFirstOrThrow({ where: { topic }, select: { session: { select: { startsAt: true, endsAt: true, published: true } } } });
    expect(meeting.session).toEqual({ startsAt: zonedWallTimeToUtc(lastDay, "13:00", event.timeZone), endsAt: zonedWallTimeToUtc(lastDay, "13:45", event.timeZone), published: false });
  });

  await test.step("a third head does not see that it exists", async () => {
    const pageC = await signInAsDemo(browser, plenary.url, c.email, path);
    await expect(pageC.getByRole("heading", { level: 1 })).toContainText(c.delegation);
    await expect(pageC.getByText(topic)).toHaveCount(0);
    await expect(pageC.locator("body")).not.toContainText(topic);
    await pageC.context().close();
  });

  // The public agenda never shows it.
  const agenda = await fetch(`${plenary.url}/events/${SLUG}/agenda?day=${lastDay}`).then((r) => r.text());
  expect(agenda).not.toContain(topic);
  expect(agenda).not.toContain(`${a.delegation} – ${b.delegation}`);
  await pageA.context().close();
  await pageB.context().close();
});
