// Issue 6, "Done when": an organiser moves a workshop on the grid to a smaller room and is warned
// about the sign-ups, overrides with a reason; a double booking is refused.
import { createRoom, createSession, createSignup } from "../app/modules/demo/factories.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { zonedWallTimeToUtc } from "../app/lib/zoned-time.ts";
import type { Browser, Page } from "@playwright/test";
import { expect, signInAsDemo, test } from "./fixtures.ts";

const SLUG = "ga-93";
const ORGANISER = "organiser@demo.plenary.test";

/** The demo organiser (a demo account: password only) signed in, in English, on `path`. */
async function organiserPage(browser: Browser, baseUrl: string, path: string): Promise<Page> {
  return signInAsDemo(browser, baseUrl, ORGANISER, path, { viewport: { width: 1440, height: 1300 } });
}

test("an organiser moves a workshop on the grid into a smaller room with a reason; a double booking is refused", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  // The last day: "now" and "next" (today, the first day) stay as the demo has them for other tests.
  const day = event.endsOn;
  const at = (time: string) => zonedWallTimeToUtc(day, time, event.timeZone);
  // Rooms of this test only, so the demo programme does not get in the way; named to come first
  // (rooms are in name order), so both columns are in view for the drag.
  const hall = await createRoom(db, { eventId: event.id, name: "A-E2E Hall", capacity: 100, opensAt: "07:00", closesAt: "22:00" });
  const small = await createRoom(db, { eventId: event.id, name: "A-E2E Small", capacity: 5, opensAt: "07:00", closesAt: "22:00" });
  const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 8, roomId: hall.id, startsAt: at("10:00"), endsAt: at("11:00"), texts: { en: { title: "Grid move workshop" } } });
  for (let i = 0; i < 8; i++) await createSignup(db, { sessionId: workshop.id });
  await createSession(db, { eventId: event.id, kind: "PLENARY", roomId: small.id, startsAt: at("14:00"), endsAt: at("15:00"), texts: { en: { title: "Small room briefing" } } });

  const page = await organiserPage(browser, plenary.url, `/events/${SLUG}/admin/schedule?day=${day}`);
  await expect(page.locator("section[data-hydrated=true]")).toBeVisible();

  await test.step("drag the workshop into the small room: warned about the sign-ups, moved with a reason", async () => {
    const block = page.getByTestId(`block-${workshop.id}`);
    await expect(block).toContainText("Grid move workshop");
    await expect(block).toContainText("8/8 seats");
    // Bring both columns into view in the grid's scroll area (other tests may add rooms before them).
    const target = page.getByTestId("cell-A-E2E Small-12:00");
    await target.scrollIntoViewIfNeeded();
    await block.scrollIntoViewIfNeeded();
    await block.dragTo(target);
    const conflicts = page.getByTestId("conflicts");
    await expect(conflicts).toContainText("8 people hold a seat, but A-E2E Small seats only 5.");
    await expect(conflicts.locator("[data-conflict=signups_exceed_room][data-hard=false]")).toBeVisible();
    await page.getByLabel("Reason for going ahead despite the warnings").fill("Extra chairs from the store room");
    await page.getByRole("button", { name: "Move it anyway" }).click();
    await expect(page.getByTestId("move-done")).toHaveText("Moved “Grid move workshop”.");
    const moved = await db.session.findUniqueOrThrow({ where: { id: workshop.id } });
    expect(moved.roomId).toBe(small.id);
    expect(moved.startsAt.toISOString()).toBe(at("12:00").toISOString());
    expect(moved.endsAt.toISOString()).toBe(at("13:00").toISOString());
    const audit = await db.auditLog.findFirst({ where: { targetId: workshop.id, action: "session.rescheduled" } });
    expect(audit?.data).toMatchObject({ overrideReason: "Extra chairs from the store room" });
    // The grid shows it in its new place.
    await expect(block).toContainText("12:00–13:00");
  });

  await test.step("with the keyboard form, a move onto the briefing is refused as a double booking", async () => {
    const form = page.getByRole("form", { name: "Move a session" });
    await form.getByLabel("Session").selectOption({ label: `12:00 · Grid move workshop · A-E2E Small` });
    await form.getByLabel("To room").selectOption({ label: "A-E2E Small (5 seats)" });
    await form.getByLabel("Start", { exact: true }).fill("14:30");
    await form.getByLabel("End", { exact: true }).fill("15:30");
    await form.getByRole("button", { name: "Check the move" }).click();
    const conflicts = page.getByTestId("conflicts");
    await expect(conflicts.locator("[data-conflict=room_booked][data-hard=true]")).toContainText("A-E2E Small is already booked");
    await expect(conflicts).toContainText("Small room briefing");
    await expect(page.getByRole("button", { name: /^Move it/ })).toHaveCount(0);
    const unchanged = await db.session.findUniqueOrThrow({ where: { id: workshop.id } });
    expect(unchanged.startsAt.toISOString()).toBe(at("12:00").toISOString());
  });

  await page.context().close();
});

test("an organiser edits a session in French and Arabic; the agenda shows the reader's language", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  // A session of this test's own, so other tests keep the demo programme as it was.
  const session = await createSession(db, {
    eventId: event.id,
    kind: "PLENARY",
    startsAt: zonedWallTimeToUtc(event.endsOn, "21:00", event.timeZone),
    endsAt: zonedWallTimeToUtc(event.endsOn, "21:30", event.timeZone),
    texts: { en: { title: "Evening briefing" }, fr: { title: "Point du soir" } },
  });
  const page = await organiserPage(browser, plenary.url, `/events/${SLUG}/admin/sessions/${session.id}`);
  const french = page.getByRole("group", { name: "French" });
  const arabic = page.getByRole("group", { name: "Arabic" });

  await test.step("the shared schema explains a wrong time before anything is sent", async () => {
    await page.getByLabel("End", { exact: true }).fill("08:00");
    await page.getByLabel("Start", { exact: true }).fill("09:00");
    await page.getByLabel("End", { exact: true }).fill("08:30");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("The end must be after the start.")).toBeVisible();
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).updatedAt).toEqual(session.updatedAt);
    await page.reload();
  });

  await test.step("new French and Arabic titles are saved", async () => {
    await french.getByLabel("Title").fill("Séance d'ouverture (nouveau titre)");
    await arabic.getByLabel("Title").fill("الجلسة الافتتاحية (عنوان جديد)");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    const texts = await db.sessionText.findMany({ where: { sessionId: session.id } });
    expect(Object.fromEntries(texts.map((t) => [t.language, t.title]))).toMatchObject({ fr: "Séance d'ouverture (nouveau titre)", ar: "الجلسة الافتتاحية (عنوان جديد)" });
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).sequence).toBe(session.sequence + 1);
  });

  await test.step("a French reader sees the French title on the public page", async () => {
    const reader = await browser.newContext();
    await reader.addCookies([{ name: "plenary_lang", value: "fr", url: plenary.url }]);
    const publicPage = await reader.newPage();
    await publicPage.goto(`${plenary.url}/events/${SLUG}/sessions/${session.id}`);
    await expect(publicPage.getByRole("heading", { level: 1 })).toHaveText("Séance d'ouverture (nouveau titre)");
    await reader.close();
  });
  await page.context().close();
});

test("an organiser creates a side event with a guest speaker, checks it, and saves over a warning with a reason", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const room = await createRoom(db, { eventId: event.id, name: "A-E2E Annex", capacity: 30, opensAt: "07:00", closesAt: "22:00", interpretationLanguages: ["fr"] });
  const page = await organiserPage(browser, plenary.url, `/events/${SLUG}/admin/sessions/new`);
  await page.getByLabel("Kind").selectOption({ label: "Side event" });
  await page.getByRole("group", { name: "English" }).getByLabel("Title").fill("Annex side event");
  await page.getByRole("group", { name: "Speaker 1" }).getByLabel("Name (guest)").fill("Dr Leila Haddad");
  await page.getByRole("group", { name: "Speaker 1" }).getByLabel("Affiliation").fill("University of Rabat");
  await page.getByLabel("Room").selectOption({ label: "A-E2E Annex (30 seats)" });
  await page.getByLabel("Day").selectOption(event.endsOn);
  await page.getByLabel("Start", { exact: true }).fill("18:00");
  await page.getByLabel("End", { exact: true }).fill("19:00");
  await page.getByRole("group", { name: "Interpretation into" }).getByLabel("French").check();
  await page.getByLabel("Published on the agenda").check();
  await page.getByLabel(/^Capacity/).fill("25");
  await page.getByRole("button", { name: "Check for conflicts" }).click();
  await expect(page.getByTestId("conflicts")).toHaveText("No conflicts: this can be saved as it is.");
  // More seats than the room has: saving is refused with the warning, the form keeps what was typed…
  await page.getByLabel(/^Capacity/).fill("50");
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page.getByTestId("conflicts").locator("[data-conflict=capacity_exceeds_room]")).toContainText("The session offers 50 seats, but A-E2E Annex seats only 30.");
  await expect(page.getByRole("group", { name: "English" }).getByLabel("Title")).toHaveValue("Annex side event");
  // …and accepted with a reason.
  await page.getByLabel("Reason for going ahead despite the warnings").fill("Standing room at the back");
  await page.getByRole("button", { name: "Create session" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop()!;
  const created = await db.session.findUniqueOrThrow({ where: { id }, include: { speakers: true, texts: true } });
  expect(created).toMatchObject({ kind: "SIDE_EVENT", roomId: room.id, published: true, interpretationLanguages: ["fr"], capacity: 50 });
  const audit = await db.auditLog.findFirst({ where: { targetId: id, action: "session.created" } });
  expect(audit?.data).toMatchObject({ overrideReason: "Standing room at the back", overridden: [{ code: "capacity_exceeds_room" }] });
  expect(created.startsAt.toISOString()).toBe(zonedWallTimeToUtc(event.endsOn, "18:00", event.timeZone).toISOString());
  expect(created.speakers.map((s) => [s.name, s.affiliation, s.userId])).toEqual([["Dr Leila Haddad", "University of Rabat", null]]);
  await page.context().close();
});
