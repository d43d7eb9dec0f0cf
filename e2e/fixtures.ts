import fs from "node:fs";
import { test as base } from "@playwright/test";
import { startPlenary, type Plenary } from "../server/app.server.ts";
import { openDatabase } from "../server/db.server.ts";
import { loadEnv } from "../server/env.server.ts";

/**
 * One Plenary per test worker, started in this process on an in-memory database with the demo
 * assembly, so tests can also act through the server's own domain functions (as an organiser's
 * tool or a job would) and watch the browsers react.
 */
export const test = base.extend<object, { plenary: Plenary }>({
  plenary: [
    async ({}, use) => {
      if (!fs.existsSync(new URL("../build/server/index.js", import.meta.url))) {
        throw new Error("No production build: run `npm run build` before the browser tests (npm test does).");
      }
      const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DEMO_DATA: "always" });
      const database = await openDatabase({ kind: "pglite", dataDir: null });
      const plenary = await startPlenary({ env, mode: "production", database });
      await use(plenary);
      await plenary.close();
    },
    { scope: "worker", timeout: 120_000 },
  ],
  baseURL: async ({ plenary }, use) => use(plenary.url),
});

export { expect } from "@playwright/test";
