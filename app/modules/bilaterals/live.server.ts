// Forwards `bilateral.changed` to the sockets of the people who may know of the meeting, as
// `bilateral:changed` with only the id and the status (the page reloads its data under its own
// access check). Wire it in server/live.server.ts beside the other subscriptions:
//   forwardBilateralChanges(deps.bus, io)
import type { DomainEventBus } from "~/lib/domain-events";
import "./events.server";

interface RoomEmitter {
  to(rooms: string[]): { emit(name: string, payload: unknown): unknown };
}

/** Returns the function that removes the subscription. */
export function forwardBilateralChanges(bus: DomainEventBus, io: RoomEmitter): () => void {
  return bus.subscribe("bilateral.changed", ({ bilateralId, status, userIds }) => {
    if (userIds.length === 0) return;
    io.to(userIds.map((id) => `user:${id}`)).emit("bilateral:changed", { bilateralId, status });
  });
}
