// Forwards `bilateral.changed` to the sockets of the people who may know of the meeting and to the
// event's organisers, as `bilateral:changed` with only the id and the status (the page reloads its
// data under its own access check). server/live.server.ts subscribes it with the other events.
import type { DomainEventBus } from "~/lib/domain-events";
import "./events.server";

interface RoomEmitter {
  to(rooms: string[]): { emit(name: string, payload: unknown): unknown };
}

/** Returns the function that removes the subscription. */
export function forwardBilateralChanges(bus: DomainEventBus, io: RoomEmitter): () => void {
  return bus.subscribe("bilateral.changed", ({ eventId, bilateralId, status, userIds }) => {
    io.to([...userIds.map((id) => `user:${id}`), `organisers:${eventId}`]).emit("bilateral:changed", { bilateralId, status });
  });
}
