// Applies prisma/migrations/*/migration.sql without Prisma's native schema engine, recording them
// exactly as `prisma migrate deploy` does (its `_prisma_migrations` table, its advisory lock, its
// checksum), so the real CLI agrees about what is applied. Unlike Prisma, every migration runs in
// its own transaction: a failing one rolls back entirely and is not recorded. Consequence: a
// migration cannot use statements that refuse transactions (CREATE INDEX CONCURRENTLY, ...).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

export type MigrationTarget = { kind: "pglite"; db: PGlite } | { kind: "postgres"; pool: pg.Pool };

export const defaultMigrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** Prisma's key for pg_advisory_lock (schema-engine's postgres connector). */
const PRISMA_ADVISORY_LOCK = 72707369;

/** Prisma's own DDL for its history table (schema-engine's postgres connector). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

/** One connection: `exec` runs a multi-statement script, `query` one parameterised statement. */
interface Connection {
  exec(script: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction(fn: (tx: Connection) => Promise<void>): Promise<void>;
}

function pgliteConnection(db: PGlite | Transaction): Connection {
  return {
    exec: async (script) => {
      await db.exec(script);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    transaction: async (fn) => {
      if (!("transaction" in db)) throw new Error("nested transaction");
      await db.transaction((tx) => fn(pgliteConnection(tx)));
    },
  };
}

function postgresConnection(client: pg.PoolClient): Connection {
  const connection: Connection = {
    // Without parameters node-postgres uses the simple protocol, which accepts several statements.
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      await client.query("BEGIN");
      try {
        await fn(connection);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
  };
  return connection;
}

/** Prisma's checksum: SHA-256 of the file's bytes, lower-case hex. */
export function migrationChecksum(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Prisma accepts a recorded checksum computed with either line ending (git may convert them). */
function matchesChecksum(bytes: Buffer, recorded: string): boolean {
  const text = bytes.toString("utf8");
  return [bytes, text.replaceAll("\r\n", "\n"), text.replaceAll("\n", "\r\n")].some(
    (variant) => migrationChecksum(variant) === recorded,
  );
}

type MigrationFile = { name: string; bytes: Buffer };

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: await fs.readFile(path.join(dir, name, "migration.sql")) })));
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function migrate(
  conn: Connection,
  migrations: MigrationFile[],
  log: (msg: string) => void,
): Promise<string[]> {
  await conn.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await conn.query<AppliedRow>(
    "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at",
  );
  const failed = rows.find((r) => r.finished_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} is recorded as failed in _prisma_migrations (finished_at is null). ` +
        "Resolve it (e.g. `prisma migrate resolve`) before applying migrations.",
    );
  }
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
  const done: string[] = [];
  for (const migration of migrations) {
    const checksum = migrationChecksum(migration.bytes);
    const recorded = applied.get(migration.name);
    if (recorded !== undefined) {
      if (!matchesChecksum(migration.bytes, recorded)) {
        throw new Error(
          `Migration ${migration.name} was modified after it was applied (checksum ${recorded} in the database, ` +
            `${checksum} on disk). Never edit an applied migration: revert the file and add a new migration.`,
        );
      }
      continue;
    }
    log(`Applying migration ${migration.name}`);
    try {
      await conn.transaction(async (tx) => {
        await tx.exec(migration.bytes.toString("utf8"));
        await tx.query(
          `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), checksum, migration.name],
        );
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
    }
    done.push(migration.name);
  }
  return done;
}

const pgliteRuns = new WeakMap<PGlite, Promise<unknown>>();

/**
 * Applies the migrations not yet recorded, in name order, each in its own transaction, under
 * Prisma's advisory lock so concurrent starts (and the real Prisma CLI) wait for each other.
 */
export async function applyMigrations(
  target: MigrationTarget,
  options: { migrationsDir?: string; log?: (msg: string) => void } = {},
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const log = options.log ?? (() => {});

  if (target.kind === "pglite") {
    // PGlite has one session, in which the advisory lock is re-entrant: queue runs in-process too.
    const previous = pgliteRuns.get(target.db) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(async () => {
      const conn = pgliteConnection(target.db);
      await conn.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
      try {
        return { applied: await migrate(conn, migrations, log) };
      } finally {
        await conn.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
      }
    });
    pgliteRuns.set(target.db, run);
    return run;
  }

  // Session-level advisory locks belong to one connection: hold it on a dedicated client.
  const client = await target.pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    try {
      return { applied: await migrate(postgresConnection(client), migrations, log) };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]);
    }
  } finally {
    client.release();
  }
}
