// What the organisers' day × room grid costs the server for the demo assembly (issue 6).
// Starts the production server on a fresh database filled with the demo assembly, signs the demo
// organiser in, and requests /events/ga-93/admin/schedule?day=… for each of the four days, one
// request at a time (server time = the whole answer, SSR included, on loopback), then the same
// with `concurrency` requests in flight. Also times getScheduleGrid() alone (the data part).
//
// Usage: npm run build && npx tsx bench/schedule-grid.ts [pglite|postgres] [rounds=50] [concurrency=10]
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { DomainEventBus } from "../app/lib/domain-events.ts";
import { getStaffEvent } from "../app/modules/accreditation/accreditation.server.ts";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import { getScheduleGrid } from "../app/modules/scheduling/grid.server.ts";
import { startPlenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

const kind = (process.argv[2] ?? "pglite") as "pglite" | "postgres";
const rounds = Number(process.argv[3] ?? 50);
const concurrency = Number(process.argv[4] ?? 10);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/plenary_bench_grid";

if (kind === "postgres") {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: postgresUrl.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS plenary_bench_grid WITH (FORCE)");
  await admin.query("CREATE DATABASE plenary_bench_grid");
  await admin.end();
}
const database = await openDatabase(kind === "postgres" ? { kind, url: postgresUrl } : { kind, dataDir: null });
const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "always" });
const plenary = await startPlenary({ env, mode: "production", database });
const db = plenary.services.db;

const organiser = await db.user.findUniqueOrThrow({ where: { email: "organiser@demo.plenary.test" } });
const cookie = `plenary_session=${(await createAuthSession(db, organiser.id)).token}; plenary_lang=en`;
const event = await getStaffEvent(db, "ga-93");
const first = await db.event.findUniqueOrThrow({ where: { id: event.id }, select: { startsOn: true, endsOn: true } });
const days: string[] = [];
for (let d = new Date(first.startsOn); d <= first.endsOn; d = new Date(d.getTime() + 86_400_000)) days.push(d.toISOString().slice(0, 10));
const counts = {
  rooms: await db.room.count({ where: { eventId: event.id } }),
  sessions: await db.session.count({ where: { eventId: event.id } }),
  signups: await db.workshopSignup.count({ where: { eventId: event.id } }),
};

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: +at(0.5).toFixed(1), p95: +at(0.95).toFixed(1), p99: +at(0.99).toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) };
}

async function getPage(day: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${plenary.url}/events/ga-93/admin/schedule?day=${day}`, { headers: { Cookie: cookie } });
  const html = await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 200 || !html.includes("schedule-grid")) throw new Error(`GET grid ${day}: ${response.status}`);
  return elapsed;
}

// Warm-up: one of each, not counted.
for (const day of days) await getPage(day);

const sequential: number[] = [];
for (let r = 0; r < rounds; r++) for (const day of days) sequential.push(await getPage(day));

const concurrent: number[] = [];
for (let r = 0; r < Math.ceil(rounds / 2); r++) {
  const batch = await Promise.all(Array.from({ length: concurrency }, (_, i) => getPage(days[i % days.length])));
  concurrent.push(...batch);
}

const services = { db, bus: new DomainEventBus() };
const domain: number[] = [];
let blocks = 0;
for (let r = 0; r < rounds; r++) {
  for (const day of days) {
    const started = performance.now();
    const grid = await getScheduleGrid(services, { kind: "user", userId: organiser.id }, event, day, "en");
    domain.push(performance.now() - started);
    if (r === 0) blocks += grid.blocks.length;
  }
}

await plenary.close();
console.log(
  JSON.stringify(
    {
      database: kind === "postgres" ? "postgresql (local)" : "pglite (in memory)",
      demo: { ...counts, days: days.length, blocksOverAllDays: blocks },
      pageOneAtATimeMs: summary(sequential),
      [`page${concurrency}ConcurrentMs`]: summary(concurrent),
      getScheduleGridMs: summary(domain),
    },
    null,
    2,
  ),
);
process.exit(0);
