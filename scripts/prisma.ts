// Runs the Prisma CLI for commands that only need the schema (generate, validate, format).
// Prisma's CLI refuses to start without its native schema engine, which it downloads on install;
// where that download is impossible the check only needs a file to exist and these commands never
// execute it. Users whose engine installed normally run the CLI untouched.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const enginesDir = path.resolve("node_modules/@prisma/engines");
const hasNativeEngine =
  fs.existsSync(enginesDir) && fs.readdirSync(enginesDir).some((f) => f.startsWith("schema-engine"));

const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
if (!hasNativeEngine && !env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

const result = spawnSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
