import { useRevalidator } from "@remix-run/react";
import { useRef } from "react";
import { useLiveSocket } from "~/modules/live/live-socket";

/**
 * Reloads the page's data when the server says a bilateral meeting the viewer may know of changed
 * (`bilateral:changed`, sent only to those people and the event's organisers; see
 * app/modules/bilaterals/live.server.ts), and after a reconnect the server could not replay.
 * Uses the page's one shared live socket.
 */
export function useBilateralLive(eventSlug: string): void {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useLiveSocket(eventSlug, () => [["bilateral:changed", () => revalidate.current()]], () => revalidate.current());
}
