import fs from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request, type Response } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { createClient } from "redis";
import type { ViteDevServer } from "vite";
import type { AppServices } from "../app/lib/app-context.ts";
import { DomainEventBus } from "../app/lib/domain-events.ts";
import { AuthRateLimiter, MemoryRateLimitStore, RedisRateLimitStore } from "../app/modules/auth/rate-limit.server.ts";
import { resolveViewer } from "../app/modules/auth/viewer.server.ts";
import { ensureDemoData } from "../app/modules/demo/demo-assembly.server.ts";
import { expireOffers } from "../app/modules/workshops/signup.server.ts";
import { databaseLocationFromEnv, openDatabase, type Database } from "./db.server.ts";
import type { Env } from "./env.server.ts";
import { openLiveChannel, type LiveChannel } from "./live.server.ts";
import { smtpTransport, startMailWorker } from "./mail.server.ts";
import { createLogger } from "./logger.server.ts";
import { cspNonce, redactSecretPath, rejectCrossSiteWrites, securityHeaders } from "./security.server.ts";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHUTDOWN_GRACE_MS = 10_000;

export interface Plenary {
  url: string;
  httpServer: HttpServer;
  services: AppServices;
  database: Database;
  live: LiveChannel;
  /** Stops accepting, closes sockets, lets requests finish, closes the database. Idempotent. */
  close(): Promise<void>;
}

export interface StartOptions {
  env: Env;
  /** "production" serves build/ (run `npm run build` first); "development" runs Vite in middleware mode. */
  mode?: "production" | "development";
  /** An already open database (tests); otherwise chosen from the environment. */
  database?: Database;
  logger?: Logger;
  /** How often sockets' sessions are re-checked (tests shorten it). */
  sessionRecheckMs?: number;
}

/**
 * Creates everything one process owns exactly once (database, domain event bus, Socket.IO) and
 * hands it to Remix through the load context.
 */
export async function startPlenary(options: StartOptions): Promise<Plenary> {
  const { env } = options;
  const mode = options.mode ?? (env.NODE_ENV === "production" ? "production" : "development");
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);

  const database =
    options.database ??
    (await openDatabase(databaseLocationFromEnv(env), { onConnectionError: (error) => logger.error({ err: error }, "database connection lost") }));
  const demo = await ensureDemoData(database.prisma, {
    mode: env.DEMO_DATA,
    nodeEnv: env.NODE_ENV,
    usingExternalDatabase: database.kind === "postgres",
    startDate: env.DEMO_START_DATE,
    password: env.DEMO_PASSWORD,
    log: (message) => logger.info(message),
  });
  logger.info({ seeded: demo.seeded, reason: demo.reason }, "demo data");

  const bus = new DomainEventBus((error, name) => logger.error({ err: error, event: name }, "domain event subscriber failed"));
  // Rate-limit counters are shared by every node through Redis when there is one.
  const redis = env.REDIS_URL ? createClient({ url: env.REDIS_URL }) : null;
  if (redis) {
    redis.on("error", (error) => logger.error({ err: error }, "redis error (rate limits)"));
    await redis.connect();
  }
  const rateLimitStore = redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore();
  const mailWorker = env.SMTP_URL ? startMailWorker(database.prisma, smtpTransport(env.SMTP_URL, env.MAIL_FROM), logger) : null;
  const services: AppServices = {
    db: database.prisma,
    bus,
    logger,
    config: {
      sessionPolicy: { inactivityMs: env.SESSION_INACTIVITY_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_DAYS * 86_400_000 },
      authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
      secureCookies: env.TRUST_PROXY,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
      smtpConfigured: Boolean(env.SMTP_URL),
    },
    rateLimiter: new AuthRateLimiter(rateLimitStore, env.AUTH_RATE_LIMIT_PER_MINUTE),
    mailQueued: () => mailWorker?.poke(),
  };

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", 1);
  const httpServer = createServer(app);
  const live = await openLiveChannel(httpServer, {
    db: database.prisma,
    bus,
    logger,
    config: services.config,
    sessionRecheckMs: options.sessionRecheckMs,
    redisUrl: env.REDIS_URL,
    allowedOrigins: env.ALLOWED_ORIGINS,
  });

  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === "/healthz" || req.url?.startsWith("/assets/") === true },
      // Secret links (e-mailed tokens, personal calendar feeds) never reach the log.
      serializers: { req: (req: { url?: string }) => ({ ...req, url: req.url === undefined ? undefined : redactSecretPath(req.url) }) },
    }),
  );
  app.use(cspNonce);
  app.use(securityHeaders({ development: mode === "development", https: env.TRUST_PROXY }));
  app.use(compression());
  app.use(rejectCrossSiteWrites(env.ALLOWED_ORIGINS));

  app.get("/healthz", async (_req: Request, res: Response) => {
    const [db, channel] = await Promise.all([timed(() => database.ping()), live.health()]);
    const ok = db.ok && channel.ok;
    res.status(ok ? 200 : 503).json({
      status: ok ? "ok" : "degraded",
      database: { ok: db.ok, kind: database.kind, latencyMs: db.latencyMs, ...(db.error && { error: db.error }) },
      live: channel,
    });
  });

  let vite: ViteDevServer | undefined;
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (mode === "development") {
    const { createServer: createViteServer } = await import("vite");
    vite = await createViteServer({ root: rootDir, server: { middlewareMode: true } });
    app.use(vite.middlewares);
    const devServer = vite;
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const serverBuildPath = path.join(rootDir, "build/server/index.js");
    if (!fs.existsSync(serverBuildPath)) throw new Error("No production build: run `npm run build` first (`npm start` does both).");
    build = (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
    app.use("/assets", express.static(path.join(rootDir, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(rootDir, "build/client"), { maxAge: "1h" }));
  }
  app.use(express.static(path.join(rootDir, "public"), { maxAge: "1h" }));

  app.all(
    "*",
    createRequestHandler({
      build,
      mode,
      getLoadContext: async (req, res) => ({
        services,
        request: { cspNonce: res.locals.cspNonce as string, ipAddress: req.ip, userAgent: req.get("user-agent") },
        ...(await resolveViewer(services, req.get("cookie"))),
      }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = `http://localhost:${port}`;
  if (!env.PUBLIC_URL) services.config.publicUrl = url;

  // Timed waitlist offers that lapsed pass to the next in line. Any node may run this: offers are
  // claimed with FOR UPDATE SKIP LOCKED, so the database is the queue.
  const offerJob = setInterval(() => {
    expireOffers(services, new Date()).catch((error) => logger.error({ err: error }, "expiring waitlist offers failed"));
  }, 60_000);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info("shutting down");
      clearInterval(offerJob);
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await live.close();
      const force = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await httpClosed;
      clearTimeout(force);
      await vite?.close();
      await mailWorker?.stop();
      if (redis?.isOpen) await redis.quit();
      await database.close();
      logger.info("stopped");
    })());

  return { url, httpServer, services, database, live, close };
}

async function timed(check: () => Promise<void>, timeoutMs = 2_000) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started), error: undefined };
  } catch (error) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
