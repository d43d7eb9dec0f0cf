import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Logger } from "pino";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import type { AppConfig } from "../app/lib/app-context.ts";
import type { DomainEventBus } from "../app/lib/domain-events.ts";
import { resolveViewer } from "../app/modules/auth/viewer.server.ts";
import { allowSocketRequest } from "./security.server.ts";

export const eventRoom = (eventId: string) => `event:${eventId}`;
export const userRoom = (userId: string) => `user:${userId}`;

/** Sockets of a session that ended (logout, revocation, password change, expiry) are dropped within this. */
const SESSION_RECHECK_MS = 15_000;

const handshakeSchema = z.object({ event: z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/) });

export interface LiveChannel {
  io: Server;
  adapter: "memory" | "redis";
  health(): Promise<{ ok: boolean; adapter: "memory" | "redis"; clients: number; error?: string }>;
  close(): Promise<void>;
}

/**
 * Socket.IO on the app's http server. Sockets only listen: the server assigns rooms, and domain
 * events reach them one way (write → domain event → room). No client event changes data.
 */
export async function openLiveChannel(
  httpServer: HttpServer,
  deps: {
    db: PrismaClient;
    bus: DomainEventBus;
    logger: Logger;
    config: AppConfig;
    redisUrl?: string;
    allowedOrigins: readonly string[];
    sessionRecheckMs?: number;
  },
): Promise<LiveChannel> {
  const redis = deps.redisUrl ? createClient({ url: deps.redisUrl }) : null;
  if (redis) {
    redis.on("error", (error) => deps.logger.error({ err: error }, "redis error"));
    await redis.connect();
  }
  const io = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: allowSocketRequest(deps.allowedOrigins),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
    ...(redis && { adapter: createAdapter(redis) }),
  });

  io.use(async (socket: Socket, next) => {
    const handshake = handshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) return next(new Error("Name the event to follow: io(url, { auth: { event: \"<slug>\" } })."));
    try {
      const event = await deps.db.event.findFirst({ where: { slug: handshake.data.event, published: true }, select: { id: true } });
      if (!event) return next(new Error("Unknown event."));
      socket.data.eventId = event.id;
      // The same cookie and the same validation as HTTP; a socket without a full session is anonymous.
      const { viewer } = await resolveViewer(deps, socket.handshake.headers.cookie);
      if (viewer) {
        socket.data.userId = viewer.user.id;
        socket.data.sessionId = viewer.session.id;
      }
      next();
    } catch (error) {
      deps.logger.error({ err: error }, "socket handshake failed");
      next(new Error("Temporarily unavailable."));
    }
  });

  io.on("connection", (socket) => {
    void socket.join(eventRoom(socket.data.eventId as string));
    if (socket.data.userId) void socket.join(userRoom(socket.data.userId as string));
    // Nothing a client sends is acted on (yet): drop it, and drop clients that flood.
    let received = 0;
    const window = setInterval(() => (received = 0), 10_000);
    socket.onAny(() => {
      if (++received > 50) socket.disconnect(true);
    });
    socket.on("disconnect", () => clearInterval(window));
  });

  const unsubscribers = [
    deps.bus.subscribe("session.updated", ({ eventId, session }) => {
      io.to(eventRoom(eventId)).emit("session:updated", session);
    }),
    // Personal news goes only to that person's sockets (on every node, through the adapter).
    deps.bus.subscribe("workshop.promoted", ({ userId, sessionId, status }) => {
      io.to(userRoom(userId)).emit("waitlist:promoted", { sessionId, status });
    }),
  ];

  // Drop this node's sockets whose session has ended since they connected.
  const recheck = setInterval(async () => {
    const sockets = [...io.of("/").sockets.values()].filter((socket) => socket.data.sessionId);
    if (sockets.length === 0) return;
    try {
      const now = new Date();
      const alive = await deps.db.authSession.findMany({
        where: { id: { in: [...new Set(sockets.map((s) => s.data.sessionId as string))] }, expiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
        select: { id: true },
      });
      const aliveIds = new Set(alive.map((s) => s.id));
      for (const socket of sockets) if (!aliveIds.has(socket.data.sessionId as string)) socket.disconnect(true);
    } catch (error) {
      deps.logger.error({ err: error }, "socket session check failed");
    }
  }, deps.sessionRecheckMs ?? SESSION_RECHECK_MS);

  const adapter = redis ? "redis" : "memory";
  return {
    io,
    adapter,
    async health() {
      try {
        if (redis) await redis.ping();
        return { ok: true, adapter, clients: io.engine.clientsCount };
      } catch (error) {
        return { ok: false, adapter, clients: io.engine.clientsCount, error: (error as Error).message };
      }
    },
    async close() {
      clearInterval(recheck);
      for (const unsubscribe of unsubscribers) unsubscribe();
      io.disconnectSockets(true);
      io.engine.close(); // closes every transport; the http server is closed by its owner
      if (redis?.isOpen) await redis.quit();
    },
  };
}
