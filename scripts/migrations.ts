// Migrations without Prisma's native schema engine (see scripts/lib/schema-diff.ts).
//   npm run db:migration:create -- <name>   write the next migration from schema.prisma
//   npm run db:migration:check              exit 1 when migrations and schema.prisma drift
//   npm run db:migrate                      apply migrations to DATABASE_URL or $DATA_DIR/pglite
// Where Prisma's CLI works normally, `prisma migrate dev --create-only` and `prisma migrate deploy`
// do the same jobs on the same files and the same _prisma_migrations table.
import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { databaseLocationFromEnv } from "../server/db.server.ts";
import { applyMigrations } from "../server/migrate.server.ts";
import {
  MIGRATION_LOCK,
  compareAllowlist,
  defaultMigrationsDir,
  defaultSchemaPath,
  diffScript,
  driftSql,
  handWrittenObjects,
  isEmptyDiff,
  readAllowlist,
} from "./lib/schema-diff.ts";

/** Prisma's folder name: UTC timestamp YYYYMMDDHHMMSS, underscore, slug. */
function migrationFolderName(name: string, now = new Date()): string {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!slug) throw new Error("Usage: npm run db:migration:create -- <name>");
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}_${slug}`;
}

async function create(name: string | undefined): Promise<number> {
  const folder = migrationFolderName(name ?? "");
  const sql = await diffScript({ migrationsDir: defaultMigrationsDir }, { schemaPath: defaultSchemaPath });
  if (isEmptyDiff(sql)) {
    console.log("schema.prisma matches the migrations: no migration written.");
    return 0;
  }
  const dir = path.join(defaultMigrationsDir, folder);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "migration.sql"), sql);
  const lockPath = path.join(defaultMigrationsDir, "migration_lock.toml");
  await fs.writeFile(lockPath, MIGRATION_LOCK, { flag: "wx" }).catch(() => {});
  console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);
  console.log("Review it; add what Prisma cannot express (CHECKs, ...) and list those in prisma/drift-allowlist.json.");
  return 0;
}

async function check(): Promise<number> {
  const allowlist = await readAllowlist();
  const sql = await driftSql({ allowlist });
  // Prisma's diff cannot see the hand-written objects: compare them with the allow-list directly.
  const db = new PGlite();
  let present: string[];
  try {
    await applyMigrations({ kind: "pglite", db });
    present = await handWrittenObjects(async (sql) => (await db.query<{ name: string }>(sql)).rows);
  } finally {
    await db.close();
  }
  const { stale, unlisted } = compareAllowlist(present, allowlist);
  for (const name of unlisted) console.error(`Not in prisma/drift-allowlist.json (add it with a reason): ${name}`);
  for (const name of stale) console.error(`In prisma/drift-allowlist.json but not created by any migration: ${name}`);
  if (sql !== "") {
    console.error("prisma/migrations and prisma/schema.prisma drift. SQL from the migrations to the schema:\n");
    console.error(sql);
    console.error("Run `npm run db:migration:create -- <name>`, or list a deliberate difference in prisma/drift-allowlist.json.");
  }
  if (sql !== "" || stale.length || unlisted.length) return 1;
  console.log("Migrations match schema.prisma; hand-written objects match prisma/drift-allowlist.json.");
  return 0;
}

async function migrate(): Promise<number> {
  const location = databaseLocationFromEnv({
    DATABASE_URL: process.env.DATABASE_URL || undefined,
    dataDir: path.resolve(process.env.DATA_DIR ?? "./data"),
  });
  const log = (msg: string) => console.log(msg);
  let applied: string[];
  if (location.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: location.url, max: 1 });
    try {
      ({ applied } = await applyMigrations({ kind: "postgres", pool }, { log }));
    } finally {
      await pool.end();
    }
  } else {
    if (location.dataDir) await fs.mkdir(location.dataDir, { recursive: true });
    const db = new PGlite(location.dataDir ?? undefined);
    try {
      ({ applied } = await applyMigrations({ kind: "pglite", db }, { log }));
    } finally {
      await db.close();
    }
  }
  const where = location.kind === "postgres" ? "the DATABASE_URL database" : `PGlite at ${location.dataDir}`;
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}.` : `Nothing to apply: ${where} is up to date.`);
  return 0;
}

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, () => Promise<number>> = {
  create: () => create(args.join(" ")),
  check,
  migrate,
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error("Usage: tsx scripts/migrations.ts create <name> | check | migrate");
  process.exit(2);
}
run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
