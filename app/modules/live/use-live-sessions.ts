import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { SessionPublic } from "~/modules/agenda/session-public";
import type { SeatsUpdatedPayload } from "./live-events";
import { emitLive, useLiveSocket, type LiveStatus } from "./live-socket";

export type { LiveStatus } from "./live-socket";

/**
 * Follows an event's public live channel and merges `session:updated` and `seats:updated`
 * payloads into the page's sessions; a signed-in person's own news (`waitlist:promoted`) refreshes
 * the page's data. After a reconnect the server could not replay (state not recovered), the page's
 * data is revalidated so nothing missed while offline stays missed. With `follow`, a signed-in
 * page also asks the server to follow that one session (`session:<id>` room).
 */
export function useLiveSessions<T extends SessionPublic>(eventSlug: string, sessions: T[], options: { follow?: string } = {}) {
  const [updates, setUpdates] = useState<Record<string, Partial<SessionPublic>>>({});
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  useEffect(() => {
    // Fresh loader data already includes everything published so far.
    setUpdates({});
  }, [sessions]);

  // Stop following a session this page no longer shows.
  useEffect(() => {
    const followed = options.follow;
    return () => {
      if (followed) emitLive(eventSlug, "session:unfollow", { sessionId: followed });
    };
  }, [eventSlug, options.follow]);

  const status: LiveStatus = useLiveSocket(
    eventSlug,
    (socket) => {
      const follow = () => {
        if (options.follow) socket.emit("session:follow", { sessionId: options.follow }, () => {});
      };
      if (socket.connected) follow();
      return [
        ["connect", follow],
        ["session:updated", (session: SessionPublic) => setUpdates((current) => ({ ...current, [session.id]: session }))],
        [
          "seats:updated",
          ({ sessionId, capacity, seatsTaken }: SeatsUpdatedPayload) =>
            setUpdates((current) => ({ ...current, [sessionId]: { ...current[sessionId], capacity, seatsTaken } })),
        ],
        // Personal news (a seat came free for me): reload this page's data, which holds my status.
        ["waitlist:promoted", () => revalidate.current()],
      ];
    },
    () => revalidate.current(),
    options.follow,
  );

  const merged = sessions.map((session) => {
    const update = updates[session.id];
    if (!update) return session;
    // Per-language room names belong to the old room once a session moves.
    const roomChanged = update.room !== undefined && update.room?.id !== session.room?.id;
    return { ...session, ...update, ...(roomChanged && "roomNames" in session && { roomNames: {} }) };
  });
  return { sessions: merged, status };
}
