// Time from launching the production server on an EMPTY data folder to GET /healthz = 200
// (PGlite initialisation, migrations, demo seed, Remix build load), and on a second start.
// Usage: npm run build && npx tsx bench/startup.ts [runs=3]
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const runs = Number(process.argv[2] ?? 3);
const port = 3390;

async function timeToReady(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    stdio: "ignore",
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error("not ready within 120 s");
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

const fresh: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plenary-startup-"));
  fresh.push(await timeToReady(dataDir));
  warm.push(await timeToReady(dataDir));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({ runs, emptyDataFolderMs: fresh.map(Math.round), emptyMedianMs: Math.round(median(fresh)), secondStartMs: warm.map(Math.round), secondMedianMs: Math.round(median(warm)) }, null, 2));
