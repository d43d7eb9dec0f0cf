// Issue 6, rooms: an organiser adds a room through the form (the browser and the server check it
// with the same schema), is told when a name is taken, and cannot retire a room that still holds
// a session without confirming what happens to it.
import { createSession } from "../app/modules/demo/factories.server.ts";
import { expect, signInAsDemo, hydrated, test } from "./fixtures.ts";

const SLUG = "ga-93";

test("an organiser adds a room, is told a name is taken, and retires a room with a session only after confirming", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const name = `Riad Room ${Date.now().toString(36)}`;
  const page = await signInAsDemo(browser, plenary.url, "organiser@demo.plenary.test", `/events/${SLUG}/admin/rooms`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Rooms");
  await page.getByRole("link", { name: "Add a room" }).click();

  const form = page.locator("#room-form");
  await hydrated(page, "#room-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Name in Français").fill(`Salle ${name}`);
  await form.getByLabel("Building").fill("Palais des congrès");
  await form.getByLabel("Floor").fill("3");
  await form.getByLabel("Layout").selectOption({ label: "Boardroom" });
  await form.getByRole("group", { name: "Equipment" }).getByLabel("Projector").check();
  await form.getByRole("group", { name: "Equipment" }).getByLabel("Video link").check();
  await form.getByRole("group", { name: "Interpretation booths" }).getByLabel("Français").check();
  await form.getByLabel("Opens at").fill("08:00");
  await form.getByLabel("Closes at").fill("18:30");
  // Checked in the browser by the shared schema when the field is left: nothing is sent.
  await form.getByLabel("Capacity (people)").fill("0");
  await form.getByLabel("Capacity (people)").press("Tab");
  await expect(form.getByText("Give the capacity as a whole number from 1 to 100000.")).toBeVisible();
  await form.getByRole("button", { name: "Add the room" }).click();
  await expect(page).toHaveURL(/\/admin\/rooms\/new$/);

  await form.getByLabel("Capacity (people)").fill("24");
  await form.getByLabel("Capacity (people)").press("Tab");
  await expect(form.getByText("Give the capacity as a whole number from 1 to 100000.")).toHaveCount(0);
  await form.getByRole("button", { name: "Add the room" }).click();
  await expect(page.getByRole("status")).toHaveText("The room was added.");
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("24");
  await expect(row).toContainText("Projector, Video link");
  await expect(row).toContainText("Français");
  await expect(row).toContainText("08:00–18:30");
  const room = await db.room.findFirstOrThrow({ where: { name, event: { slug: SLUG } } });
  expect(room).toMatchObject({ names: { fr: `Salle ${name}` }, layout: "boardroom", stepFreeAccess: true, interpretationLanguages: ["fr"] });

  // A name another room has: the server answers 409 and the form says so at the name.
  await page.getByRole("link", { name: "Add a room" }).click();
  await hydrated(page, "#room-form");
  await form.getByLabel("Name", { exact: true }).fill("plenary hall");
  await form.getByLabel("Capacity (people)").fill("10");
  await form.getByLabel("Capacity (people)").press("Tab");
  await form.getByRole("button", { name: "Add the room" }).click();
  await expect(form.getByText("Another room of this event already has this name.")).toBeVisible();

  // The new room gets a session; retiring it is refused with the session listed.
  const event = await db.event.findUniqueOrThrow({ where: { slug: SLUG } });
  const startsAt = new Date(Date.now() + 26 * 3_600_000);
  await createSession(db, { eventId: event.id, kind: "SIDE_EVENT", published: false, roomId: room.id, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), texts: { en: { title: "Press briefing on e-evidence" } } });
  await page.goto(`${plenary.url}/events/${SLUG}/admin/rooms/${room.id}`);
  await expect(page.getByText("This room still holds 1 session. You will be asked to confirm what happens to it.")).toBeVisible();
  await page.getByRole("button", { name: "Retire the room" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("This room still holds 1 session that has not ended:");
  await expect(alert).toContainText("Press briefing on e-evidence");
  await expect(alert).toContainText("shows “room to be announced” until you move it");
  expect((await db.room.findUniqueOrThrow({ where: { id: room.id } })).retiredAt).toBeNull();

  await alert.getByRole("button", { name: "Retire and take 1 session out of the room" }).click();
  await expect(page.getByRole("status")).toHaveText("The room was retired.");
  await expect(page.getByRole("table", { name: "1 retired room" })).toContainText(name);
  expect((await db.room.findUniqueOrThrow({ where: { id: room.id } })).retiredAt).not.toBeNull();
  expect(await db.session.count({ where: { roomId: room.id } })).toBe(0);
  await page.context().close();
});
