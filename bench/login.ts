// How long a password login takes end to end: POST /login (argon2id verify, new session row,
// cookie) against the production build, sequentially and with concurrent clients.
// Usage: npm run build && npx tsx bench/login.ts [logins=100] [concurrency=8] [pglite|postgres]
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { hashPassword } from "../app/modules/auth/password.server.ts";
import { createEvent, createRegistration, createUser } from "../app/modules/demo/factories.server.ts";
import { startPlenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

const logins = Number(process.argv[2] ?? 100);
const concurrency = Number(process.argv[3] ?? 8);
const kind = (process.argv[4] ?? "pglite") as "pglite" | "postgres";
const postgresUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/plenary_bench_login";

async function adminQuery(...statements: string[]) {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: postgresUrl.replace(/\/[^/]+$/, "/postgres") });
  await admin.connect();
  for (const statement of statements) await admin.query(statement);
  await admin.end();
}
if (kind === "postgres") await adminQuery("DROP DATABASE IF EXISTS plenary_bench_login WITH (FORCE)", "CREATE DATABASE plenary_bench_login");
const database = await openDatabase(kind === "postgres" ? { kind, url: postgresUrl } : { kind, dataDir: null });
const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never", AUTH_RATE_LIMIT_PER_MINUTE: "10000" });
const plenary = await startPlenary({ env, mode: "production", database });

const password = "correct horse battery staple";
const passwordHash = await hashPassword(password);
const event = await createEvent(plenary.services.db);
const users = await Promise.all(
  Array.from({ length: concurrency }, async () => {
    const user = await createUser(plenary.services.db, { passwordHash, isDemo: true });
    await createRegistration(plenary.services.db, { eventId: event.id, userId: user.id });
    return user;
  }),
);

async function login(email: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${plenary.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ email, password }),
    headers: { Origin: new URL(plenary.url).origin },
    redirect: "manual",
  });
  const elapsed = performance.now() - started;
  if (response.status !== 302 && response.status !== 303) throw new Error(`login answered ${response.status}`);
  if (!response.headers.get("set-cookie")?.includes("plenary_session=")) throw new Error("no session cookie");
  return elapsed;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1);
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: +sorted[sorted.length - 1].toFixed(1) };
};

await login(users[0].email); // warm-up
const sequential: number[] = [];
for (let i = 0; i < logins; i++) sequential.push(await login(users[0].email));

const parallel: number[] = [];
const wallStarted = performance.now();
await Promise.all(
  users.map(async (user) => {
    for (let i = 0; i < Math.ceil(logins / concurrency); i++) parallel.push(await login(user.email));
  }),
);
const wallSeconds = (performance.now() - wallStarted) / 1000;

await plenary.close();
if (kind === "postgres") await adminQuery("DROP DATABASE IF EXISTS plenary_bench_login WITH (FORCE)");
console.log(JSON.stringify({ database: kind, sequentialMs: stats(sequential), concurrent: { clients: concurrency, ms: stats(parallel), loginsPerSecond: +(parallel.length / wallSeconds).toFixed(1) } }, null, 2));
