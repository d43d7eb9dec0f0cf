// Organisers' workshop pages: lists, add / remove / move (audited, with promotion), capacity
// changes, and the CSV export through the real server (production build).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plenary } from "../../../server/app.server.ts";
import type { Actor } from "../auth/actor.ts";
import { createAuthSession } from "../auth/session.server.ts";
import { createDelegation, createEvent, createRegistration, createSession, createUser } from "../demo/factories.server.ts";
import {
  csvCell,
  describeAdminError,
  getWorkshopRoster,
  listWorkshopsForAdmin,
  rosterCsv,
  runWorkshopAdminAction,
} from "./admin.server.ts";
import { signUp } from "./signup.server.ts";
import { startTestServer, type TestServer } from "../../../test/server.ts";

let server: TestServer;
let plenary: Plenary;

beforeAll(async () => {
  server = await startTestServer();
  plenary = server.plenary;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const user = (userId: string): Actor => ({ kind: "user", userId });
const base = new Date("2030-06-01T09:00:00Z");
const HOUR = 3_600_000;

async function fixture() {
  const db = plenary.services.db;
  const event = await createEvent(db);
  const delegation = await createDelegation(db, { eventId: event.id, name: `Ruritania, "North" ${Math.random().toString(36).slice(2, 8)}` });
  const a = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 2, startsAt: base, endsAt: new Date(base.getTime() + HOUR), texts: { en: { title: "Tracing crypto" } } });
  const b = await createSession(db, {
    eventId: event.id,
    kind: "WORKSHOP",
    capacity: 5,
    startsAt: new Date(base.getTime() + 3 * HOUR),
    endsAt: new Date(base.getTime() + 4 * HOUR),
    texts: { en: { title: "Scam centres" } },
  });
  await createSession(db, { eventId: event.id, kind: "PLENARY", startsAt: base });
  const person = async (names: { givenName?: string; familyName?: string } = {}, status: "APPROVED" | "PENDING" = "APPROVED", role: "DELEGATE" | "ORGANISER" = "DELEGATE") => {
    const u = await createUser(db, { ...names, ...(role === "ORGANISER" && { totpKey: new Uint8Array(20).fill(7) }) });
    const r = await createRegistration(db, { eventId: event.id, userId: u.id, delegationId: role === "ORGANISER" ? null : delegation.id, status, role });
    return { userId: u.id, email: u.email, registrationId: r.id, actor: user(u.id) };
  };
  const organiser = await person({}, "APPROVED", "ORGANISER");
  const p = [
    await person({ givenName: "=HYPERLINK(\"http://evil\")", familyName: "O'Brien, Jr." }),
    await person({ givenName: "محمد", familyName: "العلي" }),
    await person({ givenName: "Ana", familyName: "Lima" }),
    await person({ givenName: "Bo", familyName: "+Chen" }),
    await person({ givenName: "Cy", familyName: "Doe" }),
  ];
  const pending = await person({}, "PENDING");
  return { db, event, delegation, a, b, organiser, p, pending };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a refusal").not.toBeNull();
  return describeAdminError(error);
}

describe("organiser workshop lists and actions", () => {
  it("lists, adds, removes, moves and changes capacity, audited with the organiser as actor", async () => {
    const f = await fixture();
    const services = plenary.services;
    // p0, p1 confirmed (in that order); p2, p3 waitlisted 1, 2.
    for (const [i, person] of f.p.slice(0, 4).entries()) {
      await signUp(services, person.actor, f.event, f.a.id, {}, { now: new Date(Date.now() + i * 1000) });
    }

    const overview = await listWorkshopsForAdmin(f.db, { id: f.event.id, languages: ["en"] }, "en");
    expect(overview.map((w) => ({ title: w.title, capacity: w.capacity, confirmed: w.confirmed, waitlisted: w.waitlisted }))).toEqual([
      { title: "Tracing crypto", capacity: 2, confirmed: 2, waitlisted: 2 },
      { title: "Scam centres", capacity: 5, confirmed: 0, waitlisted: 0 },
    ]);

    const roster = await getWorkshopRoster(f.db, { id: f.event.id, languages: ["en"] }, f.a.id, "en");
    expect(roster.confirmed.map((r) => r.registrationId)).toEqual([f.p[0].registrationId, f.p[1].registrationId]);
    expect(roster.waitlist.map((r) => [r.registrationId, r.position])).toEqual([
      [f.p[2].registrationId, 1],
      [f.p[3].registrationId, 2],
    ]);
    expect(roster.confirmed[0]).toMatchObject({ email: f.p[0].email, delegation: f.delegation.name, countryCode: f.delegation.countryCode });
    expect(roster.others.map((o) => o.id)).toEqual([f.b.id]);

    // Only organisers may act, whatever they ask for.
    expect((await refusal(runWorkshopAdminAction(services, f.p[0].actor, f.event, f.a.id, { intent: "capacity", capacity: 10 }))).status).toBe(403);
    expect((await refusal(runWorkshopAdminAction(services, f.p[0].actor, f.event, f.a.id, { intent: "remove", registrationId: f.p[1].registrationId }))).status).toBe(403);
    expect(await f.db.auditLog.count({ where: { eventId: f.event.id, action: { in: ["workshop.cancelled", "workshop.capacity_changed"] } } })).toBe(0);

    // Add by e-mail (case-insensitive): the workshop is full, so the end of the waitlist.
    const added = await runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "add", email: f.p[4].email.toUpperCase() });
    expect(added).toMatchObject({ intent: "add", status: "waitlisted", position: 3 });
    expect(await f.db.auditLog.findFirst({ where: { eventId: f.event.id, action: "workshop.signed_up", actorId: f.organiser.userId } })).toMatchObject({
      data: { registrationId: f.p[4].registrationId, via: "organiser", status: "WAITLISTED", position: 3 },
    });
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "add", email: f.pending.email }))).toMatchObject({
      status: 404,
      code: "noSuchPerson",
    });
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "add", email: "not-an-address" }))).toMatchObject({
      status: 400,
      code: "invalid",
    });

    // Remove a confirmed person: the first in line (p2) is promoted at once.
    expect(await runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "remove", registrationId: f.p[0].registrationId })).toEqual({
      intent: "remove",
      promoted: 1,
    });
    expect(await f.db.auditLog.findFirst({ where: { eventId: f.event.id, action: "workshop.cancelled" } })).toMatchObject({
      actorId: f.organiser.userId,
      data: { registrationId: f.p[0].registrationId, via: "organiser", from: "CONFIRMED" },
    });
    let now = await getWorkshopRoster(f.db, { id: f.event.id, languages: ["en"] }, f.a.id, "en");
    expect(now.confirmed.map((r) => r.registrationId).sort()).toEqual([f.p[1].registrationId, f.p[2].registrationId].sort());
    expect(now.waitlist.map((r) => [r.registrationId, r.position])).toEqual([
      [f.p[3].registrationId, 1],
      [f.p[4].registrationId, 2],
    ]);

    // Move p1 to B: confirmed there, and p3 takes the freed seat in A.
    expect(await runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "move", registrationId: f.p[1].registrationId, targetSessionId: f.b.id })).toEqual({
      intent: "move",
      status: "confirmed",
    });
    expect(await f.db.auditLog.findFirst({ where: { eventId: f.event.id, action: "workshop.switched" } })).toMatchObject({
      actorId: f.organiser.userId,
      data: { registrationId: f.p[1].registrationId, sessionId: f.b.id, switchFrom: f.a.id, via: "organiser" },
    });
    const inB = await getWorkshopRoster(f.db, { id: f.event.id, languages: ["en"] }, f.b.id, "en");
    expect(inB.confirmed.map((r) => r.registrationId)).toEqual([f.p[1].registrationId]);
    now = await getWorkshopRoster(f.db, { id: f.event.id, languages: ["en"] }, f.a.id, "en");
    expect(now.confirmed.map((r) => r.registrationId).sort()).toEqual([f.p[2].registrationId, f.p[3].registrationId].sort());
    expect(now.waitlist.map((r) => [r.registrationId, r.position])).toEqual([[f.p[4].registrationId, 1]]);
    // Moving someone without a seat here is refused; so is moving to the same workshop.
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "move", registrationId: f.p[4].registrationId, targetSessionId: f.b.id }))).toMatchObject({
      status: 404,
      code: "noSeat",
    });
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "move", registrationId: f.p[2].registrationId, targetSessionId: f.a.id }))).toMatchObject({
      status: 400,
      code: "sameWorkshop",
    });

    // Lowering below the two seats taken is refused with a clear reason; nothing changes.
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "capacity", capacity: "1" }))).toMatchObject({
      status: 409,
      code: "capacityBelowTaken",
      params: { taken: 2 },
    });
    expect((await f.db.session.findUniqueOrThrow({ where: { id: f.a.id } })).capacity).toBe(2);
    expect(await refusal(runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "capacity", capacity: "-3" }))).toMatchObject({ status: 400 });

    // Raising it promotes from the waitlist at once.
    expect(await runWorkshopAdminAction(services, f.organiser.actor, f.event, f.a.id, { intent: "capacity", capacity: "3" })).toEqual({
      intent: "capacity",
      capacity: 3,
      promoted: 1,
    });
    now = await getWorkshopRoster(f.db, { id: f.event.id, languages: ["en"] }, f.a.id, "en");
    expect(now.confirmed).toHaveLength(3);
    expect(now.waitlist).toEqual([]);
    expect(await f.db.auditLog.findFirst({ where: { eventId: f.event.id, action: "workshop.capacity_changed" } })).toMatchObject({
      actorId: f.organiser.userId,
      data: { from: 2, to: 3 },
    });
  });
});

describe("CSV", () => {
  it("quotes, guards against formulas and puts confirmed before waitlisted", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell("محمد")).toBe("محمد");
    expect(csvCell(null)).toBe("");
    const row = { registrationId: "x", givenName: "A", familyName: "B", email: "a@b.c", delegation: null, countryCode: null, signedUpAt: new Date(0), offerExpiresAt: null };
    const text = rosterCsv({
      confirmed: [{ ...row, status: "CONFIRMED", position: null, confirmedAt: new Date("2030-01-02T03:04:05.678Z") }],
      waitlist: [{ ...row, status: "WAITLISTED", position: 1, confirmedAt: null }],
    });
    expect(text.startsWith("\uFEFFstatus,position,given_name,family_name,email,delegation,country_code,confirmed_at_utc\r\n")).toBe(true);
    expect(text.split("\r\n").slice(1)).toEqual(["confirmed,,A,B,a@b.c,,,2030-01-02T03:04:05.678Z", "waitlisted,1,A,B,a@b.c,,,", ""]);
  });

  it("is served to organisers through the real server, and refused to delegates", async () => {
    const f = await fixture();
    for (const [i, person] of f.p.slice(0, 3).entries()) {
      await signUp(plenary.services, person.actor, f.event, f.a.id, {}, { now: new Date(Date.now() + i * 1000) });
    }
    const organiserCookie = `plenary_session=${(await createAuthSession(f.db, f.organiser.userId, { twoFactorVerified: true })).token}`;
    const delegateCookie = `plenary_session=${(await createAuthSession(f.db, f.p[0].userId)).token}`;
    const url = `${plenary.url}/events/${f.event.slug}/admin/workshops/${f.a.id}/csv`;

    const response = await fetch(url, { headers: { Cookie: organiserCookie }, redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("status,position,given_name,family_name,email,delegation,country_code,confirmed_at_utc");
    const confirmedAt = (await f.db.workshopSignup.findFirstOrThrow({ where: { sessionId: f.a.id, registrationId: f.p[0].registrationId } })).confirmedAt!;
    const delegationCell = `"${f.delegation.name.replaceAll('"', '""')}"`;
    expect(lines[1]).toBe(
      `confirmed,,"'=HYPERLINK(""http://evil"")","O'Brien, Jr.",${f.p[0].email},${delegationCell},${f.delegation.countryCode},${confirmedAt.toISOString()}`,
    );
    expect(lines[2]).toMatch(new RegExp(`^confirmed,,محمد,العلي,${f.p[1].email.replaceAll(".", "\\.")},`));
    expect(lines[3]).toBe(`waitlisted,1,Ana,Lima,${f.p[2].email},${delegationCell},${f.delegation.countryCode},`);
    expect(lines.slice(4)).toEqual([""]);

    const denied = await fetch(url, { headers: { Cookie: delegateCookie }, redirect: "manual" });
    expect(denied.status).toBe(403);
    expect(await denied.text()).not.toContain(f.p[0].email);
    const anonymous = await fetch(url, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);

    // The page's capacity form answers a refusal as 409 with the translated message, never 500.
    const post = await fetch(`${plenary.url}/events/${f.event.slug}/admin/workshops/${f.a.id}`, {
      method: "POST",
      headers: { Cookie: organiserCookie, Origin: new URL(plenary.url).origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "capacity", capacity: "1" }),
      redirect: "manual",
    });
    expect(post.status).toBe(409);
    expect(await post.text()).toContain("2 seats are already taken: remove people before lowering the capacity below that.");
    const page = await fetch(`${plenary.url}/events/${f.event.slug}/admin/workshops`, { headers: { Cookie: organiserCookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Tracing crypto");
    const delegatePost = await fetch(`${plenary.url}/events/${f.event.slug}/admin/workshops/${f.a.id}`, {
      method: "POST",
      headers: { Cookie: delegateCookie, Origin: new URL(plenary.url).origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "capacity", capacity: "100" }),
      redirect: "manual",
    });
    expect(delegatePost.status).toBe(403);
    expect((await f.db.session.findUniqueOrThrow({ where: { id: f.a.id } })).capacity).toBe(2);
  });
});
