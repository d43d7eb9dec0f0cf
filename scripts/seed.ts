// `npm run db:seed`: fills the configured database (DATABASE_URL, or the embedded PGlite under
// DATA_DIR) with the demo assembly. Only ever into an EMPTY database (no event yet): it never adds
// to or overwrites existing data. DEMO_DATA, when set, still applies ("never" skips, "auto"
// follows the production rule); without it this explicit command behaves as DEMO_DATA=always.
import { ensureDemoData, demoAccountLines } from "../app/modules/demo/demo-assembly.server.ts";
import { databaseLocationFromEnv, openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

const env = loadEnv();
const mode = process.env.DEMO_DATA ? env.DEMO_DATA : "always";
const location = databaseLocationFromEnv(env);
const where = location.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : `PGlite at ${location.dataDir}`;

const database = await openDatabase(location);
let exitCode = 0;
try {
  const outcome = await ensureDemoData(database.prisma, {
    mode,
    nodeEnv: env.NODE_ENV,
    usingExternalDatabase: database.kind === "postgres",
    startDate: env.DEMO_START_DATE,
    password: env.DEMO_PASSWORD,
    log: (message) => console.log(message),
  });
  if (outcome.seeded) {
    console.log(`Seeded ${where}.`);
    console.log(demoAccountLines(env.DEMO_PASSWORD).join("\n"));
  } else {
    console.log(`Nothing seeded into ${where}: ${outcome.reason}.`);
    if (outcome.outcome === "not-empty") {
      console.log("The demo assembly is only ever created in an EMPTY database (one without any event); existing data was left untouched.");
    }
  }
} catch (error) {
  console.error("Seeding failed; nothing was written (the seed runs in one transaction).");
  console.error(error);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);
