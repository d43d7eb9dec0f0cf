import { createClient } from "redis";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeSessionStatus } from "../app/modules/agenda/agenda.server.ts";
import type { SessionPublic } from "../app/modules/agenda/session-public.ts";
import { getStaffEvent } from "../app/modules/accreditation/accreditation.server.ts";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import { checkIn, getOwnBadge } from "../app/modules/checkin/checkin.server.ts";
import { createEvent, createRegistration, createSession, createUser } from "../app/modules/demo/factories.server.ts";
import { getPublishedEvent } from "../app/modules/events/events.server.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../test/db.ts";
import { startPlenary, type Plenary } from "./app.server.ts";
import { openDatabase } from "./db.server.ts";
import { loadEnv } from "./env.server.ts";

// Two Plenary nodes on one PostgreSQL database and one Redis: a change made through node A
// reaches a browser connected to node B. (PGlite is one process's database: PostgreSQL only.)
const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe.runIf(testDatabaseKind === "postgres")("two nodes joined by Redis", () => {
  let database: TestDatabase;
  let nodes: Plenary[] = [];

  beforeAll(async () => {
    const probe = createClient({ url: redisUrl, socket: { reconnectStrategy: false, connectTimeout: 2_000 } });
    probe.on("error", () => {});
    try {
      await probe.connect();
      await probe.quit();
    } catch (error) {
      throw new Error(
        `Redis does not answer at ${redisUrl} (${(error as Error).message}). Start it with\n` +
          '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n' +
          "or set TEST_REDIS_URL.",
      );
    }
    database = await createTestDatabase();
    const env = loadEnv({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never", DATABASE_URL: database.url, REDIS_URL: redisUrl });
    nodes = [
      await startPlenary({ env, mode: "production", database }),
      await startPlenary({ env, mode: "production", database: await openDatabase({ kind: "postgres", url: database.url! }) }),
    ];
  }, 120_000);

  afterAll(async () => {
    for (const node of nodes) await node.close();
    await database?.dispose();
  });

  it("delivers a change made through node A to a socket on node B", async () => {
    const [nodeA, nodeB] = nodes;
    expect(nodeA.live.adapter).toBe("redis");
    const created = await createEvent(nodeA.services.db);
    const session = await createSession(nodeA.services.db, { eventId: created.id, kind: "PLENARY" });
    const socket: Socket = io(nodeB.url, { auth: { event: created.slug }, transports: ["websocket"], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const received = new Promise<SessionPublic>((resolve) => socket.once("session:updated", resolve));
    const event = await getPublishedEvent(nodeA.services.db, created.slug);
    await changeSessionStatus(nodeA.services, { kind: "system", reason: "test" }, event, session.id, { status: "live" });
    const payload = await received;
    expect(payload).toMatchObject({ id: session.id, status: "live" });
    socket.close();
  });

  it("delivers a check-in made through node A to an organiser's socket on node B, and to nobody else", async () => {
    const [nodeA, nodeB] = nodes;
    const db = nodeA.services.db;
    const created = await createEvent(db);
    const organiser = await createUser(db, { totpKey: new Uint8Array(20).fill(7) });
    await createRegistration(db, { eventId: created.id, userId: organiser.id, role: "ORGANISER", status: "APPROVED" });
    const staff = await createUser(db);
    await createRegistration(db, { eventId: created.id, userId: staff.id, role: "CHECKIN_STAFF", status: "APPROVED" });
    const delegate = await createUser(db);
    await createRegistration(db, { eventId: created.id, userId: delegate.id, status: "APPROVED" });
    const { token } = await createAuthSession(db, organiser.id, { twoFactorVerified: true });
    const open = (cookie?: string) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(nodeB.url, { auth: { event: created.slug }, transports: ["websocket"], reconnection: false, extraHeaders: cookie ? { Cookie: cookie } : {} });
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", reject);
      });
    const [organiserSocket, anonymousSocket] = [await open(`plenary_session=${token}`), await open()];
    const leaked: unknown[] = [];
    anonymousSocket.on("checkin", (payload) => leaked.push(payload));
    const received = new Promise<{ name: string }>((resolve) => organiserSocket.once("checkin", resolve));
    const event = await getStaffEvent(db, created.slug);
    const badge = await getOwnBadge(db, delegate.id, created.id);
    if (badge.status !== "ok") throw new Error("no badge");
    const outcome = await checkIn(nodeA.services, { kind: "user", userId: staff.id }, event, { code: badge.token, method: "qr" });
    expect(outcome.result).toBe("checked_in");
    expect((await received).name).toBe(`${delegate.givenName} ${delegate.familyName}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(leaked).toEqual([]);
    organiserSocket.close();
    anonymousSocket.close();
  });

  it("reports the live channel as redis-backed and healthy on both nodes", async () => {
    for (const node of nodes) {
      const body = await (await fetch(`${node.url}/healthz`)).json();
      expect(body.live).toMatchObject({ ok: true, adapter: "redis" });
    }
  });
});

describe.runIf(testDatabaseKind === "postgres")("health when the database is gone", () => {
  it("answers 503 with the database marked down", async () => {
    const database = await createTestDatabase();
    const env = loadEnv({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", DEMO_DATA: "never" });
    const node = await startPlenary({ env, mode: "production", database });
    try {
      expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
      await database.dropNow!();
      const response = await fetch(`${node.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "degraded", database: { ok: false }, live: { ok: true } });
    } finally {
      await node.close();
      await database.dispose();
    }
  }, 60_000);
});
