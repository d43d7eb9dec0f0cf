import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";

export type LiveStatus = "connecting" | "connected" | "offline";

// One socket per event per page, shared by every component that listens (agenda, banner, feed).
const shared = new Map<string, { socket: Socket; users: number; retry?: ReturnType<typeof setTimeout> }>();

function acquire(eventSlug: string): Socket {
  let entry = shared.get(eventSlug);
  if (!entry) {
    // WebSocket first (no sticky sessions needed behind a load balancer); long-polling only if
    // the WebSocket cannot get through, and then the balancer must be sticky (see README).
    const socket = io({ auth: { event: eventSlug }, transports: ["websocket", "polling"], tryAllTransports: true });
    const created: { socket: Socket; users: number; retry?: ReturnType<typeof setTimeout> } = { socket, users: 0 };
    entry = created;
    // The server drops a socket whose session ended; come back (as whoever the cookie now says) later.
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") created.retry = setTimeout(() => socket.connect(), 5_000);
    });
    shared.set(eventSlug, entry);
  }
  entry.users++;
  return entry.socket;
}

function release(eventSlug: string) {
  const entry = shared.get(eventSlug);
  if (!entry) return;
  if (--entry.users > 0) return;
  clearTimeout(entry.retry);
  entry.socket.off();
  entry.socket.disconnect();
  shared.delete(eventSlug);
}

/** Sends a client event on the event's shared socket, if this page has one open. */
export function emitLive(eventSlug: string, name: string, payload: unknown): void {
  const socket = shared.get(eventSlug)?.socket;
  if (socket?.connected) socket.emit(name, payload, () => {});
}

/**
 * The event's live socket and its state. `onResync` runs when the socket comes back and the
 * server could not replay what was missed (connection state not recovered): reload the page's data.
 * Listeners registered through `listen` are removed when the component goes away, and
 * registered again when `key` changes (e.g. the session a page follows).
 */
export function useLiveSocket(
  eventSlug: string,
  listen: (socket: Socket) => Array<[string, (...args: never[]) => void]>,
  onResync?: () => void,
  key = "",
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const listenRef = useRef(listen);
  listenRef.current = listen;
  const resyncRef = useRef(onResync);
  resyncRef.current = onResync;

  useEffect(() => {
    const socket = acquire(eventSlug);
    let connectedBefore = socket.connected;
    setStatus(socket.connected ? "connected" : "connecting");
    const onConnect = () => {
      setStatus("connected");
      if (connectedBefore && !socket.recovered) resyncRef.current?.();
      connectedBefore = true;
    };
    const onDisconnect = () => setStatus("offline");
    const handlers: Array<[string, (...args: never[]) => void]> = [
      ["connect", onConnect],
      ["disconnect", onDisconnect],
      ["connect_error", onDisconnect],
      ...listenRef.current(socket),
    ];
    for (const [name, handler] of handlers) socket.on(name, handler as (...args: unknown[]) => void);
    return () => {
      for (const [name, handler] of handlers) socket.off(name, handler as (...args: unknown[]) => void);
      release(eventSlug);
    };
  }, [eventSlug, key]);
  return status;
}
