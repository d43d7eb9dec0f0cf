// Agenda page: server time per request under 50 concurrent clients, against the demo assembly.
//
//   npm run build && NODE_ENV=production npx tsx bench/agenda-page.ts pglite   [clients=50] [requests=1000]
//   npm run build && NODE_ENV=production npx tsx bench/agenda-page.ts postgres [clients=50] [requests=1000]
//
// Starts the production server (demo data) on loopback, then `clients` workers each send requests
// back to back until `requests` have been answered, in three scenarios: an anonymous visitor on a
// day's agenda, the same with filters and a text search, and a signed-in delegate with 20 stars
// (the page then also reads their stars). "Server time" is measured inside the server process,
// from the request's arrival to the last byte written (res 'finish'), so it includes waiting for
// the event loop and the database under that concurrency; "client" is the loopback round trip.
// The loops are bounded in count; the script stops by itself.
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { performance } from "node:perf_hooks";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { startPlenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

if (process.env.NODE_ENV !== "production") {
  console.error("Run with NODE_ENV=production, as `npm run serve` does (React's production build).");
  process.exit(2);
}

const kind = (process.argv[2] ?? "pglite") as "pglite" | "postgres";
const clients = Number(process.argv[3] ?? 50);
const requests = Number(process.argv[4] ?? 1000);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/plenary_bench_agenda";

if (kind === "postgres") {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: postgresUrl.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS plenary_bench_agenda WITH (FORCE)");
  await admin.query("CREATE DATABASE plenary_bench_agenda");
  await admin.end();
}

const database = await openDatabase(kind === "postgres" ? { kind, url: postgresUrl } : { kind, dataDir: null });
const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "always" });
const plenary = await startPlenary({ env, mode: "production", database });
const db = plenary.services.db;
const event = await getPublishedEvent(db, "ga-93");
const sessionCount = await db.session.count({ where: { eventId: event.id, published: true } });

// A signed-in delegate with 20 starred sessions.
const delegate = await db.user.findUniqueOrThrow({ where: { email: "delegate7@demo.plenary.test" }, select: { id: true } });
const starred = await db.session.findMany({ where: { eventId: event.id, published: true, kind: { not: "BILATERAL" } }, take: 20, select: { id: true } });
await db.sessionStar.createMany({ data: starred.map((s) => ({ userId: delegate.id, sessionId: s.id })), skipDuplicates: true });
const { token } = await createAuthSession(db, delegate.id);
const cookie = `plenary_session=${token}`;

// Server-side timing of every agenda request.
let serverTimes: number[] = [];
plenary.httpServer.prependListener("request", (req, res) => {
  if (!req.url?.startsWith(`/events/${event.slug}/agenda`)) return;
  const started = performance.now();
  res.once("finish", () => serverTimes.push(performance.now() - started));
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value: number) => Math.round(value * 10) / 10;

async function scenario(name: string, path: string, headers: Record<string, string> = {}) {
  // Warm-up (route modules, prepared statements), not counted.
  for (let i = 0; i < 5; i++) await (await fetch(`${plenary.url}${path}`, { headers })).text();
  serverTimes = [];
  const clientTimes: number[] = [];
  let sent = 0;
  let failures = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (sent < requests) {
        sent += 1;
        const t0 = performance.now();
        const response = await fetch(`${plenary.url}${path}`, { headers });
        const body = await response.text();
        clientTimes.push(performance.now() - t0);
        bytes = body.length;
        if (response.status !== 200) {
          failures += 1;
          if (failures <= 3) console.error(`${name}: HTTP ${response.status}: ${body.slice(0, 300).replace(/\s+/g, " ")}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const row = {
    scenario: name,
    requests: clientTimes.length,
    failures,
    "req/s": ms(clientTimes.length / seconds),
    "server p50": ms(percentile(serverTimes, 50)),
    "server p99": ms(percentile(serverTimes, 99)),
    "client p50": ms(percentile(clientTimes, 50)),
    "client p99": ms(percentile(clientTimes, 99)),
    "html KiB": ms(bytes / 1024),
  };
  console.log(JSON.stringify(row));
  return row;
}

const day = event.startsOn;
console.log(`# ${kind}, ${clients} concurrent clients, ${requests} requests per scenario, demo event: ${sessionCount} published sessions`);
const rows = [
  await scenario("anonymous, one day", `/events/${event.slug}/agenda?day=${day}`),
  await scenario("anonymous, filters + search", `/events/${event.slug}/agenda?day=${day}&kind=workshop&lang=fr&q=crime`),
  await scenario("signed in, 20 stars", `/events/${event.slug}/agenda?day=${day}`, { Cookie: cookie }),
];
console.table(rows);
await plenary.close();
if (rows.some((r) => r.failures > 0)) process.exit(1);
