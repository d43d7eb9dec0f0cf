// Import FIRST in a benchmark that runs the app: ICU reads ICU_TIMEZONE_FILES_DIR only when the
// process starts, so when it is unset this re-runs the same command with it set to the patched
// time zone data (server/icu-tzdata, decision 010) and exits with that run's status.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

if (!process.env.ICU_TIMEZONE_FILES_DIR) {
  const dir = fileURLToPath(new URL("../server/icu-tzdata", import.meta.url));
  const run = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, ICU_TIMEZONE_FILES_DIR: dir },
  });
  process.exit(run.status ?? 1);
}
