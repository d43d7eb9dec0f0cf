// Delay from a committed status change (server-side domain function) to its arrival:
//  - at N Socket.IO clients following the event (payload received), and
//  - in real Chromium agenda pages (status badge changed in the DOM).
// Usage: npm run build && npx tsx bench/live-delay.ts [sockets=200] [changes=50] [pages=2]
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { chromium } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { startPlenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

const socketCount = Number(process.argv[2] ?? 200);
const changes = Number(process.argv[3] ?? 50);
const pageCount = Number(process.argv[4] ?? 2);

const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DEMO_DATA: "always" });
const plenary = await startPlenary({ env, mode: "production", database: await openDatabase({ kind: "pglite", dataDir: null }) });
const event = await getPublishedEvent(plenary.services.db, "ga-93");
const sessions = await plenary.services.db.session.findMany({ where: { eventId: event.id, kind: "WORKSHOP" }, orderBy: { startsAt: "asc" }, select: { id: true, startsAt: true } });
const system = { kind: "system", reason: "bench" } as const;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const summary = (values: number[]) => ({ n: values.length, p50: +percentile(values, 50).toFixed(2), p99: +percentile(values, 99).toFixed(2), max: +Math.max(...values).toFixed(2) });

// 1. Socket clients.
const sockets: Socket[] = await Promise.all(
  Array.from({ length: socketCount }, () => new Promise<Socket>((resolve, reject) => {
    const socket = io(plenary.url, { auth: { event: event.slug }, transports: ["websocket"], reconnection: false });
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  })),
);
const socketDelays: number[] = [];
const commitToDelivery: number[] = [];
for (let i = 0; i < changes; i++) {
  const session = sessions[i % sessions.length];
  const status = i % 2 === 0 ? "live" : "scheduled";
  const arrivals = sockets.map((socket) => new Promise<number>((resolve) => socket.once("session:updated", () => resolve(performance.now()))));
  const started = performance.now();
  await changeSessionStatus(plenary.services, system, event, session.id, { status });
  const committed = performance.now();
  for (const arrivedAt of await Promise.all(arrivals)) {
    socketDelays.push(arrivedAt - started);
    commitToDelivery.push(arrivedAt - committed);
  }
}
sockets.forEach((socket) => socket.close());

// 2. Browsers on the agenda page.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
const target = sessions[0];
const day = new Intl.DateTimeFormat("en-CA", { timeZone: event.timeZone }).format(target.startsAt);
const pages = await Promise.all(Array.from({ length: pageCount }, async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${plenary.url}/events/${event.slug}/agenda?day=${day}`);
  await page.waitForSelector("[data-live-status=connected]");
  return page;
}));
const pageDelays: number[] = [];
const browserChanges = Math.min(changes, 20);
for (let i = 0; i < browserChanges; i++) {
  const status = i % 2 === 0 ? "delayed" : "scheduled";
  // The page itself notes (Date.now, same machine clock) when the badge changes: no CDP round-trip in the figure.
  const seen = pages.map((page) =>
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    page.evaluate<number>(`new Promise((resolve) => {
      const selector = 'li[data-session-id="${target.id}"] [data-status]';
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)?.getAttribute("data-status") === "${status}") {
          observer.disconnect();
          resolve(Date.now());
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })`),
  );
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the observers attach
  const started = Date.now();
  await changeSessionStatus(plenary.services, system, event, target.id, { status, delayMinutes: status === "delayed" ? 10 : 0 });
  for (const seenAt of await Promise.all(seen)) pageDelays.push(seenAt - started);
}
await browser.close();
await plenary.close();

console.log(JSON.stringify({
  database: "pglite (in memory)",
  sockets: socketCount,
  changes,
  changeCallToSocketMs: summary(socketDelays),
  commitToSocketMs: summary(commitToDelivery),
  browserPages: pageCount,
  changeCallToDomMs: summary(pageDelays),
}, null, 2));
