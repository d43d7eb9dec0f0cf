// Accreditation: the status flow of a registration (pending → approved / rejected → withdrawn),
// endorsements by heads of delegation, and the organisers' queue. The one place that writes a
// registration's status. Each change is its own transaction holding the audit row and the e-mail
// to the person, so a change, its audit trail and its mail exist together or not at all.
import { z } from "zod";
import type { EndorsementStatus, ParticipantCategory, Prisma, PrismaClient, RegistrationStatus } from "~/generated/prisma/client.ts";
import { createI18n, isSupportedLanguage, DEFAULT_LANGUAGE } from "~/i18n/config";
import type { AppServices } from "~/lib/app-context";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import { CATEGORIES, ENDORSEMENTS, STATUSES } from "./constants";

type Tx = Prisma.TransactionClient;
export type AccreditationServices = Pick<AppServices, "db" | "config" | "mailQueued">;

export { CATEGORIES, ENDORSEMENTS, STATUSES };

/** What the accreditation pages need of an event. */
export interface StaffEvent {
  id: string;
  slug: string;
  name: string;
  names: Record<string, string>;
  timeZone: string;
  languages: string[];
}

/**
 * The event behind an organiser or head-of-delegation page, published or not (organisers prepare
 * unpublished events). Who may see it is checked by the caller's role check, never by this.
 */
export async function getStaffEvent(db: PrismaClient, slug: string): Promise<StaffEvent> {
  const event = await db.event.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, names: true, timeZone: true, languages: true },
  });
  if (!event) throw new NotFoundError("No such event.");
  return { ...event, names: asTextMap(event.names) };
}

// ---------------------------------------------------------------------------------------------
// Errors a person can act on (shown with a message; never a 500)
// ---------------------------------------------------------------------------------------------

export type AccreditationErrorCode = "quota" | "transition" | "not_found";

export class AccreditationError extends Error {
  readonly code: AccreditationErrorCode;
  readonly params: Record<string, string | number>;
  constructor(code: AccreditationErrorCode, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = "AccreditationError";
    this.code = code;
    this.params = params;
  }
}

export class QuotaExceededError extends AccreditationError {
  constructor(params: { delegation: string; category: ParticipantCategory; max: number; approved: number }) {
    super(
      "quota",
      `Quota reached: ${params.delegation} may have at most ${params.max} approved in category ${params.category} (${params.approved} already approved).`,
      params,
    );
    this.name = "QuotaExceededError";
  }
}

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

const reasonSchema = z.string().trim().max(1000, "The reason may have at most 1000 characters.");

export const decisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"]),
    reason: reasonSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "reject" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "A reason is required to reject a registration." });
    }
  });
export type DecisionInput = z.input<typeof decisionSchema>;

export const endorsementSchema = z.object({
  endorsement: z.enum(["endorse", "decline"]),
  note: z.string().trim().max(1000).optional(),
});
export type EndorsementInput = z.input<typeof endorsementSchema>;

export const withdrawalSchema = z.object({ reason: reasonSchema.optional() });

const registrationIdsSchema = z.array(z.uuid("Not a registration id.")).min(1, "Select at least one registration.").max(500);

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

export type DecisionResult =
  | { registrationId: string; ok: true; status: RegistrationStatus }
  | { registrationId: string; ok: false; code: AccreditationErrorCode; message: string; params: Record<string, string | number> };

interface LockedRegistration {
  id: string;
  status: RegistrationStatus;
  delegationId: string | null;
  category: ParticipantCategory;
}

async function lockRegistration(tx: Tx, eventId: string, registrationId: string): Promise<LockedRegistration> {
  const rows = await tx.$queryRaw<LockedRegistration[]>`
    SELECT id, status, "delegationId", category FROM "Registration"
    WHERE id = ${registrationId}::uuid AND "eventId" = ${eventId}::uuid
    FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AccreditationError("not_found", "No such registration in this event.");
  return row;
}

/**
 * Enforces the delegation's quota for the category. The delegation row is locked first, so two
 * approvals for one delegation run one after the other and the second counts the first.
 * No quota row for the category means no limit.
 */
async function assertQuota(tx: Tx, delegationId: string, category: ParticipantCategory): Promise<void> {
  const locked = await tx.$queryRaw<{ name: string }[]>`SELECT name FROM "Delegation" WHERE id = ${delegationId}::uuid FOR UPDATE`;
  const quota = await tx.delegationQuota.findUnique({ where: { delegationId_category: { delegationId, category } }, select: { maxPeople: true } });
  if (!quota) return;
  const approved = await tx.registration.count({ where: { delegationId, category, status: "APPROVED" } });
  if (approved >= quota.maxPeople) {
    throw new QuotaExceededError({ delegation: locked[0]?.name ?? delegationId, category, max: quota.maxPeople, approved });
  }
}

const ALLOWED_FROM: Record<"APPROVED" | "REJECTED" | "WITHDRAWN", readonly RegistrationStatus[]> = {
  // Organisers have the final word: a rejection can be reversed.
  APPROVED: ["PENDING", "REJECTED"],
  REJECTED: ["PENDING", "APPROVED"],
  WITHDRAWN: ["PENDING", "APPROVED"],
};

function assertTransition(from: RegistrationStatus, to: keyof typeof ALLOWED_FROM) {
  if (!ALLOWED_FROM[to].includes(from)) {
    throw new AccreditationError("transition", `A ${from.toLowerCase()} registration cannot become ${to.toLowerCase()}.`, { from, to });
  }
}

/**
 * Approves or rejects registrations of this event (organisers and admins only). Works in bulk;
 * each registration is decided in its own transaction with its own audit row and e-mail, so one
 * that fails (quota reached, already withdrawn) does not hold up the others.
 */
export async function decide(
  services: AccreditationServices,
  actor: Actor,
  event: StaffEvent,
  registrationIds: readonly string[],
  input: DecisionInput,
): Promise<DecisionResult[]> {
  const decision = decisionSchema.parse(input);
  const ids = [...new Set(registrationIdsSchema.parse(registrationIds))];
  await requireOrganiser(services.db, actor, event.id);
  const results: DecisionResult[] = [];
  for (const registrationId of ids) {
    try {
      const status = await services.db.$transaction(async (tx) => {
        const registration = await lockRegistration(tx, event.id, registrationId);
        if (decision.decision === "approve") {
          assertTransition(registration.status, "APPROVED");
          if (registration.delegationId) await assertQuota(tx, registration.delegationId, registration.category);
          await applyStatus(tx, services, actor, event, registration, "APPROVED", decision.reason ?? null);
          return "APPROVED" as const;
        }
        assertTransition(registration.status, "REJECTED");
        await applyStatus(tx, services, actor, event, registration, "REJECTED", decision.reason ?? null);
        return "REJECTED" as const;
      });
      results.push({ registrationId, ok: true, status });
    } catch (error) {
      if (!(error instanceof AccreditationError)) throw error;
      results.push({ registrationId, ok: false, code: error.code, message: error.message, params: error.params });
    }
  }
  if (results.some((r) => r.ok)) services.mailQueued();
  return results;
}

/** Withdraws a registration: by the person themselves or by an organiser of the event. */
export async function withdraw(
  services: AccreditationServices,
  actor: Actor,
  event: StaffEvent,
  registrationId: string,
  input: z.input<typeof withdrawalSchema> = {},
): Promise<{ status: "WITHDRAWN" }> {
  const { reason } = withdrawalSchema.parse(input);
  if (!z.uuid().safeParse(registrationId).success) throw new NotFoundError("No such registration.");
  const own = await services.db.registration.findFirst({ where: { id: registrationId, eventId: event.id }, select: { userId: true } });
  if (!own) throw new NotFoundError("No such registration.");
  const bySelf = actor.kind === "user" && actor.userId === own.userId;
  if (!bySelf) await requireOrganiser(services.db, actor, event.id);
  await services.db.$transaction(async (tx) => {
    const registration = await lockRegistration(tx, event.id, registrationId);
    assertTransition(registration.status, "WITHDRAWN");
    await applyStatus(tx, services, actor, event, registration, "WITHDRAWN", reason || null, { bySelf });
  });
  services.mailQueued();
  return { status: "WITHDRAWN" };
}

const AUDIT_ACTION: Record<"APPROVED" | "REJECTED" | "WITHDRAWN", string> = {
  APPROVED: "accreditation.approved",
  REJECTED: "accreditation.rejected",
  WITHDRAWN: "accreditation.withdrawn",
};

async function applyStatus(
  tx: Tx,
  services: AccreditationServices,
  actor: Actor,
  event: StaffEvent,
  registration: LockedRegistration,
  status: "APPROVED" | "REJECTED" | "WITHDRAWN",
  reason: string | null,
  extra: Record<string, unknown> = {},
) {
  const now = new Date();
  const revoke = status !== "APPROVED";
  const updated = await tx.registration.update({
    where: { id: registration.id },
    data: {
      status,
      statusReason: reason,
      decidedById: actorIdOf(actor),
      decidedAt: now,
      // Reject/withdraw revokes every badge issued so far; a new approval issues a fresh one
      // (the version was bumped on revocation, so old QR codes stay invalid).
      ...(revoke ? { badgeRevokedAt: now, badgeVersion: { increment: 1 } } : { badgeRevokedAt: null }),
    },
    select: { userId: true, user: { select: { email: true, givenName: true, familyName: true, preferredLanguage: true } } },
  });
  await tx.auditLog.create({
    data: {
      eventId: event.id,
      actorId: actorIdOf(actor),
      action: AUDIT_ACTION[status],
      targetType: "registration",
      targetId: registration.id,
      data: {
        from: registration.status,
        to: status,
        ...(reason && { reason }),
        ...extra,
        ...(actor.kind === "system" && { system: actor.reason }),
      } as Prisma.InputJsonObject,
    },
  });
  const language = isSupportedLanguage(updated.user.preferredLanguage) ? updated.user.preferredLanguage : DEFAULT_LANGUAGE;
  const t = createI18n(language).getFixedT(language, "mail");
  const kind = status.toLowerCase();
  const values = {
    name: `${updated.user.givenName} ${updated.user.familyName}`.trim(),
    event: event.names[language] ?? event.name,
    reason: reason ?? t("accreditation.noReason"),
    url: `${services.config.publicUrl}/events/${event.slug}`,
  };
  await enqueueMail(tx, {
    eventId: event.id,
    userId: updated.userId,
    to: updated.user.email,
    subject: t(`accreditation.${kind}.subject`, values),
    text: t(`accreditation.${kind}.body`, values),
    kind: `accreditation.${kind}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Endorsement by heads of delegation
// ---------------------------------------------------------------------------------------------

/** The delegation the person heads in this event (their own approved head-of-delegation registration), or 403. */
export async function requireHeadOfDelegation(db: PrismaClient, actor: Actor, eventId: string): Promise<{ delegationId: string }> {
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  if (actor.kind !== "user") throw new ForbiddenError();
  const head = await db.registration.findFirst({
    where: { eventId, userId: actor.userId, status: "APPROVED", role: "HEAD_OF_DELEGATION", delegationId: { not: null } },
    select: { delegationId: true },
  });
  if (!head?.delegationId) throw new ForbiddenError();
  return { delegationId: head.delegationId };
}

/**
 * A head of delegation endorses or declines a pending registration of their own delegation.
 * Organisers still decide: endorsement never changes the status.
 */
export async function endorse(
  services: Pick<AppServices, "db">,
  actor: Actor,
  event: Pick<StaffEvent, "id">,
  registrationId: string,
  input: EndorsementInput,
): Promise<{ endorsement: EndorsementStatus }> {
  const { endorsement, note } = endorsementSchema.parse(input);
  const { delegationId } = await requireHeadOfDelegation(services.db, actor, event.id);
  const userId = actorIdOf(actor)!;
  const value: EndorsementStatus = endorsement === "endorse" ? "ENDORSED" : "DECLINED";
  return services.db.$transaction(async (tx) => {
    const registration = z.uuid().safeParse(registrationId).success ? await lockRegistration(tx, event.id, registrationId).catch(() => null) : null;
    // Another delegation's registration is as forbidden as a missing one: no probing for ids.
    if (!registration || registration.delegationId !== delegationId) throw new ForbiddenError();
    if (registration.status !== "PENDING") {
      throw new AccreditationError("transition", "Only pending registrations can be endorsed or declined.", { from: registration.status });
    }
    const before = await tx.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { endorsement: true } });
    await tx.registration.update({ where: { id: registrationId }, data: { endorsement: value, endorsedById: userId, endorsedAt: new Date() } });
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: userId,
        action: value === "ENDORSED" ? "accreditation.endorsed" : "accreditation.endorsement_declined",
        targetType: "registration",
        targetId: registrationId,
        data: { from: before.endorsement, to: value, ...(note && { note }) },
      },
    });
    return { endorsement: value };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading: the organisers' queue, one person, a head's delegation
// ---------------------------------------------------------------------------------------------

export const QUEUE_PAGE_SIZE = 50;

export const queueFilterSchema = z.object({
  delegationId: z.uuid().optional().catch(undefined),
  category: z.enum(CATEGORIES).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  endorsement: z.enum(ENDORSEMENTS).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type QueueFilter = z.input<typeof queueFilterSchema>;

/** URL search params → filter; unknown or malformed values are dropped, never an error. */
export function queueFilterFromSearchParams(params: URLSearchParams): z.output<typeof queueFilterSchema> {
  const raw = Object.fromEntries([...params.entries()].filter(([, value]) => value !== ""));
  return queueFilterSchema.parse(raw);
}

const listSelect = {
  id: true,
  role: true,
  category: true,
  status: true,
  statusReason: true,
  endorsement: true,
  submittedAt: true,
  decidedAt: true,
  organisation: true,
  user: { select: { givenName: true, familyName: true, email: true } },
  delegation: { select: { id: true, name: true, countryCode: true } },
} satisfies Prisma.RegistrationSelect;
// identityDocumentNumber is deliberately absent: lists never carry it.

export type QueueRow = Prisma.RegistrationGetPayload<{ select: typeof listSelect }>;

/** Each word of the search must match the given or family name, case-insensitively, in any script. */
function nameSearch(q: string | undefined): Prisma.RegistrationWhereInput[] {
  const words = (q ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  // Prisma puts the text between % as it is: escape LIKE's wildcards so "%" means a percent sign.
  return words.map((raw) => raw.replace(/[\\%_]/g, "\\$&")).map((word) => ({
    OR: [
      { user: { givenName: { contains: word, mode: "insensitive" as const } } },
      { user: { familyName: { contains: word, mode: "insensitive" as const } } },
    ],
  }));
}

export async function listQueue(
  db: PrismaClient,
  actor: Actor,
  event: Pick<StaffEvent, "id">,
  input: QueueFilter = {},
): Promise<{ rows: QueueRow[]; total: number; page: number; pageCount: number; filter: z.output<typeof queueFilterSchema> }> {
  await requireOrganiser(db, actor, event.id);
  const filter = queueFilterSchema.parse(input);
  const where: Prisma.RegistrationWhereInput = {
    eventId: event.id,
    ...(filter.delegationId && { delegationId: filter.delegationId }),
    ...(filter.category && { category: filter.category }),
    ...(filter.status && { status: filter.status }),
    ...(filter.endorsement && { endorsement: filter.endorsement }),
    AND: nameSearch(filter.q),
  };
  const total = await db.registration.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  const rows = await db.registration.findMany({
    where,
    select: listSelect,
    orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * QUEUE_PAGE_SIZE,
    take: QUEUE_PAGE_SIZE,
  });
  return { rows, total, page, pageCount, filter: { ...filter, page } };
}

export async function listDelegations(db: PrismaClient, eventId: string) {
  return db.delegation.findMany({ where: { eventId }, select: { id: true, name: true, countryCode: true }, orderBy: { name: "asc" } });
}

/** One person's registration for organisers, without the identity document number (see revealIdentityDocument). */
export async function getRegistrationForOrganiser(db: PrismaClient, actor: Actor, event: Pick<StaffEvent, "id">, registrationId: string) {
  await requireOrganiser(db, actor, event.id);
  if (!z.uuid().safeParse(registrationId).success) throw new NotFoundError("No such registration.");
  const registration = await db.registration.findFirst({
    where: { id: registrationId, eventId: event.id },
    select: {
      ...listSelect,
      title: true,
      isChiefOfPolice: true,
      languagesSpoken: true,
      accessibilityNeeds: true,
      dietaryNeeds: true,
      badgeVersion: true,
      badgeRevokedAt: true,
      endorsedAt: true,
      endorsedBy: { select: { givenName: true, familyName: true } },
      decidedBy: { select: { givenName: true, familyName: true } },
      user: { select: { givenName: true, familyName: true, email: true, preferredLanguage: true } },
      identityDocumentNumber: true,
    },
  });
  if (!registration) throw new NotFoundError("No such registration.");
  const { identityDocumentNumber, ...rest } = registration;
  const endorsementNote = await db.auditLog.findFirst({
    where: { targetType: "registration", targetId: registrationId, action: { in: ["accreditation.endorsed", "accreditation.endorsement_declined"] } },
    orderBy: { id: "desc" },
    select: { data: true },
  });
  const note = (endorsementNote?.data as { note?: unknown } | null)?.note;
  return { ...rest, hasIdentityDocument: identityDocumentNumber !== null, endorsementNote: typeof note === "string" ? note : null };
}

/**
 * The identity document number, for organisers only; every read writes an audit row (who, when,
 * from where). Called from an action (an explicit "show" button), so page loads never write.
 */
export async function revealIdentityDocument(
  db: PrismaClient,
  actor: Actor,
  event: Pick<StaffEvent, "id">,
  registrationId: string,
  context: { ipAddress?: string | null } = {},
): Promise<{ identityDocumentNumber: string | null }> {
  await requireOrganiser(db, actor, event.id);
  if (!z.uuid().safeParse(registrationId).success) throw new NotFoundError("No such registration.");
  return db.$transaction(async (tx) => {
    const registration = await tx.registration.findFirst({ where: { id: registrationId, eventId: event.id }, select: { identityDocumentNumber: true } });
    if (!registration) throw new NotFoundError("No such registration.");
    await tx.auditLog.create({
      data: {
        eventId: event.id,
        actorId: actorIdOf(actor),
        action: "registration.identity_document_read",
        targetType: "registration",
        targetId: registrationId,
        ipAddress: context.ipAddress?.slice(0, 64) ?? null,
        data: { present: registration.identityDocumentNumber !== null },
      },
    });
    return { identityDocumentNumber: registration.identityDocumentNumber };
  });
}

/** A head's own delegation: its registrations (never another delegation's) and its quotas in use. */
export async function getDelegationOverview(db: PrismaClient, actor: Actor, event: Pick<StaffEvent, "id">) {
  const { delegationId } = await requireHeadOfDelegation(db, actor, event.id);
  const [delegation, registrations, approvedByCategory] = await Promise.all([
    db.delegation.findUniqueOrThrow({
      where: { id: delegationId },
      select: { id: true, name: true, countryCode: true, quotas: { select: { category: true, maxPeople: true } } },
    }),
    db.registration.findMany({
      where: { eventId: event.id, delegationId },
      select: listSelect,
      orderBy: [{ status: "asc" }, { submittedAt: "asc" }, { id: "asc" }],
    }),
    db.registration.groupBy({ by: ["category"], where: { delegationId, status: "APPROVED" }, _count: { _all: true } }),
  ]);
  const approved = new Map(approvedByCategory.map((g) => [g.category, g._count._all]));
  const quotas = CATEGORIES.map((category) => ({
    category,
    max: delegation.quotas.find((q) => q.category === category)?.maxPeople ?? null,
    approved: approved.get(category) ?? 0,
  })).filter((q) => q.max !== null || q.approved > 0);
  return { delegation: { id: delegation.id, name: delegation.name, countryCode: delegation.countryCode }, registrations, quotas };
}
