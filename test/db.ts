// Databases for tests. `TEST_DB=pglite` (default): an in-memory PGlite; `TEST_DB=postgres`: a
// fresh database on the local PostgreSQL server, dropped on dispose. Either way fully migrated.
//
//   const db = await createTestDatabase();   // in beforeEach/beforeAll
//   ... db.prisma ...
//   await db.dispose();                       // in afterEach/afterAll
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { openDatabase, type Database } from "../server/db.server.ts";
import { applyMigrations, defaultMigrationsDir, type MigrationTarget } from "../server/migrate.server.ts";

export type TestDatabase = Database & {
  /** Closes the connections and, on PostgreSQL, drops the database. Safe to call twice. */
  dispose(): Promise<void>;
  /** PostgreSQL only: the database's URL, for a second connection (another "node"). */
  url?: string;
  /** PostgreSQL only: drops the database now, as if its server went away. */
  dropNow?(): Promise<void>;
};

export const testDatabaseKind: "pglite" | "postgres" = (() => {
  const kind = process.env.TEST_DB || "pglite";
  if (kind !== "pglite" && kind !== "postgres") throw new Error(`TEST_DB must be "pglite" or "postgres", not "${kind}"`);
  return kind;
})();

const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(): Promise<TestDatabase> {
  return testDatabaseKind === "postgres" ? createPostgresDatabase() : createPgliteDatabase();
}

// --- PostgreSQL -------------------------------------------------------------------------------

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `TEST_DB=postgres: PostgreSQL does not answer at ${adminUrl} (${reason}). Start it with\n` +
        "  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n" +
        "or point TEST_POSTGRES_ADMIN_URL at a server where you may create databases.",
      { cause: error },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createPostgresDatabase(): Promise<TestDatabase> {
  const { name, url } = await createEmptyPostgresDatabase();
  let db: Database;
  try {
    db = await openDatabase({ kind: "postgres", url });
  } catch (error) {
    await dropPostgresDatabase(name);
    throw error;
  }
  return { ...withDispose(db, () => dropPostgresDatabase(name)), url, dropNow: async () => void (await dropPostgresDatabase(name)) };
}

async function createEmptyPostgresDatabase(): Promise<{ name: string; url: string }> {
  const name = `plenary_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

function dropPostgresDatabase(name: string): Promise<unknown> {
  return withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

// --- PGlite -----------------------------------------------------------------------------------
// A fresh PGlite initialises in ≈3-5 s; loading a dump of one takes ≈1-2 s. Dumps of an empty and
// of a migrated PGlite are cached in the OS temp dir under a hash of the PGlite version (and of the
// migrations), so they are built once for all test files and workers and rebuilt when a migration
// changes.

type Template = "empty" | "migrated";
const templates = new Map<Template, Promise<Blob>>();

async function templateFile(which: Template): Promise<string> {
  const hash = createHash("sha256");
  const pglitePackage = JSON.parse(
    await fs.readFile(new URL("../node_modules/@electric-sql/pglite/package.json", import.meta.url), "utf8"),
  ) as { version: string };
  hash.update(`${which} pglite ${pglitePackage.version}\n`);
  if (which === "migrated") {
    const names = (await fs.readdir(defaultMigrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      hash.update(`${name}\n`).update(await fs.readFile(path.join(defaultMigrationsDir, name, "migration.sql")));
    }
  }
  return path.join(os.tmpdir(), "plenary-test-pglite", `${which}-${hash.digest("hex").slice(0, 24)}.tar.gz`);
}

async function buildTemplate(which: Template): Promise<Blob> {
  const file = await templateFile(which);
  const cached = await fs.readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);

  const db = new PGlite();
  try {
    await db.waitReady;
    if (which === "migrated") await applyMigrations({ kind: "pglite", db });
    const dump = Buffer.from(await (await db.dumpDataDir("gzip")).arrayBuffer());
    // Written beside, then renamed: parallel workers never read a half-written file.
    await fs.mkdir(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await fs.writeFile(partial, dump);
    await fs.rename(partial, file);
    return new Blob([dump]);
  } finally {
    await db.close();
  }
}

function templateBlob(which: Template): Promise<Blob> {
  let blob = templates.get(which);
  if (!blob) {
    blob = buildTemplate(which);
    templates.set(which, blob);
    blob.catch(() => templates.delete(which));
  }
  return blob;
}

async function discardTemplate(which: Template, error: unknown) {
  console.warn(`test/db.ts: cached PGlite dump unusable, deleting it (${String(error)})`);
  templates.delete(which);
  await fs.rm(await templateFile(which), { force: true });
}

/** A new in-memory PGlite from a cached dump; a plain new one if the dump cannot be loaded. */
async function openPglite(which: Template): Promise<PGlite> {
  try {
    const db = new PGlite({ loadDataDir: await templateBlob(which) });
    await db.waitReady;
    return db;
  } catch (error) {
    await discardTemplate(which, error);
    const db = new PGlite();
    await db.waitReady;
    return db;
  }
}

/** openDatabase from the migrated dump; applying migrations again is a cheap no-op that also checks the dump. */
async function createPgliteDatabase(): Promise<TestDatabase> {
  let db: Database;
  try {
    db = await openDatabase({ kind: "pglite", dataDir: null, loadDataDir: await templateBlob("migrated") });
  } catch (error) {
    await discardTemplate("migrated", error);
    db = await openDatabase({ kind: "pglite", dataDir: null });
  }
  return withDispose(db, async () => {});
}

// --- empty databases (for migration tests) ---------------------------------------------------

export type EmptyTestDatabase = {
  /** For applyMigrations. */
  target: MigrationTarget;
  /** The connection string (PostgreSQL only). */
  url?: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
};

/** A database with nothing in it, not even migrations, of the kind TEST_DB selects. */
export async function createEmptyTestDatabase(): Promise<EmptyTestDatabase> {
  if (testDatabaseKind === "pglite") {
    const db = await openPglite("empty");
    return {
      target: { kind: "pglite", db },
      query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      dispose: async () => {
        if (!db.closed) await db.close();
      },
    };
  }
  const { name, url } = await createEmptyPostgresDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let disposing: Promise<void> | undefined;
  return {
    target: { kind: "postgres", pool },
    url,
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    dispose: () =>
      (disposing ??= (async () => {
        await pool.end();
        await dropPostgresDatabase(name);
      })()),
  };
}

// --- common -----------------------------------------------------------------------------------

function withDispose(db: Database, afterClose: () => Promise<unknown>): TestDatabase {
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= db.close());
  let disposing: Promise<void> | undefined;
  return {
    ...db,
    close,
    dispose: () =>
      (disposing ??= (async () => {
        await close();
        await afterClose();
      })()),
  };
}
