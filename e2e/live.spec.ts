import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import jsQR from "jsqr";
import QRCode from "qrcode";
import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import { getOwnBadge } from "../app/modules/checkin/checkin.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { expect, signInAsDemo, test } from "./fixtures.ts";

const SLUG = "ga-93";

test("an organiser delays one session and moves another: two open agendas follow without a reload", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const candidates = await db.session.findMany({
    where: { eventId: event.id, status: "SCHEDULED", published: true, kind: { not: "BILATERAL" }, roomId: { not: null }, delayMinutes: 0 },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, roomId: true },
    take: 20,
  });
  const day = (at: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone }).format(at);
  const [delayed, moved] = candidates.filter((s) => day(s.startsAt) === day(candidates[0].startsAt));
  // A room free around the moved session's slot (a margin for the changeover buffer): a valid move.
  const margin = 30 * 60_000;
  const newRoom = await db.room.findFirstOrThrow({
    where: {
      eventId: event.id,
      retiredAt: null,
      id: { not: moved.roomId! },
      sessions: { none: { status: { not: "CANCELLED" }, startsAt: { lt: new Date(moved.endsAt.getTime() + margin) }, endsAt: { gt: new Date(moved.startsAt.getTime() - margin) } } },
    },
    orderBy: { capacity: "desc" },
    select: { id: true, name: true },
  });
  // The organiser acts through the organisers' JSON API, signed in like in a browser.
  const organiser = await signInAsDemo(browser, plenary.url, "organiser@demo.plenary.test", `/events/${SLUG}`);
  const patch = (sessionId: string, data: Record<string, unknown>) =>
    organiser.request.patch(`${plenary.url}/api/events/${SLUG}/sessions/${sessionId}`, { data, headers: { Origin: plenary.url } });

  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  for (const context of contexts) await context.addCookies([{ name: "plenary_lang", value: "en", url: plenary.url }]);
  const pages = await Promise.all(contexts.map((context) => context.newPage()));
  for (const page of pages) {
    await page.goto(`${plenary.url}/events/${SLUG}/agenda?day=${day(delayed.startsAt)}`);
    await expect(page.locator("[data-live-status=connected]")).toBeVisible();
    // A marker that a reload would wipe out.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }

  const delay = await patch(delayed.id, { status: "delayed", delayMinutes: 15 });
  expect(delay.status(), await delay.text()).toBe(200);
  // Soft conflicts (opening hours, booths) may apply to the chosen room: the organiser states why.
  const move = await patch(moved.id, { roomId: newRoom.id, overrideReason: "Larger room for the expected audience" });
  expect(move.status(), await move.text()).toBe(200);
  expect((await move.json()).session.room).toEqual({ id: newRoom.id, name: newRoom.name });

  for (const page of pages) {
    const delayedItem = page.locator(`li[data-session-id="${delayed.id}"]`);
    await expect(delayedItem.locator("[data-status]")).toHaveAttribute("data-status", "delayed");
    await expect(delayedItem).toContainText("Delayed by 15 minutes");
    const movedItem = page.locator(`li[data-session-id="${moved.id}"]`);
    await expect(movedItem.locator(".room")).toHaveText(`Moved to ${newRoom.name}`);
    await expect(movedItem.locator("[data-status]")).toHaveAttribute("data-status", "moved");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }
  await Promise.all([...contexts, organiser.context()].map((context) => context.close()));
});

test("a badge QR, decoded from its image, checks a delegate in through the scanner; the attendance feed shows the arrival", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const delegate = await db.user.findUniqueOrThrow({ where: { email: "delegate7@demo.plenary.test" }, select: { givenName: true, familyName: true } });
  const name = `${delegate.givenName} ${delegate.familyName}`;

  // The organiser watches the attendance feed (live, no reload).
  const feed = await signInAsDemo(browser, plenary.url, "organiser@demo.plenary.test", `/events/${SLUG}/admin/attendance`);
  await expect(feed.locator("[data-live-status=connected]")).toBeVisible();
  await expect(feed.getByTestId("arrivals")).not.toContainText(name);

  // The delegate's badge: decode the QR from the rendered image's pixels.
  const badge = await signInAsDemo(browser, plenary.url, "delegate7@demo.plenary.test", `/events/${SLUG}/badge`);
  const image = badge.getByTestId("badge-qr");
  await expect(image).toBeVisible();
  const pixels = await image.evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, data: Array.from(data.data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
  expect(decoded?.data).toMatch(/^PB1\./);

  // Check-in staff paste what the QR holds into the scanner's manual entry.
  const scanner = await signInAsDemo(browser, plenary.url, "checkin@demo.plenary.test", `/events/${SLUG}/checkin`);
  await scanner.getByLabel("Badge code").fill(decoded!.data);
  await scanner.getByRole("button", { name: "Check in" }).click();
  await expect(scanner.getByRole("status").filter({ hasText: "Checked in" })).toBeVisible();
  await expect(scanner.getByTestId("scan-name")).toHaveText(name);

  await expect(feed.getByTestId("arrivals")).toContainText(name);

  // The same badge again: "already checked in at HH:MM" (event zone). The field empties itself
  // after each answer: wait for that before typing, or the typing may be wiped.
  await expect(scanner.getByLabel("Badge code")).toHaveValue("");
  await scanner.getByLabel("Badge code").fill(decoded!.data);
  await scanner.getByRole("button", { name: "Check in" }).click();
  await expect(scanner.locator("[data-scan-result=already]")).toContainText(/Already checked in at \d{2}:\d{2}/);

  // A forged code is refused loudly.
  await expect(scanner.getByLabel("Badge code")).toHaveValue("");
  const middle = Math.floor(decoded!.data.length / 2);
  const forged = `${decoded!.data.slice(0, middle)}${decoded!.data[middle] === "A" ? "B" : "A"}${decoded!.data.slice(middle + 1)}`;
  await scanner.getByLabel("Badge code").fill(forged);
  await scanner.getByRole("button", { name: "Check in" }).click();
  await expect(scanner.getByRole("alert")).toContainText("REFUSED");

  for (const page of [feed, badge, scanner]) await page.context().close();
});

test("an organiser's announcement reaches an open agenda as a banner and a venue screen; the screen follows a delay", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  // A room with something on now or next (the demo assembly starts today in the event's zone).
  const upcoming = await db.session.findFirstOrThrow({
    where: { eventId: event.id, published: true, kind: { not: "BILATERAL" }, status: { in: ["SCHEDULED", "LIVE"] }, roomId: { not: null }, endsAt: { gt: new Date() } },
    orderBy: { startsAt: "asc" },
    select: { roomId: true },
  });

  const context = await browser.newContext();
  await context.addCookies([{ name: "plenary_lang", value: "en", url: plenary.url }]);
  const agenda = await context.newPage();
  await agenda.goto(`${plenary.url}/events/${SLUG}/agenda`);
  await expect(agenda.locator("[data-live-status=connected]")).toBeVisible();
  const screen = await context.newPage();
  await screen.goto(`${plenary.url}/events/${SLUG}/screens/${upcoming.roomId}`);
  await expect(screen.locator(".screen[data-live-status=connected]")).toBeVisible();
  const shown = screen.locator(".screen-slot[data-session-id]").first();
  const shownId = await shown.getAttribute("data-session-id");

  const organiser = await signInAsDemo(browser, plenary.url, "organiser@demo.plenary.test", `/events/${SLUG}/admin/announcements`);
  await organiser.getByLabel("Message in English").fill("The plenary resumes at 15:00 in Hall A.");
  await organiser.getByRole("button", { name: "Publish now" }).click();
  await expect(organiser.getByRole("status").filter({ hasText: "Announcement published." })).toBeVisible();

  await expect(agenda.locator(".announcement-banner")).toContainText("The plenary resumes at 15:00 in Hall A.");
  await expect(screen.locator(".screen-announcement")).toContainText("The plenary resumes at 15:00 in Hall A.");

  await changeSessionStatus(plenary.services, { kind: "system", reason: "e2e" }, event, shownId!, { status: "delayed", delayMinutes: 25 });
  await expect(screen.locator(`.screen-slot[data-session-id="${shownId}"]`)).toContainText("25 minutes late");

  await organiser.context().close();
  await context.close();
});

test("the scanner's camera reads a badge QR (fake camera showing the code; jsQR where BarcodeDetector is missing)", async ({ plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const delegate = await db.user.findUniqueOrThrow({ where: { email: "delegate8@demo.plenary.test" }, select: { id: true, givenName: true, familyName: true } });
  const badge = await getOwnBadge(db, delegate.id, event.id);
  if (badge.status !== "ok") throw new Error(`delegate8 has no badge (${badge.status})`);

  // A Y4M video whose every frame shows the badge's QR code, fed to Chromium as its camera.
  const qr = QRCode.create(badge.token, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const [width, height, scale, quiet] = [640, 480, 8, 4];
  const luma = Buffer.alloc(width * height, 255);
  const offsetX = Math.floor((width - (size + 2 * quiet) * scale) / 2) + quiet * scale;
  const offsetY = Math.floor((height - (size + 2 * quiet) * scale) / 2) + quiet * scale;
  for (let row = 0; row < size; row++)
    for (let col = 0; col < size; col++)
      if (qr.modules.get(row, col))
        for (let y = 0; y < scale; y++) luma.fill(0, (offsetY + row * scale + y) * width + offsetX + col * scale, (offsetY + row * scale + y) * width + offsetX + (col + 1) * scale);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const video = path.join(os.tmpdir(), `plenary-badge-${process.pid}.y4m`);
  fs.writeFileSync(video, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));

  const camera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const scanner = await signInAsDemo(camera, plenary.url, "checkin@demo.plenary.test", `/events/${SLUG}/checkin`);
    await scanner.getByRole("button", { name: "Start camera" }).click();
    await expect(scanner.locator("[data-scan-result=checked_in]")).toBeVisible({ timeout: 20_000 });
    await expect(scanner.getByTestId("scan-name")).toHaveText(`${delegate.givenName} ${delegate.familyName}`);
    const row = await db.checkIn.findFirstOrThrow({ where: { registration: { userId: delegate.id }, sessionId: null }, select: { method: true } });
    expect(row.method).toBe("QR");
    await scanner.getByRole("button", { name: "Stop camera" }).click();
  } finally {
    await camera.close();
    fs.rmSync(video, { force: true });
  }
});

test("a venue screen left running keeps one socket and a constant page through many updates", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const context = await browser.newContext();
  await context.addCookies([{ name: "plenary_lang", value: "en", url: plenary.url }]);
  const screen = await context.newPage();
  await screen.goto(`${plenary.url}/events/${SLUG}/screens/now`);
  await expect(screen.locator(".screen[data-live-status=connected]")).toBeVisible();
  const slot = screen.locator(".screen-slot[data-session-id]").first();
  const sessionId = (await slot.getAttribute("data-session-id"))!;
  const sockets = plenary.live.io.engine.clientsCount;
  const nodes = await screen.evaluate(() => document.getElementsByTagName("*").length);
  for (let minutes = 1; minutes <= 12; minutes++) {
    await changeSessionStatus(plenary.services, { kind: "system", reason: "e2e" }, event, sessionId, { status: "delayed", delayMinutes: minutes });
    await expect(screen.locator(`.screen-slot[data-session-id="${sessionId}"]`)).toContainText(minutes === 1 ? "1 minute late" : `${minutes} minutes late`);
  }
  expect(plenary.live.io.engine.clientsCount).toBeLessThanOrEqual(sockets); // no socket per update (others may have closed meanwhile)
  // Same structure as after the first delay: nothing piles up in the page.
  expect(await screen.evaluate(() => document.getElementsByTagName("*").length)).toBeLessThanOrEqual(nodes + 1);
  await context.close();
});

test("a page that lost its live connection says so, and catches up on what it missed when it is back", async ({ browser, plenary }) => {
  const db = plenary.services.db;
  const event = await getPublishedEvent(db, SLUG);
  const session = await db.session.findFirstOrThrow({
    where: { eventId: event.id, status: "SCHEDULED", published: true, kind: { not: "BILATERAL" } },
    orderBy: { startsAt: "desc" },
    select: { id: true, startsAt: true },
  });
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone }).format(session.startsAt);
  const context = await browser.newContext();
  await context.addCookies([{ name: "plenary_lang", value: "en", url: plenary.url }]);
  const page = await context.newPage();
  await page.goto(`${plenary.url}/events/${SLUG}/agenda?day=${day}`);
  await expect(page.locator("[data-live-status=connected]")).toBeVisible();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  // The server drops every socket (as a restart would); the page says it is offline.
  plenary.live.io.disconnectSockets(true);
  await expect(page.locator("[data-live-status=offline]")).toContainText("Offline");
  // A change nobody could hear live.
  await changeSessionStatus(plenary.services, { kind: "system", reason: "e2e" }, event, session.id, { status: "cancelled" });

  await expect(page.locator("[data-live-status=connected]")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator(`li[data-session-id="${session.id}"] [data-status]`)).toHaveAttribute("data-status", "cancelled");
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await context.close();
});
