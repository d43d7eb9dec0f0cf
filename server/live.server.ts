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
import { forwardBilateralChanges } from "../app/modules/bilaterals/live.server.ts";
import { allowSocketRequest } from "./security.server.ts";

import type {} from "../app/modules/live/live-events.ts";

export const eventRoom = (eventId: string) => `event:${eventId}`;
export const userRoom = (userId: string) => `user:${userId}`;
export const delegationRoom = (delegationId: string) => `delegation:${delegationId}`;
export const organisersRoom = (eventId: string) => `organisers:${eventId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** Sockets of a session that ended (logout, revocation, password change, expiry) are dropped within this. */
const SESSION_RECHECK_MS = 15_000;
/** Largest message a client may send (it only ever sends small follow requests). */
export const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024;
/** Any client event counts against this; a client beyond it is disconnected. */
const FLOOD_LIMIT = { events: 50, windowMs: 10_000 };
/** Follow/unfollow requests answered per socket per window; beyond it they are refused ("rate_limited"). */
const FOLLOW_LIMIT = { events: 10, windowMs: 10_000 };
/** Sessions one socket may follow at once. */
const MAX_FOLLOWED_SESSIONS = 20;

const handshakeSchema = z.object({ event: z.string().trim().min(1).max(64).regex(/^[a-z0-9-]+$/) });

/** Client → server events: the only ones the server answers. Anything else is dropped. */
export const clientEventSchemas = {
  "session:follow": z.object({ sessionId: z.uuid() }).strict(),
  "session:unfollow": z.object({ sessionId: z.uuid() }).strict(),
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;
/** Every answer (ack) to a client event. */
export type ClientEventAnswer = { ok: true } | { ok: false; error: "invalid" | "sign_in" | "not_found" | "rate_limited" | "too_many" };

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
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
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
        // Private rooms follow from the person's accredited registration for this event, decided here.
        const [registration, user] = await Promise.all([
          deps.db.registration.findFirst({ where: { eventId: event.id, userId: viewer.user.id, status: "APPROVED" }, select: { delegationId: true, role: true } }),
          deps.db.user.findUnique({ where: { id: viewer.user.id }, select: { isPlatformAdmin: true } }),
        ]);
        if (registration?.delegationId) socket.data.delegationId = registration.delegationId;
        socket.data.organiser = registration?.role === "ORGANISER" || registration?.role === "ADMIN" || user?.isPlatformAdmin === true;
      }
      next();
    } catch (error) {
      deps.logger.error({ err: error }, "socket handshake failed");
      next(new Error("Temporarily unavailable."));
    }
  });

  io.on("connection", (socket) => {
    const eventId = socket.data.eventId as string;
    // Rooms are the server's choice. Anonymous sockets: the public event channel only.
    if (!socket.recovered) {
      void socket.join(eventRoom(eventId));
      if (socket.data.userId) void socket.join(userRoom(socket.data.userId as string));
      if (socket.data.delegationId) void socket.join(delegationRoom(socket.data.delegationId as string));
      if (socket.data.organiser) void socket.join(organisersRoom(eventId));
    }
    // Every client event counts against the flood limit; a client beyond it is dropped.
    let received = 0;
    let follows = 0;
    const window = setInterval(() => {
      received = 0;
      follows = 0;
    }, FLOOD_LIMIT.windowMs);
    socket.onAny(() => {
      if (++received > FLOOD_LIMIT.events) socket.disconnect(true);
    });
    socket.on("disconnect", () => clearInterval(window));

    /** Validates, rate-limits and answers one client event; only known events with a valid payload reach `handle`. */
    const answer = <K extends ClientEventName>(name: K, handle: (payload: z.infer<(typeof clientEventSchemas)[K]>) => Promise<ClientEventAnswer>) => {
      socket.on(name as string, async (...args: unknown[]) => {
        const maybeAck = args[args.length - 1];
        const ack = typeof maybeAck === "function" ? (maybeAck as (answer: ClientEventAnswer) => void) : () => {};
        if (++follows > FOLLOW_LIMIT.events) return ack({ ok: false, error: "rate_limited" });
        const parsed = clientEventSchemas[name].safeParse(args[0]);
        if (!parsed.success || args.length > 2) return ack({ ok: false, error: "invalid" });
        try {
          ack(await handle(parsed.data as z.infer<(typeof clientEventSchemas)[K]>));
        } catch (error) {
          deps.logger.error({ err: error, event: name }, "client event failed");
          ack({ ok: false, error: "not_found" });
        }
      });
    };

    // A signed-in client may ask to follow one session (its seat counts, room announcements);
    // the server checks the session is public and belongs to this socket's event.
    answer("session:follow", async ({ sessionId }) => {
      if (!socket.data.userId) return { ok: false, error: "sign_in" };
      const followed = [...socket.rooms].filter((room) => room.startsWith("session:"));
      if (followed.includes(sessionRoom(sessionId))) return { ok: true };
      if (followed.length >= MAX_FOLLOWED_SESSIONS) return { ok: false, error: "too_many" };
      const session = await deps.db.session.findFirst({
        where: { id: sessionId, eventId, published: true, kind: { not: "BILATERAL" } },
        select: { id: true },
      });
      if (!session) return { ok: false, error: "not_found" };
      await socket.join(sessionRoom(sessionId));
      return { ok: true };
    });
    answer("session:unfollow", async ({ sessionId }) => {
      await socket.leave(sessionRoom(sessionId));
      return { ok: true };
    });
  });

  const unsubscribers = [
    deps.bus.subscribe("session.updated", ({ eventId, session }) => {
      io.to(eventRoom(eventId)).emit("session:updated", session);
    }),
    // Personal news goes only to that person's sockets (on every node, through the adapter).
    deps.bus.subscribe("workshop.promoted", ({ userId, sessionId, status }) => {
      io.to(userRoom(userId)).emit("waitlist:promoted", { sessionId, status });
    }),
    // Seat counts are public: the event's followers and the session's own.
    deps.bus.subscribe("seats.updated", ({ eventId, sessionId, capacity, seatsTaken }) => {
      io.to([eventRoom(eventId), sessionRoom(sessionId)]).emit("seats:updated", { sessionId, capacity, seatsTaken });
    }),
    // Event and room announcements are public; a delegation's reaches only its members and organisers.
    deps.bus.subscribe("announcement.published", ({ eventId, announcement }) => {
      const rooms = announcement.audience === "delegation" && announcement.delegation
        ? [delegationRoom(announcement.delegation.id), organisersRoom(eventId)]
        : [eventRoom(eventId)];
      io.to(rooms).emit("announcement", announcement);
    }),
    // Arrivals are personal data: organisers of the event only.
    deps.bus.subscribe("checkin.recorded", ({ eventId, checkIn }) => {
      io.to(organisersRoom(eventId)).emit("checkin", checkIn);
    }),
    // Bilateral meetings are confidential: the people who may know of one, and organisers.
    forwardBilateralChanges(deps.bus, io),
  ];

  // Drop this node's sockets whose session has ended since they connected, and bring every
  // signed-in socket's private rooms in line with the person's current registration (a demoted
  // organiser stops hearing check-ins, a person moved to another delegation hears that one).
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
      const staying = [];
      for (const socket of sockets) {
        if (aliveIds.has(socket.data.sessionId as string)) staying.push(socket);
        else socket.disconnect(true);
      }
      if (staying.length === 0) return;
      const userIds = [...new Set(staying.map((s) => s.data.userId as string))];
      const eventIds = [...new Set(staying.map((s) => s.data.eventId as string))];
      const [registrations, users] = await Promise.all([
        deps.db.registration.findMany({
          where: { userId: { in: userIds }, eventId: { in: eventIds }, status: "APPROVED" },
          select: { userId: true, eventId: true, delegationId: true, role: true },
        }),
        deps.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, isPlatformAdmin: true, disabledAt: true } }),
      ]);
      const byKey = new Map(registrations.map((r) => [`${r.userId}:${r.eventId}`, r]));
      const adminIds = new Set(users.filter((u) => u.isPlatformAdmin && !u.disabledAt).map((u) => u.id));
      const enabledIds = new Set(users.filter((u) => !u.disabledAt).map((u) => u.id));
      for (const socket of staying) {
        if (!enabledIds.has(socket.data.userId as string)) {
          socket.disconnect(true); // account disabled (or deleted)
          continue;
        }
        const eventId = socket.data.eventId as string;
        const registration = byKey.get(`${socket.data.userId}:${eventId}`);
        applyPrivateRooms(socket, eventId, {
          delegationId: registration?.delegationId ?? null,
          organiser: registration?.role === "ORGANISER" || registration?.role === "ADMIN" || adminIds.has(socket.data.userId as string),
        });
      }
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

/** Joins and leaves the delegation and organiser rooms so they match the person's current registration. */
function applyPrivateRooms(socket: Socket, eventId: string, wanted: { delegationId: string | null; organiser: boolean }) {
  const current = (socket.data.delegationId as string | undefined) ?? null;
  if (current !== wanted.delegationId) {
    if (current) void socket.leave(delegationRoom(current));
    if (wanted.delegationId) void socket.join(delegationRoom(wanted.delegationId));
    socket.data.delegationId = wanted.delegationId ?? undefined;
  }
  if (Boolean(socket.data.organiser) !== wanted.organiser) {
    if (wanted.organiser) void socket.join(organisersRoom(eventId));
    else void socket.leave(organisersRoom(eventId));
    socket.data.organiser = wanted.organiser;
  }
}
