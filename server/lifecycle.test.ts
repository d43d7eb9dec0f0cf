import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";

// The real entry point (server/index.ts) as `npm run serve` starts it, on an embedded database
// in a temporary DATA_DIR: ready, then a graceful stop on SIGTERM that leaves the data reopenable.
const rootDir = path.resolve(import.meta.dirname, "..");
const children: ChildProcess[] = [];
const dataDirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function startServer(dataDir: string, port: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: rootDir,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_DATA: "never", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
    if (healthy) return { child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready within 60 s:\n${output}`);
}

describe("server lifecycle", () => {
  it("starts on an empty DATA_DIR and stops gracefully on SIGTERM: sockets closed, database closed cleanly", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "plenary-lifecycle-"));
    dataDirs.push(dataDir);
    const port = 34000 + Math.floor(Math.random() * 1000);
    const { child, output } = await startServer(dataDir, port);
    expect(fs.existsSync(path.join(dataDir, "pglite"))).toBe(true);

    // A follower of an unknown event is refused; the stop must still close live connections.
    const socket = io(`http://127.0.0.1:${port}`, { auth: { event: "none" }, transports: ["websocket"], reconnection: false });
    await new Promise((resolve) => socket.once("connect_error", resolve));
    socket.close();

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    // The embedded database was closed properly: it opens again and holds the migrated schema.
    const reopened = new PGlite(path.join(dataDir, "pglite"));
    const { rows } = await reopened.query<{ count: number }>("select count(*)::int as count from _prisma_migrations where finished_at is not null");
    expect(rows[0].count).toBeGreaterThan(0);
    await reopened.close();
  }, 120_000);

  it("refuses to start with an invalid environment and names the variable", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: rootDir,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "mysql://nope" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain("PORT");
    expect(stderr).toContain("DATABASE_URL");
  }, 60_000);
});
