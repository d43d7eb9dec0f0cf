// The workshop sign-up API through the real server (production build): status codes and JSON shapes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createDelegation, createEvent, createRegistration, createSession, createUser } from "../demo/factories.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";

let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof createFixture>>;

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db, { delegationCapDefault: 2 });
  const delegation = await createDelegation(db, { eventId: event.id });
  const startsAt = new Date("2030-05-06T09:00:00Z");
  const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 1, startsAt, texts: { en: { title: "Dismantling scam centres" } } });
  const overlapping = await createSession(db, {
    eventId: event.id,
    kind: "WORKSHOP",
    capacity: 10,
    startsAt: new Date(startsAt.getTime() + 30 * 60_000),
    texts: { en: { title: "Tracing crypto" } },
  });
  const closed = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 10, startsAt: new Date("2030-05-07T09:00:00Z"), signupClosesAt: new Date("2020-01-01T00:00:00Z") });
  const later = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 10, startsAt: new Date("2030-05-08T09:00:00Z") });
  const person = async (status: "APPROVED" | "PENDING" = "APPROVED") => {
    const user = await createUser(db);
    await createRegistration(db, { eventId: event.id, userId: user.id, delegationId: delegation.id, status });
    return `plenary_session=${(await createAuthSession(db, user.id)).token}`;
  };
  return { event, workshop, overlapping, closed, later, a: await person(), b: await person(), c: await person(), pending: await person("PENDING") };
}

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
  f = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function call(method: "POST" | "DELETE" | "GET", sessionId: string, cookie?: string, body?: unknown) {
  return fetch(`${plenary.url}/api/events/${f.event.slug}/sessions/${sessionId}/signup`, {
    method,
    headers: {
      Origin: new URL(plenary.url).origin,
      ...(cookie && { Cookie: cookie }),
      ...(body !== undefined && { "Content-Type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: "manual",
  });
}

describe("POST/DELETE /api/events/:slug/sessions/:id/signup", () => {
  it("answers the documented codes and shapes", async () => {
    const anonymous = await call("POST", f.workshop.id);
    expect(anonymous.status).toBe(401);

    const first = await call("POST", f.workshop.id, f.a);
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toMatch(/application\/json/);
    expect(await first.json()).toEqual({ status: "confirmed" });

    const second = await call("POST", f.workshop.id, f.b, {});
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: "waitlisted", position: 1 });

    const clash = await call("POST", f.overlapping.id, f.a);
    expect(clash.status).toBe(409);
    expect(await clash.json()).toMatchObject({
      reason: "clash",
      session: { id: f.workshop.id, title: "Dismantling scam centres", startsAt: f.workshop.startsAt.toISOString(), endsAt: f.workshop.endsAt.toISOString() },
    });

    // The delegation (cap 2) already holds two places in the first workshop.
    const capped = await call("POST", f.workshop.id, f.c);
    expect(capped.status).toBe(409);
    expect(await capped.json()).toMatchObject({ reason: "delegation_cap" });

    expect((await call("POST", f.closed.id, f.c)).status).toBe(403);
    expect((await call("POST", f.later.id, f.pending)).status).toBe(403);
    expect((await call("POST", "00000000-0000-7000-8000-000000000000", f.c)).status).toBe(404);

    const mine = await call("GET", f.workshop.id, f.b);
    expect(await mine.json()).toEqual({ status: "waitlisted", position: 1, seats: { capacity: 1, confirmed: 1, offered: 0, waitlisted: 1, free: 0 } });

    const cancelled = await call("DELETE", f.workshop.id, f.a);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toEqual({ status: "cancelled" });
    // b was first in line: promoted at once, and told by e-mail.
    expect(await (await call("GET", f.workshop.id, f.b)).json()).toMatchObject({ status: "confirmed" });
    expect(await plenary.services.db.mailMessage.count({ where: { eventId: f.event.id, kind: "workshop.promoted" } })).toBe(1);

    // A switch by form post: b gives up the seat just won for one in the overlapping workshop.
    const form = await fetch(`${plenary.url}/api/events/${f.event.slug}/sessions/${f.overlapping.id}/signup`, {
      method: "POST",
      headers: { Origin: new URL(plenary.url).origin, Cookie: f.b, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ switchFrom: f.workshop.id }),
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toEqual({ status: "confirmed" });
    expect(await (await call("GET", f.workshop.id, f.b)).json()).toMatchObject({ status: "none" });
  });
});
