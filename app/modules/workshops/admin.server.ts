// Organisers' view of workshops: seat counts for every workshop, the confirmed list and the
// waitlist of one, adding / moving / removing people and changing capacity (all through the
// sign-up domain functions, so the same rules, locks and audit entries apply), and CSV export.
import { z, ZodError } from "zod";
import type { PrismaClient } from "~/generated/prisma/client.ts";
import { getStaffEvent, type StaffEvent } from "~/modules/accreditation/accreditation.server";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { requireOrganiser } from "~/modules/auth/permissions.server";
import { cancelSignup, changeCapacity, signUp, SignupConflictError, type WorkshopServices } from "./signup.server";

/** The event behind an organiser page, after checking the actor organises it (401/403/404 otherwise). */
export async function requireWorkshopAdmin(db: PrismaClient, actor: Actor, slug: string): Promise<StaffEvent> {
  const event = await getStaffEvent(db, slug);
  await requireOrganiser(db, actor, event.id);
  return event;
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

export interface WorkshopOverviewRow {
  id: string;
  title: string;
  startsAt: Date;
  status: string;
  published: boolean;
  capacity: number | null;
  confirmed: number;
  offered: number;
  waitlisted: number;
}

/** Every workshop of the event with its counts, in one query. */
export async function listWorkshopsForAdmin(db: PrismaClient, event: Pick<StaffEvent, "id" | "languages">, language: string): Promise<WorkshopOverviewRow[]> {
  const fallback = event.languages[0] ?? "en";
  return db.$queryRaw<WorkshopOverviewRow[]>`
    SELECT s.id::text, s."startsAt", s.status::text AS status, s.published, s.capacity,
           COALESCE((SELECT t.title FROM "SessionText" t WHERE t."sessionId" = s.id
                     ORDER BY (t.language = ${language}) DESC, (t.language = ${fallback}) DESC, t.language LIMIT 1), '') AS title,
           COALESCE(c.confirmed, 0)::int AS confirmed, COALESCE(c.offered, 0)::int AS offered, COALESCE(c.waitlisted, 0)::int AS waitlisted
    FROM "Session" s
    LEFT JOIN (
      SELECT "sessionId",
             count(*) FILTER (WHERE status = 'CONFIRMED') AS confirmed,
             count(*) FILTER (WHERE status = 'OFFERED') AS offered,
             count(*) FILTER (WHERE status = 'WAITLISTED') AS waitlisted
      FROM "WorkshopSignup" WHERE "eventId" = ${event.id}::uuid GROUP BY "sessionId"
    ) c ON c."sessionId" = s.id
    WHERE s."eventId" = ${event.id}::uuid AND s.kind = 'WORKSHOP'
    ORDER BY s."startsAt", s.id`;
}

export interface RosterRow {
  registrationId: string;
  status: "CONFIRMED" | "OFFERED" | "WAITLISTED";
  position: number | null;
  givenName: string;
  familyName: string;
  email: string;
  delegation: string | null;
  countryCode: string | null;
  signedUpAt: Date;
  confirmedAt: Date | null;
  offerExpiresAt: Date | null;
}

export interface Roster {
  workshop: { id: string; title: string; startsAt: Date; capacity: number; published: boolean; status: string };
  confirmed: RosterRow[];
  waitlist: RosterRow[];
  /** Other workshops of the event, to move people to. */
  others: { id: string; title: string; startsAt: Date }[];
}

export async function getWorkshopRoster(db: PrismaClient, event: Pick<StaffEvent, "id" | "languages">, sessionId: string, language: string): Promise<Roster> {
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such workshop.");
  const all = await listWorkshopsForAdmin(db, event, language);
  const workshop = all.find((w) => w.id === sessionId);
  if (!workshop || workshop.capacity === null) throw new NotFoundError("No such workshop.");
  const rows = await db.$queryRaw<RosterRow[]>`
    SELECT w."registrationId"::text AS "registrationId", w.status::text AS status, w."waitlistPosition" AS position,
           u."givenName", u."familyName", u.email, d.name AS delegation, d."countryCode" AS "countryCode",
           w."createdAt" AS "signedUpAt", w."confirmedAt", w."offerExpiresAt"
    FROM "WorkshopSignup" w
    JOIN "Registration" r ON r.id = w."registrationId"
    JOIN "User" u ON u.id = r."userId"
    LEFT JOIN "Delegation" d ON d.id = r."delegationId"
    WHERE w."sessionId" = ${sessionId}::uuid AND w.status <> 'CANCELLED'
    ORDER BY (w.status = 'WAITLISTED'), w."waitlistPosition", w."confirmedAt" NULLS LAST, u."familyName", u."givenName", w.id`;
  return {
    workshop: { id: workshop.id, title: workshop.title, startsAt: workshop.startsAt, capacity: workshop.capacity, published: workshop.published, status: workshop.status },
    confirmed: rows.filter((r) => r.status !== "WAITLISTED"),
    waitlist: rows.filter((r) => r.status === "WAITLISTED"),
    others: all.filter((w) => w.id !== sessionId && w.capacity !== null && w.published).map((w) => ({ id: w.id, title: w.title, startsAt: w.startsAt })),
  };
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

export const workshopAdminActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), email: z.string().trim().toLowerCase().pipe(z.email()) }),
  z.object({ intent: z.literal("remove"), registrationId: z.uuid() }),
  z.object({ intent: z.literal("move"), registrationId: z.uuid(), targetSessionId: z.uuid() }),
  z.object({ intent: z.literal("capacity"), capacity: z.coerce.number().int().min(0).max(100_000) }),
]);
export type WorkshopAdminAction = z.input<typeof workshopAdminActionSchema>;

export type WorkshopAdminResult =
  | { intent: "add"; status: "confirmed" | "waitlisted"; position?: number; email: string }
  | { intent: "remove"; promoted: number }
  | { intent: "move"; status: "confirmed" }
  | { intent: "capacity"; capacity: number; promoted: number };

/** Runs one organiser action on one workshop. Organisers only; every change is audited by the domain functions. */
export async function runWorkshopAdminAction(
  services: WorkshopServices,
  actor: Actor,
  event: Pick<StaffEvent, "id">,
  sessionId: string,
  raw: unknown,
): Promise<WorkshopAdminResult> {
  await requireOrganiser(services.db, actor, event.id);
  if (!z.uuid().safeParse(sessionId).success) throw new NotFoundError("No such workshop.");
  const input = workshopAdminActionSchema.parse(raw);
  switch (input.intent) {
    case "add": {
      const registration = await services.db.registration.findFirst({
        where: { eventId: event.id, status: "APPROVED", user: { email: { equals: input.email, mode: "insensitive" } } },
        select: { id: true },
      });
      if (!registration) throw new NotFoundError("No accredited participant of this event has that e-mail address.");
      const result = await signUp(services, actor, event, sessionId, { registrationId: registration.id });
      return { intent: "add", email: input.email, ...result };
    }
    case "remove": {
      const { promoted } = await cancelSignup(services, actor, event, sessionId, { registrationId: input.registrationId });
      return { intent: "remove", promoted };
    }
    case "move": {
      if (input.targetSessionId === sessionId) throw new AdminInputError("sameWorkshop", "Pick another workshop to move to.");
      const result = await signUp(services, actor, event, input.targetSessionId, { registrationId: input.registrationId, switchFrom: sessionId });
      if (result.status !== "confirmed") throw new SignupConflictError({ reason: "full", error: "The workshop is full: the person keeps their current seat." });
      return { intent: "move", status: "confirmed" };
    }
    case "capacity": {
      const result = await changeCapacity(services, actor, event, sessionId, input.capacity);
      return { intent: "capacity", ...result };
    }
  }
}

/** Input that passed the schema but makes no sense here (answered 400). */
export class AdminInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AdminInputError";
  }
}

/** A translatable description of why an action was refused: `code` is a key under workshops:admin.errors. */
export interface AdminFailure {
  status: 400 | 401 | 403 | 404 | 409;
  code: string;
  params: Record<string, string | number>;
  message: string;
}

/** Maps the errors the domain functions throw to a status and an i18n code; anything else is rethrown. */
export function describeAdminError(error: unknown): AdminFailure {
  if (error instanceof SignupConflictError) {
    const body = error.body;
    switch (body.reason) {
      case "capacity_below_taken":
        return { status: 409, code: "capacityBelowTaken", params: { taken: body.taken }, message: body.error };
      case "clash":
        return { status: 409, code: "clash", params: { session: body.session.title }, message: body.error };
      case "delegation_cap":
        return { status: 409, code: "delegationCap", params: { cap: body.cap }, message: body.error };
      case "full":
        return { status: 409, code: "full", params: {}, message: body.error };
    }
  }
  if (error instanceof AdminInputError) return { status: 400, code: error.code, params: {}, message: error.message };
  if (error instanceof ZodError) return { status: 400, code: "invalid", params: {}, message: "Invalid input." };
  if (error instanceof NotFoundError) {
    const code = error.message.startsWith("No accredited") ? "noSuchPerson" : error.message.startsWith("You hold no seat") ? "noSeat" : "notFound";
    return { status: 404, code, params: {}, message: error.message };
  }
  if (error instanceof ForbiddenError) {
    const code = error.code === "not_accredited" ? "notAccredited" : error.code === "closed" ? "closed" : error.code === "not_open" ? "notOpen" : "forbidden";
    return { status: error.status, code, params: {}, message: error.message };
  }
  throw error;
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/** One CSV cell: quoted when needed, and neutralised when a spreadsheet would read it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CSV_HEADER = ["status", "position", "given_name", "family_name", "email", "delegation", "country_code", "confirmed_at_utc"] as const;

/** The confirmed list then the waitlist, with a BOM so spreadsheet programs read UTF-8. */
export function rosterCsv(roster: Pick<Roster, "confirmed" | "waitlist">): string {
  const lines = [CSV_HEADER.join(",")];
  for (const row of [...roster.confirmed, ...roster.waitlist]) {
    lines.push(
      [row.status.toLowerCase(), row.position, row.givenName, row.familyName, row.email, row.delegation, row.countryCode, row.confirmedAt ? row.confirmedAt.toISOString() : null]
        .map(csvCell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
