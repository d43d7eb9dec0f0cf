// The production server on a fresh test database, as the HTTP-level tests use it.
import fs from "node:fs";
import { startPlenary, type Plenary, type StartOptions } from "../server/app.server.ts";
import { loadEnv } from "../server/env.server.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface TestServer {
  plenary: Plenary;
  database: TestDatabase;
  /** Closes the server, then drops the database. */
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: Pick<StartOptions, "sessionRecheckMs"> = {},
): Promise<TestServer> {
  if (!fs.existsSync(new URL("../build/server/index.js", import.meta.url))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const database = await createTestDatabase();
  const plenary = await startPlenary({
    env: loadEnv({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never", ...env }),
    mode: "production",
    database,
    ...options,
  });
  return {
    plenary,
    database,
    stop: async () => {
      await plenary.close();
      await database.dispose();
    },
  };
}
