import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { SessionPublic } from "~/modules/agenda/session-public";

export type LiveStatus = "connecting" | "connected" | "offline";

/**
 * Follows an event's public live channel and merges `session:updated` payloads into the page's
 * sessions; a signed-in person's own news (`waitlist:promoted`) refreshes the page's data. After a
 * reconnect the server could not replay (state not recovered), the page's data is revalidated so
 * nothing missed while offline stays missed.
 */
export function useLiveSessions<T extends SessionPublic>(eventSlug: string, sessions: T[]) {
  const [updates, setUpdates] = useState<Record<string, SessionPublic>>({});
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => {
    // Fresh loader data already includes everything published so far.
    setUpdates({});
  }, [sessions]);

  useEffect(() => {
    const socket: Socket = io({ auth: { event: eventSlug } });
    let connectedBefore = false;
    const onConnect = () => {
      setStatus("connected");
      if (connectedBefore && !socket.recovered) revalidate.current();
      connectedBefore = true;
    };
    const onDisconnect = () => setStatus("offline");
    const onUpdate = (session: SessionPublic) => setUpdates((current) => ({ ...current, [session.id]: session }));
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onDisconnect);
    socket.on("session:updated", onUpdate);
    // Personal news (a seat came free for me): reload this page's data, which holds my status.
    socket.on("waitlist:promoted", () => revalidate.current());
    return () => {
      socket.off();
      socket.disconnect();
    };
  }, [eventSlug]);

  const merged = sessions.map((session) => {
    const update = updates[session.id];
    if (!update) return session;
    // Per-language room names belong to the old room once a session moves.
    const roomChanged = update.room?.id !== session.room?.id;
    return { ...session, ...update, ...(roomChanged && "roomNames" in session && { roomNames: {} }) };
  });
  return { sessions: merged, status };
}
