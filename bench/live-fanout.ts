// Live channel at scale on one node (127.0.0.1 only):
//  - heap per idle socket (server process, after a forced GC), and
//  - fan-out latency of one update (`session:updated`, published on the domain bus as a write
//    does after commit) to 1k, 5k and 10k connected sockets: p50/p99 over every (socket, update)
//    pair, and the time until the last socket had it.
// The server runs in this process; the client sockets live in child processes so their own
// memory and CPU do not count as the server's. Arrival times use performance.timeOrigin + now(),
// comparable across processes on one machine.
// Usage: npm run build && node --expose-gc --import tsx bench/live-fanout.ts [1000,5000,10000] [updates=20] [clientProcesses=2]
import "./icu-tzdata.ts"; // first: patched time zone data (decision 010)
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { io, type Socket } from "socket.io-client";

const now = () => performance.timeOrigin + performance.now();

if (process.argv[2] === "--clients") {
  // Child: open sockets on demand, note when each update arrives, report back.
  const [, , , url, slug] = process.argv;
  const sockets: Socket[] = [];
  const arrivals = new Map<number, number[]>();
  process.on("message", async (message: { open?: number; collect?: number; close?: boolean }) => {
    if (message.open) {
      const wanted = message.open;
      while (sockets.length < wanted) {
        const batch = Math.min(100, wanted - sockets.length);
        await Promise.all(
          Array.from({ length: batch }, () => new Promise<void>((resolve, reject) => {
            const socket = io(url, { auth: { event: slug }, transports: ["websocket"], reconnection: false, forceNew: true });
            socket.on("session:updated", (payload: { delayMinutes: number }) => {
              const list = arrivals.get(payload.delayMinutes) ?? [];
              list.push(now());
              arrivals.set(payload.delayMinutes, list);
            });
            socket.once("connect", () => resolve());
            socket.once("connect_error", reject);
            sockets.push(socket);
          })),
        );
      }
      process.send!({ opened: sockets.length });
    }
    if (message.collect !== undefined) {
      const round = message.collect;
      // Wait until every socket of this process has the update (or 10 s passed).
      const started = Date.now();
      while ((arrivals.get(round)?.length ?? 0) < sockets.length && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
      process.send!({ round, times: arrivals.get(round) ?? [] });
      arrivals.delete(round);
    }
    if (message.close) {
      sockets.forEach((socket) => socket.close());
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.send!({ ready: true });
} else {
  const { startPlenary } = await import("../server/app.server.ts");
  const { openDatabase } = await import("../server/db.server.ts");
  const { loadEnv } = await import("../server/env.server.ts");
  const { createEvent, createSession } = await import("../app/modules/demo/factories.server.ts");
  const { readPublicSession } = await import("../app/modules/agenda/agenda.server.ts");

  const steps = (process.argv[2] ?? "1000,5000,10000").split(",").map(Number);
  const updates = Number(process.argv[3] ?? 20);
  const processes = Number(process.argv[4] ?? 2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("Run with node --expose-gc --import tsx bench/live-fanout.ts");

  const env = loadEnv({ ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", DEMO_DATA: "never" });
  const plenary = await startPlenary({ env, mode: "production", database: await openDatabase({ kind: "pglite", dataDir: null }) });
  const event = await createEvent(plenary.services.db);
  const session = await createSession(plenary.services.db, { eventId: event.id, kind: "PLENARY" });
  const base = (await readPublicSession(plenary.services.db, session.id))!;

  const children: ChildProcess[] = await Promise.all(
    Array.from({ length: processes }, () => new Promise<ChildProcess>((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), ["--clients", plenary.url, event.slug], { execArgv: ["--import", "tsx"] });
      child.once("message", () => resolve(child));
    })),
  );
  const ask = <T>(child: ChildProcess, message: object, until: (reply: T) => boolean) =>
    new Promise<T>((resolve) => {
      const listener = (reply: T) => {
        if (!until(reply)) return;
        child.off("message", listener);
        resolve(reply);
      };
      child.on("message", listener);
      child.send(message);
    });

  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };
  const round2 = (n: number) => Math.round(n * 100) / 100;

  const heapBefore = heap();
  const results = [];
  let round = 0;
  for (const total of steps) {
    const perChild = Math.ceil(total / processes);
    const opening = performance.now();
    await Promise.all(children.map((child) => ask<{ opened?: number }>(child, { open: perChild }, (r) => r.opened !== undefined)));
    const openMs = performance.now() - opening;
    await new Promise((r) => setTimeout(r, 1_000)); // let handshakes settle
    const connected = plenary.live.io.engine.clientsCount;
    const heapNow = heap();
    const latencies: number[] = [];
    const lastArrivals: number[] = [];
    for (let i = 0; i < updates; i++) {
      round++;
      const collected = Promise.all(children.map((child) => ask<{ round?: number; times?: number[] }>(child, { collect: round }, (r) => r.round === round)));
      const sent = now();
      plenary.services.bus.publish("session.updated", { eventId: event.id, session: { ...base.session, delayMinutes: round } });
      const replies = await collected;
      const times = replies.flatMap((r) => r.times ?? []);
      if (times.length < connected) console.error(`round ${round}: ${times.length} of ${connected} sockets had the update`);
      for (const t of times) latencies.push(t - sent);
      lastArrivals.push(times.reduce((a, b) => Math.max(a, b), 0) - sent);
      await new Promise((r) => setTimeout(r, 100));
    }
    results.push({
      sockets: connected,
      connectSeconds: round2(openMs / 1000),
      heapMiB: round2(heapNow / 2 ** 20),
      heapPerSocketKiB: round2((heapNow - heapBefore) / connected / 1024),
      rssMiB: round2(process.memoryUsage().rss / 2 ** 20),
      updates,
      latencyMs: { p50: round2(percentile(latencies, 50)), p99: round2(percentile(latencies, 99)), max: round2(latencies.reduce((a, b) => Math.max(a, b), 0)) },
      allReachedMs: { p50: round2(percentile(lastArrivals, 50)), p99: round2(percentile(lastArrivals, 99)) },
    });
    console.error(JSON.stringify(results.at(-1)));
  }
  for (const child of children) child.send({ close: true });
  await new Promise((r) => setTimeout(r, 500));
  await plenary.close();
  console.log(JSON.stringify({ node: process.version, cpus: (await import("node:os")).cpus().length, transport: "websocket", adapter: plenary.live.adapter, heapBeforeMiB: round2(heapBefore / 2 ** 20), results }, null, 2));
  process.exit(0);
}
