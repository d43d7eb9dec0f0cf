import { describe, expect, it } from "vitest";
import { DomainEventBus } from "~/lib/domain-events";
import { forwardBilateralChanges } from "./live.server";

describe("forwardBilateralChanges", () => {
  it("tells only the named people and the event's organisers, with the id and status and nothing else", async () => {
    const bus = new DomainEventBus();
    const sent: { rooms: string[]; name: string; payload: unknown }[] = [];
    const stop = forwardBilateralChanges(bus, { to: (rooms) => ({ emit: (name, payload) => sent.push({ rooms, name, payload }) }) });
    bus.publish("bilateral.changed", { eventId: "e", bilateralId: "b1", status: "booked", delegationIds: ["d1", "d2"], userIds: ["u1", "u2"] });
    bus.publish("bilateral.changed", { eventId: "e", bilateralId: "b2", status: "requested", delegationIds: ["d1", "d2"], userIds: [] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sent).toEqual([
      { rooms: ["user:u1", "user:u2", "organisers:e"], name: "bilateral:changed", payload: { bilateralId: "b1", status: "booked" } },
      { rooms: ["organisers:e"], name: "bilateral:changed", payload: { bilateralId: "b2", status: "requested" } },
    ]);
    stop();
    expect(bus.listenerCount("bilateral.changed")).toBe(0);
  });
});
