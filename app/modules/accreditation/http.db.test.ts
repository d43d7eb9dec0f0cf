// The organiser and head-of-delegation pages through the real server (production build).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";

let server: TestServer;
let plenary: Plenary;
let f: Awaited<ReturnType<typeof createFixture>>;

async function createFixture(db: Plenary["services"]["db"]) {
  const event = await createEvent(db);
  const [mine, other] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  // Organisers sign in with a second factor: this one has it set up and passed it.
  const organiser = await createUser(db, { totpKey: new Uint8Array(20).fill(7) });
  await createRegistration(db, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
  const delegate = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: delegate.id, delegationId: mine.id });
  const head = await createUser(db);
  await createRegistration(db, { eventId: event.id, userId: head.id, delegationId: mine.id, role: "HEAD_OF_DELEGATION" });
  const applicant = await createUser(db, { givenName: "Амина", familyName: "Соколова" });
  const pending = await createRegistration(db, {
    eventId: event.id,
    userId: applicant.id,
    delegationId: mine.id,
    status: "PENDING",
    identityDocumentNumber: "ZX9988776",
  });
  const stranger = await createUser(db, { givenName: "Kwame", familyName: "Outsider" });
  await createRegistration(db, { eventId: event.id, userId: stranger.id, delegationId: other.id, status: "PENDING" });
  const cookie = async (userId: string, twoFactorVerified = false) =>
    `plenary_session=${(await createAuthSession(db, userId, { twoFactorVerified })).token}`;
  return {
    event,
    pending,
    organiser: await cookie(organiser.id, true),
    delegate: await cookie(delegate.id),
    head: await cookie(head.id),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
  f = await createFixture(plenary.services.db);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, cookie?: string) => fetch(`${plenary.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

describe("organiser pages over HTTP", () => {
  it("answers 403 to a delegate and 200 to the organiser on the accreditation queue, without identity document numbers", async () => {
    const queue = `/events/${f.event.slug}/admin/accreditation`;
    expect((await get(queue, f.delegate)).status).toBe(403);
    expect((await get(queue, f.head)).status).toBe(403);
    const anonymous = await get(queue);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(queue)}`);

    const response = await get(`${queue}?q=${encodeURIComponent("амина")}`, f.organiser);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Соколова");
    expect(html).not.toContain("Outsider"); // filtered out by the search
    expect(html).not.toContain("ZX9988776");
  });

  it("keeps settings, mail and a person's page to organisers", async () => {
    for (const path of ["admin/settings", "admin/settings/delegations", "admin/mail", `admin/accreditation/${f.pending.id}`]) {
      expect((await get(`/events/${f.event.slug}/${path}`, f.delegate)).status, path).toBe(403);
      expect((await get(`/events/${f.event.slug}/${path}`, f.organiser)).status, path).toBe(200);
    }
  });

  it("lets the organiser approve from the queue; the person's mail shows in the outbox", async () => {
    const response = await fetch(`${plenary.url}/events/${f.event.slug}/admin/accreditation?index`, {
      method: "POST",
      headers: { Cookie: f.organiser, Origin: new URL(plenary.url).origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ registrationId: f.pending.id, decision: "approve" }),
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect((await plenary.services.db.registration.findUniqueOrThrow({ where: { id: f.pending.id } })).status).toBe("APPROVED");
    const outbox = await (await get(`/events/${f.event.slug}/admin/mail`, f.organiser)).text();
    expect(outbox).toContain("is approved");
  });

  it("shows a head their own delegation only, and refuses the page to a delegate", async () => {
    const page = `/events/${f.event.slug}/delegation`;
    expect((await get(page, f.delegate)).status).toBe(403);
    const response = await get(page, f.head);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Соколова");
    expect(html).not.toContain("Outsider");
  });
});
