import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { applyMigrations, type MigrationTarget } from "./migrate.server.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Round-trip to the database; throws when it does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseLocation =
  /** dataDir null = in memory (tests); loadDataDir starts it from a dump (a tests' template). */
  | { kind: "pglite"; dataDir: string | null; loadDataDir?: Blob }
  | { kind: "postgres"; url: string };

/**
 * The only place that opens database connections. The server calls it once per process and
 * hands the result to Remix through the load context; migrations are applied before the
 * Prisma client exists so the schema is always current.
 */
export async function openDatabase(
  location: DatabaseLocation,
  options: { onConnectionError?: (error: Error) => void } = {},
): Promise<Database> {
  if (location.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: location.url, max: 10 });
    // An idle connection the server drops (restart, failover) must not crash the process: the pool
    // replaces it on the next query, and /healthz reports the database down meanwhile.
    pool.on("error", options.onConnectionError ?? ((error) => console.warn(`database connection lost: ${error.message}`)));
    try {
      await applyMigrations({ kind: "postgres", pool });
    } catch (error) {
      await pool.end();
      throw error;
    }
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      kind: "postgres",
      ping: async () => {
        await pool.query("select 1");
      },
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  if (location.dataDir) await fs.mkdir(path.dirname(location.dataDir), { recursive: true });
  const pgliteOptions = location.loadDataDir ? { loadDataDir: location.loadDataDir } : {};
  const pglite = location.dataDir ? new PGlite(location.dataDir, pgliteOptions) : new PGlite(pgliteOptions);
  await pglite.waitReady;
  const target: MigrationTarget = { kind: "pglite", db: pglite };
  try {
    await applyMigrations(target);
  } catch (error) {
    await pglite.close();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    kind: "pglite",
    ping: async () => {
      await pglite.query("select 1");
    },
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export function databaseLocationFromEnv(env: { DATABASE_URL?: string; dataDir: string }): DatabaseLocation {
  return env.DATABASE_URL
    ? { kind: "postgres", url: env.DATABASE_URL }
    : { kind: "pglite", dataDir: path.join(env.dataDir, "pglite") };
}
