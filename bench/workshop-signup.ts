// 09:00 on day one: every delegate presses "sign up" for the same workshop at once.
// 800 accredited delegates (the demo assembly's size, built with the test factories in bulk) sign
// up concurrently for one 40-seat workshop; reports the time until every answer is in, sign-ups per
// second, the outcome counts and checks the invariants (≤ capacity confirmed, waitlist 1..n).
//
// Usage: npx tsx bench/workshop-signup.ts [pglite|postgres] [domain|http] [people=800] [capacity=40]
//   domain: Promise.all of signUp() calls on one process's Prisma client;
//   http:   POST /api/events/:slug/sessions/:id/signup through the production server (npm run build first),
//           one session cookie per delegate, all requests in flight at once.
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { DomainEventBus } from "../app/lib/domain-events.ts";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import { buildRegistrationData, buildUserData, createDelegation, createEvent, createSession, insertRows } from "../app/modules/demo/factories.server.ts";
import { getSeatCounts, signUp } from "../app/modules/workshops/signup.server.ts";
import { openDatabase } from "../server/db.server.ts";

const kind = (process.argv[2] ?? "pglite") as "pglite" | "postgres";
const via = (process.argv[3] ?? "domain") as "domain" | "http";
const people = Number(process.argv[4] ?? 800);
const capacity = Number(process.argv[5] ?? 40);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/plenary_bench_workshop";

if (kind === "postgres") {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: postgresUrl.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS plenary_bench_workshop WITH (FORCE)");
  await admin.query("CREATE DATABASE plenary_bench_workshop");
  await admin.end();
}
const database = await openDatabase(kind === "postgres" ? { kind, url: postgresUrl } : { kind, dataDir: null });
const plenary =
  via === "http"
    ? await (async () => {
        const { startPlenary } = await import("../server/app.server.ts");
        const { loadEnv } = await import("../server/env.server.ts");
        const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never" });
        return startPlenary({ env, mode: "production", database });
      })()
    : null;
const db = database.prisma;

// --- set-up: one event, 80 delegations of 10 accredited delegates, one workshop ---------------
const event = await createEvent(db);
const delegations: { id: string }[] = [];
for (let i = 0; i < Math.ceil(people / 10); i++) delegations.push(await createDelegation(db, { eventId: event.id, kind: "ORGANISATION" }));
const users = Array.from({ length: people }, () => buildUserData({ isDemo: true }));
const registrations = users.map((u, i) => buildRegistrationData({ eventId: event.id, userId: u.id, delegationId: delegations[i % delegations.length].id }));
await insertRows(db, "User", users);
await insertRows(db, "Registration", registrations);
const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity, texts: { en: { title: "Dismantling scam centres" } } });
const cookies = via === "http" ? await Promise.all(users.map(async (u) => `plenary_session=${(await createAuthSession(db, u.id)).token}`)) : [];

// --- the burst ---------------------------------------------------------------------------------
const services = plenary?.services ?? { db, bus: new DomainEventBus() };
const latencies: number[] = [];
const outcomes = new Map<string, number>();
const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
const started = performance.now();
await Promise.all(
  users.map(async (u, i) => {
    const t = performance.now();
    try {
      if (plenary) {
        const response = await fetch(`${plenary.url}/api/events/${event.slug}/sessions/${workshop.id}/signup`, {
          method: "POST",
          headers: { Cookie: cookies[i], Origin: new URL(plenary.url).origin, "Content-Type": "application/json" },
          body: "{}",
        });
        const body = (await response.json()) as { status?: string };
        count(response.ok ? String(body.status) : `http ${response.status}`);
      } else {
        count((await signUp(services, { kind: "user", userId: u.id }, event, workshop.id)).status);
      }
    } catch (error) {
      count(`error: ${(error as Error).message.slice(0, 80)}`);
    }
    latencies.push(performance.now() - t);
  }),
);
const seconds = (performance.now() - started) / 1000;

// --- check ------------------------------------------------------------------------------------
const seats = await getSeatCounts(db, workshop.id);
const positions = (await db.workshopSignup.findMany({ where: { sessionId: workshop.id, status: "WAITLISTED" }, select: { waitlistPosition: true } }))
  .map((r) => r.waitlistPosition!)
  .sort((a, b) => a - b);
const consecutive = positions.every((p, i) => p === i + 1);
await plenary?.close();
if (!plenary) await database.close();

const sorted = [...latencies].sort((a, b) => a - b);
const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
const report = {
  database: kind,
  via,
  people,
  capacity,
  settledSeconds: +seconds.toFixed(2),
  signupsPerSecond: +(people / seconds).toFixed(1),
  latencyMs: { median: at(0.5), p95: at(0.95), max: at(1) },
  answers: Object.fromEntries(outcomes),
  database_state: { confirmed: seats.confirmed, waitlisted: seats.waitlisted, waitlistConsecutive: consecutive },
  ok: seats.confirmed === Math.min(capacity, people) && seats.waitlisted === Math.max(0, people - capacity) && consecutive && !outcomes.has("error"),
};
console.log(JSON.stringify(report, null, 2));
if (!report.ok) process.exitCode = 1;
