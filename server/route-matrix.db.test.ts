import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthSession } from "../app/modules/auth/session.server.ts";
import {
  createDelegation,
  createEvent,
  createRegistration,
  createSession,
  createUser,
} from "../app/modules/demo/factories.server.ts";
import { startTestServer, type TestServer } from "../test/server.ts";
import type { Plenary } from "./app.server.ts";

// Who gets into which page: every route of the app (read from the built route manifest, so a new
// route without an entry here fails) × every kind of visitor. Deny by default is the expectation
// wherever a page is not meant for everyone.

type Role = "anonymous" | "delegate" | "head" | "otherHead" | "checkin" | "organiser";
const ROLES: Role[] = ["anonymous", "delegate", "head", "otherHead", "checkin", "organiser"];
/** ok = 200; login = sent to /login; unauthorized = 401 (JSON APIs); denied = 403; notFound = 404; redirect = any other 3xx; gone = 400/404/410 (dead link). */
type Outcome = "ok" | "login" | "unauthorized" | "denied" | "notFound" | "redirect" | "gone";

const everyone = (outcome: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, outcome])) as Record<Role, Outcome>;
const signedIn = (outcome: Outcome): Record<Role, Outcome> => ({ ...everyone(outcome), anonymous: "login" });
const only = (allowed: Role[], otherwise: Outcome = "denied"): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? "ok" : r === "anonymous" ? "login" : otherwise])) as Record<Role, Outcome>;

interface Fixture {
  slug: string;
  sessionId: string;
  workshopId: string;
  delegateRegistrationId: string;
  otherDelegationRegistrationId: string;
  roomId: string;
}

/** Route id → how to fill its URL and what each role gets on GET. */
const MATRIX: Record<string, { path: (f: Fixture) => string; expect: Record<Role, Outcome> }> = {
  root: { path: () => "/", expect: everyone("ok") },
  "routes/_index": { path: () => "/", expect: everyone("ok") },
  "routes/$": { path: () => "/no/such/page", expect: everyone("notFound") },
  "routes/api.events": { path: () => "/api/events", expect: everyone("ok") },
  // Sign-up status of a workshop: JSON for signed-in people (the fixture's session is a plenary: 404).
  "routes/api.events.$slug.sessions.$sessionId.signup": {
    path: (f) => `/api/events/${f.slug}/sessions/${f.sessionId}/signup`,
    expect: { ...everyone("notFound"), anonymous: "unauthorized" },
  },
  "routes/language": { path: () => "/language", expect: everyone("redirect") },
  "routes/logout": { path: () => "/logout", expect: everyone("redirect") },
  "routes/login": { path: () => "/login", expect: { ...everyone("redirect"), anonymous: "ok" } },
  "routes/events.$slug._index": { path: (f) => `/events/${f.slug}`, expect: everyone("ok") },
  "routes/events.$slug.agenda": { path: (f) => `/events/${f.slug}/agenda`, expect: everyone("ok") },
  "routes/events.$slug.sessions.$sessionId": { path: (f) => `/events/${f.slug}/sessions/${f.sessionId}`, expect: everyone("ok") },
  // Organisers' area and the head of delegation's page.
  "routes/events.$slug.admin._index": { path: (f) => `/events/${f.slug}/admin`, expect: everyone("redirect") },
  "routes/events.$slug.admin.accreditation._index": { path: (f) => `/events/${f.slug}/admin/accreditation`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.accreditation.$registrationId": {
    path: (f) => `/events/${f.slug}/admin/accreditation/${f.otherDelegationRegistrationId}`,
    expect: only(["organiser"]),
  },
  "routes/events.$slug.admin.settings._index": { path: (f) => `/events/${f.slug}/admin/settings`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.settings.delegations": { path: (f) => `/events/${f.slug}/admin/settings/delegations`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.workshops._index": { path: (f) => `/events/${f.slug}/admin/workshops`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.workshops.$sessionId": { path: (f) => `/events/${f.slug}/admin/workshops/${f.workshopId}`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.workshops.$sessionId.csv": { path: (f) => `/events/${f.slug}/admin/workshops/${f.workshopId}/csv`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.mail": { path: (f) => `/events/${f.slug}/admin/mail`, expect: only(["organiser"]) },
  "routes/events.$slug.delegation": { path: (f) => `/events/${f.slug}/delegation`, expect: only(["head", "otherHead"]) },
  "routes/events.$slug.delegation_.register-person": {
    path: (f) => `/events/${f.slug}/delegation/register-person`,
    expect: only(["head", "otherHead", "organiser"]),
  },
  // Registration and account recovery: public forms; e-mailed links that are not valid are dead.
  "routes/events.$slug.register": { path: (f) => `/events/${f.slug}/register`, expect: everyone("ok") },
  "routes/register": { path: () => "/register", expect: everyone("redirect") },
  "routes/verify-email.$token": { path: () => "/verify-email/not-a-real-token", expect: everyone("gone") },
  "routes/activate.$token": { path: () => "/activate/not-a-real-token", expect: everyone("gone") },
  "routes/forgot-password": { path: () => "/forgot-password", expect: everyone("ok") },
  "routes/reset-password.$token": { path: () => "/reset-password/not-a-real-token", expect: everyone("gone") },
  // Sign-in steps and the person's own account.
  "routes/login_.2fa": { path: () => "/login/2fa", expect: { ...everyone("redirect"), anonymous: "login" } },
  "routes/account._index": { path: () => "/account", expect: signedIn("ok") },
  "routes/account.2fa": { path: () => "/account/2fa", expect: signedIn("ok") },
  // Agenda, personal agenda, calendar feeds (issue 4).
  "routes/api.events.$slug.sessions._index": { path: (f) => `/api/events/${f.slug}/sessions`, expect: everyone("ok") },
  "routes/events.$slug.my-agenda": { path: (f) => `/events/${f.slug}/my-agenda`, expect: signedIn("ok") },
  "routes/events.$slug.agenda[.]ics": { path: (f) => `/events/${f.slug}/agenda.ics`, expect: everyone("ok") },
  // A personal feed's address is its only credential: a made-up one is a dead link for everyone.
  "routes/events.$slug.feeds.$token": { path: (f) => `/events/${f.slug}/feeds/0190c4c6-0000-7000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics`, expect: everyone("gone") },
  //
  // Organisers' sessions and the day × room grid (issues 4 and 6).
  // One session's public JSON (PATCH is for organisers; see app/modules/scheduling/http.db.test.ts).
  "routes/api.events.$slug.sessions.$sessionId": { path: (f) => `/api/events/${f.slug}/sessions/${f.sessionId}`, expect: everyone("ok") },
  "routes/events.$slug.admin.sessions._index": { path: (f) => `/events/${f.slug}/admin/sessions`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.sessions.new": { path: (f) => `/events/${f.slug}/admin/sessions/new`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.sessions.$sessionId": { path: (f) => `/events/${f.slug}/admin/sessions/${f.sessionId}`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.schedule": { path: (f) => `/events/${f.slug}/admin/schedule`, expect: only(["organiser"]) },
  //
  // Rooms and bilateral meetings (issue 6).
  "routes/events.$slug.admin.rooms._index": { path: (f) => `/events/${f.slug}/admin/rooms`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.rooms.new": { path: (f) => `/events/${f.slug}/admin/rooms/new`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.rooms.$roomId": { path: (f) => `/events/${f.slug}/admin/rooms/${f.roomId}`, expect: only(["organiser"]) },
  // Delegations' bilateral page: their members (members see booked meetings only); organisers go to their own page.
  "routes/events.$slug.bilaterals": { path: (f) => `/events/${f.slug}/bilaterals`, expect: { ...only(["delegate", "head", "otherHead"]), organiser: "redirect" } },
  "routes/events.$slug.admin.bilaterals": { path: (f) => `/events/${f.slug}/admin/bilaterals`, expect: only(["organiser"]) },
  //
  // Live: announcements, venue screens, badges, check-in, attendance (issue 7).
  "routes/events.$slug.announcements": { path: (f) => `/events/${f.slug}/announcements`, expect: everyone("ok") },
  "routes/events.$slug.admin.attendance": { path: (f) => `/events/${f.slug}/admin/attendance`, expect: only(["organiser"]) },
  "routes/events.$slug.admin.announcements": { path: (f) => `/events/${f.slug}/admin/announcements`, expect: only(["organiser"]) },
  // Your own badge (every fixture person is accredited); the scanner for check-in staff and organisers.
  "routes/events.$slug.badge": { path: (f) => `/events/${f.slug}/badge`, expect: signedIn("ok") },
  "routes/events.$slug.checkin": { path: (f) => `/events/${f.slug}/checkin`, expect: only(["checkin", "organiser"]) },
  "routes/events.$slug.screens.now": { path: (f) => `/events/${f.slug}/screens/now`, expect: everyone("ok") },
  // Venue screens need no sign-in; a room that is not the event's is 404 (the real room is in server/live.db.test.ts).
  "routes/events.$slug.screens.$roomId": { path: (f) => `/events/${f.slug}/screens/00000000-0000-7000-8000-000000000000`, expect: everyone("notFound") },
};

let server: TestServer;
let plenary: Plenary;
let fixture: Fixture;
const cookies = new Map<Role, string>();
let routeIds: string[] = [];

beforeAll(async () => {
  server = await startTestServer(); // checks that the build exists
  plenary = server.plenary;
  const build = (await import(new URL("../build/server/index.js", import.meta.url).href)) as { routes: Record<string, unknown> };
  routeIds = Object.keys(build.routes);

  const db = plenary.services.db;

  const event = await createEvent(db);
  const [ours, theirs] = [await createDelegation(db, { eventId: event.id }), await createDelegation(db, { eventId: event.id })];
  const session = await createSession(db, { eventId: event.id, kind: "PLENARY" });
  const workshop = await createSession(db, { eventId: event.id, kind: "WORKSHOP", capacity: 10 });
  const people: Record<Exclude<Role, "anonymous">, { delegationId?: string; role: "DELEGATE" | "HEAD_OF_DELEGATION" | "CHECKIN_STAFF" | "ORGANISER" }> = {
    delegate: { delegationId: ours.id, role: "DELEGATE" },
    head: { delegationId: ours.id, role: "HEAD_OF_DELEGATION" },
    otherHead: { delegationId: theirs.id, role: "HEAD_OF_DELEGATION" },
    checkin: { role: "CHECKIN_STAFF" },
    organiser: { role: "ORGANISER" },
  };
  const registrations: Partial<Record<Role, string>> = {};
  for (const [role, spec] of Object.entries(people) as [Exclude<Role, "anonymous">, (typeof people)["delegate"]][]) {
    // Organisers need two-factor sign-in: this one has it set up and passed it.
    const organiser = role === "organiser";
    const user = await createUser(db, organiser ? { totpKey: new Uint8Array(20).fill(7) } : {});
    const registration = await createRegistration(db, { eventId: event.id, userId: user.id, delegationId: spec.delegationId ?? null, role: spec.role, status: "APPROVED" });
    registrations[role] = registration.id;
    const { token } = await createAuthSession(db, user.id, { twoFactorVerified: organiser });
    cookies.set(role, `plenary_session=${token}`);
  }
  const otherMember = await createRegistration(db, { eventId: event.id, userId: (await createUser(db)).id, delegationId: theirs.id, status: "PENDING" });
  fixture = { slug: event.slug, sessionId: session.id, workshopId: workshop.id, delegateRegistrationId: registrations.delegate!, otherDelegationRegistrationId: otherMember.id,
    roomId: (await db.room.create({ data: { eventId: event.id, name: "Matrix Room", capacity: 20 } })).id,
  };
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function classify(response: Response): Outcome | `status ${number}` {
  const location = response.headers.get("location") ?? "";
  if (response.status === 200) return "ok";
  if (response.status >= 300 && response.status < 400) return location.startsWith("/login") ? "login" : "redirect";
  if (response.status === 401) return "unauthorized";
  if (response.status === 403) return "denied";
  if (response.status === 404) return "notFound";
  return `status ${response.status}`;
}

describe("route × role matrix", () => {
  it("has an entry for every route of the app", () => {
    const missing = routeIds.filter((id) => !(id in MATRIX));
    expect(missing, "add these routes to MATRIX in server/route-matrix.db.test.ts").toEqual([]);
    const stale = Object.keys(MATRIX).filter((id) => !routeIds.includes(id));
    expect(stale, "these MATRIX entries name routes that no longer exist").toEqual([]);
  });

  for (const role of ROLES) {
    it(`lets ${role} into exactly the pages meant for them`, async () => {
      const results: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [id, entry] of Object.entries(MATRIX)) {
        if (!routeIds.includes(id)) continue;
        const response = await fetch(`${plenary.url}${entry.path(fixture)}`, {
          redirect: "manual",
          headers: cookies.has(role) ? { Cookie: cookies.get(role)! } : {},
        });
        const outcome = classify(response);
        const want = entry.expect[role];
        results[id] = want === "gone" && (response.status === 400 || response.status === 404 || response.status === 410) ? "gone" : outcome;
        expected[id] = want;
      }
      expect(results).toEqual(expected);
    });
  }
});
