import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { io, type Socket } from "socket.io-client";

/**
 * Reloads the page's data when the server says one of the viewer's bilateral meetings changed
 * (`bilateral:changed`, sent only to the people who may know of it; see
 * app/modules/bilaterals/live.server.ts), and after a reconnect the server could not replay.
 */
export function useBilateralLive(eventSlug: string): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    const socket: Socket = io({ auth: { event: eventSlug } });
    let connectedBefore = false;
    socket.on("connect", () => {
      if (connectedBefore && !socket.recovered) revalidate.current();
      connectedBefore = true;
    });
    socket.on("bilateral:changed", () => revalidate.current());
    return () => {
      socket.off();
      socket.disconnect();
    };
  }, [eventSlug]);
}
