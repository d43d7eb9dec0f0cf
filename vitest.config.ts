// Three projects: `unit` (no database), and the database tests (`*.db.test.ts`) twice, once on an
// in-memory PGlite and once on the local PostgreSQL server (see test/db.ts).
//   npx vitest run --project unit
//   npx vitest run --project db-pglite --project db-postgres
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Node's ICU time zone data lags the tzdb (Morocco, 2026c): every test process loads the patched
// data in server/icu-tzdata (decision 010). Set here, before the workers are forked, because ICU
// reads it when the process starts.
process.env.ICU_TIMEZONE_FILES_DIR ??= fileURLToPath(new URL("./server/icu-tzdata", import.meta.url));

const excluded = ["**/node_modules/**", "build/**", "e2e/**"];
const dbTests = ["**/*.db.test.ts"];

// Database tests are CPU-heavy (PGlite is Postgres in Wasm): separate processes, at most two at a
// time, each group after the previous one so they do not starve each other on small machines.
const dbProject = (name: string, kind: "pglite" | "postgres", groupOrder: number) => ({
  extends: true as const,
  test: {
    name,
    include: dbTests,
    exclude: excluded,
    env: { TEST_DB: kind },
    pool: "forks" as const,
    maxWorkers: 2,
    sequence: { groupOrder },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  resolve: {
    alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) },
  },
  test: {
    environment: "node",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "app/**/*.test.tsx", "server/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: [...excluded, ...dbTests],
          sequence: { groupOrder: 0 },
        },
      },
      dbProject("db-pglite", "pglite", 1),
      dbProject("db-postgres", "postgres", 2),
    ],
  },
});
