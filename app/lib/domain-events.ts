import type { SessionPublic } from "~/modules/agenda/session-public";

/**
 * Domain events: what happened, published by the domain layer after its transaction committed.
 * Subscribers (the live channel, later mail and audit consumers) never run inside a write.
 */
export interface DomainEventMap {
  "session.updated": { eventId: string; session: SessionPublic };
  /** A waitlisted person got a seat (or, in timed-offer mode, an offer of one). */
  "workshop.promoted": { eventId: string; sessionId: string; userId: string; status: "confirmed" | "offered" };
}

export type DomainEventName = keyof DomainEventMap;
type Handler<K extends DomainEventName> = (payload: DomainEventMap[K]) => void | Promise<void>;

export class DomainEventBus {
  #handlers = new Map<DomainEventName, Set<Handler<DomainEventName>>>();

  constructor(private readonly onHandlerError: (error: unknown, name: DomainEventName) => void = () => {}) {}

  /** Returns the function that removes the subscription. */
  subscribe<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
    const handlers = this.#handlers.get(name) ?? new Set();
    handlers.add(handler as Handler<DomainEventName>);
    this.#handlers.set(name, handlers);
    return () => handlers.delete(handler as Handler<DomainEventName>);
  }

  /** Call only after the data it describes is committed. A failing subscriber never fails the caller. */
  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    for (const handler of this.#handlers.get(name) ?? []) {
      Promise.resolve()
        .then(() => handler(payload))
        .catch((error) => this.onHandlerError(error, name));
    }
  }

  listenerCount(name: DomainEventName): number {
    return this.#handlers.get(name)?.size ?? 0;
  }
}
