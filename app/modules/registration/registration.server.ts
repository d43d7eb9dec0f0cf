// Registration for an event: a person registering themselves with their delegation's invitation
// code, and a head of delegation or an organiser registering others. The public form never tells
// whether an address has an account: it always answers "check your e-mail", and what differs
// (new account, existing account, already registered) goes to the address's owner by mail only.
import type { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import type { ParticipantCategory, RegistrationRole } from "~/generated/prisma/enums.ts";
import { createI18n, isSupportedLanguage } from "~/i18n/config";
import type { AppServices } from "~/lib/app-context";
import { ForbiddenError, NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { enqueueMail } from "~/modules/mail/outbox.server";
import {
  fieldErrorsOf,
  personRegistrationSchema,
  selfRegistrationSchema,
  type FieldErrors,
  type PersonRegistration,
} from "./schemas";
import { issueAccountToken, tokenLink } from "./tokens.server";

type Tx = Prisma.TransactionClient;
export type RegistrationServices = Pick<AppServices, "db" | "config" | "logger" | "rateLimiter" | "mailQueued">;

// ---------------------------------------------------------------------------------------------
// The event as registration sees it
// ---------------------------------------------------------------------------------------------

export interface RegistrationEvent {
  id: string;
  slug: string;
  name: string;
  names: Record<string, string>;
  languages: string[];
  registrationClosesAt: Date | null;
  dataProtectionNotice: Record<string, string>;
}

function textMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** A published event by slug, or NotFoundError. */
export async function getRegistrationEvent(db: PrismaClient, slug: string): Promise<RegistrationEvent> {
  const event = await db.event.findFirst({
    where: { slug, published: true },
    select: { id: true, slug: true, name: true, names: true, languages: true, registrationClosesAt: true, dataProtectionNotice: true },
  });
  if (!event) throw new NotFoundError("No such event.");
  return { ...event, names: textMap(event.names), dataProtectionNotice: textMap(event.dataProtectionNotice) };
}

/** A `{ language: text }` value in the reader's language, else the event's first language, else any. */
export function localizedText(map: Record<string, string>, language: string, preferred: readonly string[] = []): string | null {
  return map[language] ?? preferred.map((l) => map[l]).find(Boolean) ?? map.en ?? Object.values(map)[0] ?? null;
}

export function eventName(event: Pick<RegistrationEvent, "name" | "names">, language: string): string {
  return event.names[language] ?? event.name;
}

export function isRegistrationClosed(event: Pick<RegistrationEvent, "registrationClosesAt">, now: Date = new Date()): boolean {
  return event.registrationClosesAt !== null && now >= event.registrationClosesAt;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------

const ROLE_FOR_CATEGORY: Record<ParticipantCategory, RegistrationRole> = {
  DELEGATE: "DELEGATE",
  HEAD_OF_DELEGATION: "HEAD_OF_DELEGATION",
  OBSERVER: "OBSERVER",
  PRESS: "PRESS",
  GUEST: "DELEGATE",
};

/** Translator for a recipient; languages without a catalog (es, ar) fall back to English. */
export function mailTranslator(language: string) {
  return createI18n(isSupportedLanguage(language) ? language : "en").t;
}

/**
 * Whether the delegation still has room in the category. Locks the delegation row first, so two
 * registrations racing for the last place are counted one after the other. No quota row = no cap.
 */
async function hasQuotaRoom(tx: Tx, delegationId: string, category: ParticipantCategory): Promise<boolean> {
  await tx.$queryRaw`SELECT id FROM "Delegation" WHERE id = ${delegationId}::uuid FOR UPDATE`;
  const quota = await tx.delegationQuota.findUnique({ where: { delegationId_category: { delegationId, category } } });
  if (!quota) return true;
  const taken = await tx.registration.count({ where: { delegationId, category, status: { in: ["PENDING", "APPROVED"] } } });
  return taken < quota.maxPeople;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers that depend on whether an account exists are padded to this floor, so timing tells nothing. */
export const ACCOUNT_ANSWER_MIN_MS = 400;

function rawEmail(input: Record<string, unknown>): string | null {
  return typeof input.email === "string" && input.email.trim() ? input.email.trim().toLowerCase().slice(0, 254) : null;
}

// ---------------------------------------------------------------------------------------------
// Self-registration
// ---------------------------------------------------------------------------------------------

export type SelfRegistrationResult =
  /** The one answer whatever the address: "check your e-mail". Also the honeypot's answer. */
  | { status: "accepted" }
  | { status: "invalid"; fieldErrors: FieldErrors }
  | { status: "invalidCode" }
  | { status: "closed" }
  | { status: "quotaFull" }
  | { status: "rateLimited"; retryAfterSeconds: number };

export async function registerSelf(
  services: RegistrationServices,
  actor: Actor,
  event: RegistrationEvent,
  input: Record<string, unknown>,
  options: { ipAddress?: string; now?: Date; minDurationMs?: number } = {},
): Promise<SelfRegistrationResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const email = rawEmail(input);
  // Every submission counts: the answer never says whether it "failed".
  const verdict = await services.rateLimiter.check("register", email, options.ipAddress);
  if (!verdict.allowed) return { status: "rateLimited", retryAfterSeconds: verdict.retryAfterSeconds };
  await services.rateLimiter.recordFailure("register", email, options.ipAddress);

  const padded = async (): Promise<SelfRegistrationResult> => {
    await sleep(Math.max(0, (options.minDurationMs ?? ACCOUNT_ANSWER_MIN_MS) - (Date.now() - started)));
    return { status: "accepted" };
  };

  if (typeof input.website === "string" && input.website.trim() !== "") {
    services.logger.info({ event: "registration_honeypot", ip: options.ipAddress }, "honeypot filled; nothing created");
    return padded();
  }
  if (isRegistrationClosed(event, now)) return { status: "closed" };
  const parsed = selfRegistrationSchema.safeParse(input);
  if (!parsed.success) return { status: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const form = parsed.data;

  const code = await services.db.invitationCode.findUnique({
    where: { code: form.invitationCode },
    select: { active: true, expiresAt: true, disabledAt: true, delegation: { select: { id: true, eventId: true } } },
  });
  if (!code || !code.active || code.disabledAt || (code.expiresAt && code.expiresAt <= now) || code.delegation.eventId !== event.id) {
    return { status: "invalidCode" };
  }
  const delegationId = code.delegation.id;
  const { publicUrl } = services.config;

  let outcome: "accepted" | "quotaFull";
  try {
    outcome = await services.db.$transaction(async (tx) => {
      if (!(await hasQuotaRoom(tx, delegationId, form.category))) return "quotaFull" as const;
      const registrationData = {
        eventId: event.id,
        delegationId,
        role: ROLE_FOR_CATEGORY[form.category],
        category: form.category,
        status: "PENDING" as const,
        title: form.title ?? null,
        organisation: form.organisation ?? null,
        languagesSpoken: form.languagesSpoken,
        accessibilityNeeds: form.accessibilityNeeds ?? null,
        dietaryNeeds: form.dietaryNeeds ?? null,
        identityDocumentNumber: form.identityDocumentNumber ?? null,
        consentedAt: now,
        submittedAt: now,
        registeredById: actorIdOf(actor),
      };
      const existing = await tx.user.findUnique({
        where: { email: form.email },
        select: { id: true, passwordHash: true, disabledAt: true, preferredLanguage: true, givenName: true, familyName: true },
      });

      if (!existing) {
        const user = await tx.user.create({
          data: { email: form.email, givenName: form.givenName, familyName: form.familyName, preferredLanguage: form.preferredLanguage },
          select: { id: true },
        });
        await tx.registration.create({ data: { ...registrationData, userId: user.id } });
        const { token } = await issueAccountToken(tx, { userId: user.id, kind: "EMAIL_VERIFICATION", eventId: event.id, now });
        const t = mailTranslator(form.preferredLanguage);
        const vars = { name: `${form.givenName} ${form.familyName}`, event: eventName(event, form.preferredLanguage), link: tokenLink(publicUrl, "EMAIL_VERIFICATION", token) };
        await enqueueMail(tx, {
          eventId: event.id,
          userId: user.id,
          to: form.email,
          subject: t("mail:registration.confirm.subject", vars),
          text: t("mail:registration.confirm.body", vars),
          kind: "registration.confirm",
        });
        return "accepted" as const;
      }

      if (existing.disabledAt) {
        services.logger.warn({ event: "registration_for_disabled_account", userId: existing.id }, "registration for a disabled account ignored");
        return "accepted" as const;
      }
      const language = existing.preferredLanguage;
      const t = mailTranslator(language);
      const already = await tx.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: existing.id } }, select: { id: true } });
      if (!already) await tx.registration.create({ data: { ...registrationData, userId: existing.id } });
      // Someone without a password yet gets a fresh link to finish; others sign in (or reset).
      const link = existing.passwordHash
        ? `${publicUrl}/login`
        : tokenLink(publicUrl, "EMAIL_VERIFICATION", (await issueAccountToken(tx, { userId: existing.id, kind: "EMAIL_VERIFICATION", eventId: event.id, now })).token);
      const vars = {
        name: `${existing.givenName} ${existing.familyName}`,
        event: eventName(event, language),
        link,
        resetLink: `${publicUrl}/forgot-password`,
      };
      const which = already ? "alreadyRegistered" : "existingAccount";
      await enqueueMail(tx, {
        eventId: event.id,
        userId: existing.id,
        to: form.email,
        subject: t(`mail:registration.${which}.subject`, vars),
        text: t(`mail:registration.${which}.body`, vars),
        kind: already ? "registration.already_registered" : "registration.existing_account",
      });
      return "accepted" as const;
    });
  } catch (error) {
    // Two submissions for one new address at once: the loser hit the unique e-mail. Same answer.
    if ((error as { code?: string }).code === "P2002") outcome = "accepted";
    else throw error;
  }
  if (outcome === "quotaFull") return { status: "quotaFull" };
  services.mailQueued();
  services.logger.info({ event: "registration_submitted", eventId: event.id, delegationId, ip: options.ipAddress }, "registration submitted");
  return padded();
}

// ---------------------------------------------------------------------------------------------
// Registering others (heads of delegation, organisers)
// ---------------------------------------------------------------------------------------------

export type RegistrarScope = { kind: "organiser" } | { kind: "head"; delegationId: string };

/** Organisers (and admins) may register into any delegation of the event; an approved head into theirs only. */
export async function registrarScope(db: PrismaClient, actor: Actor, event: Pick<RegistrationEvent, "id">): Promise<RegistrarScope> {
  if (actor.kind === "anonymous") throw new ForbiddenError("Please sign in.", 401);
  try {
    await requireOrganiser(db, actor, event.id);
    return { kind: "organiser" };
  } catch (error) {
    if (!(error instanceof ForbiddenError) || actor.kind !== "user") throw error;
  }
  const head = await db.registration.findFirst({
    where: { eventId: event.id, userId: actor.userId, status: "APPROVED", role: "HEAD_OF_DELEGATION", delegationId: { not: null } },
    select: { delegationId: true },
  });
  if (!head?.delegationId) throw new ForbiddenError();
  return { kind: "head", delegationId: head.delegationId };
}

export async function listEventDelegations(db: PrismaClient, event: Pick<RegistrationEvent, "id">, scope: RegistrarScope) {
  return db.delegation.findMany({
    where: { eventId: event.id, ...(scope.kind === "head" && { id: scope.delegationId }) },
    select: { id: true, name: true, countryCode: true },
    orderBy: { name: "asc" },
  });
}

export type PersonOutcome = "created" | "quotaFull" | "alreadyRegistered";

/**
 * Adds one person (authorization and validation already done) inside the caller's transaction:
 * a new account without password and an ACTIVATION link, or a notice to an existing account.
 */
export async function addPersonTx(
  tx: Tx,
  services: Pick<AppServices, "config">,
  actor: Actor,
  event: RegistrationEvent,
  person: PersonRegistration,
  delegationId: string,
  now: Date,
): Promise<{ outcome: PersonOutcome; registrationId?: string }> {
  if (!(await hasQuotaRoom(tx, delegationId, person.category))) return { outcome: "quotaFull" };
  const { publicUrl } = services.config;
  let user = await tx.user.findUnique({
    where: { email: person.email },
    select: { id: true, passwordHash: true, preferredLanguage: true, givenName: true, familyName: true },
  });
  const existingAccount = user !== null;
  if (user) {
    const already = await tx.registration.findUnique({ where: { eventId_userId: { eventId: event.id, userId: user.id } }, select: { id: true } });
    if (already) return { outcome: "alreadyRegistered" };
  } else {
    user = await tx.user.create({
      data: { email: person.email, givenName: person.givenName, familyName: person.familyName, preferredLanguage: person.preferredLanguage },
      select: { id: true, passwordHash: true, preferredLanguage: true, givenName: true, familyName: true },
    });
  }
  const registration = await tx.registration.create({
    data: {
      eventId: event.id,
      userId: user.id,
      delegationId,
      role: ROLE_FOR_CATEGORY[person.category],
      category: person.category,
      status: "PENDING",
      title: person.title ?? null,
      organisation: person.organisation ?? null,
      submittedAt: now,
      registeredById: actorIdOf(actor),
    },
    select: { id: true },
  });
  const language = user.preferredLanguage;
  const t = mailTranslator(language);
  const link = user.passwordHash
    ? `${publicUrl}/login`
    : tokenLink(publicUrl, "ACTIVATION", (await issueAccountToken(tx, { userId: user.id, kind: "ACTIVATION", eventId: event.id, now })).token);
  const vars = { name: `${user.givenName} ${user.familyName}`, event: eventName(event, language), link };
  const which = user.passwordHash ? "registeredExisting" : "activation";
  await enqueueMail(tx, {
    eventId: event.id,
    userId: user.id,
    to: person.email,
    subject: t(`mail:registration.${which}.subject`, vars),
    text: t(`mail:registration.${which}.body`, vars),
    kind: user.passwordHash ? "registration.registered_existing" : "registration.activation",
  });
  await tx.auditLog.create({
    data: {
      eventId: event.id,
      actorId: actorIdOf(actor),
      action: "registration.created_by_other",
      targetType: "registration",
      targetId: registration.id,
      data: { delegationId, category: person.category, userId: user.id, existingAccount },
    },
  });
  return { outcome: "created", registrationId: registration.id };
}

/** The delegation a registrar asks for (by id or country code), checked against their scope. */
export async function resolveTargetDelegation(
  db: PrismaClient | Tx,
  scope: RegistrarScope,
  event: Pick<RegistrationEvent, "id">,
  request: { delegationId?: string | null; countryCode?: string | null },
): Promise<{ ok: true; delegationId: string } | { ok: false; error: "delegationRequired" | "unknownDelegation" | "forbiddenDelegation" }> {
  let delegationId: string | null = null;
  if (request.countryCode) {
    const found = await db.delegation.findFirst({ where: { eventId: event.id, countryCode: request.countryCode }, select: { id: true } });
    if (!found) return { ok: false, error: "unknownDelegation" };
    delegationId = found.id;
  } else if (request.delegationId) {
    const found = /^[0-9a-f-]{36}$/i.test(request.delegationId)
      ? await db.delegation.findFirst({ where: { eventId: event.id, id: request.delegationId }, select: { id: true } })
      : null;
    if (!found) return { ok: false, error: "unknownDelegation" };
    delegationId = found.id;
  }
  if (scope.kind === "head") {
    if (delegationId && delegationId !== scope.delegationId) return { ok: false, error: "forbiddenDelegation" };
    return { ok: true, delegationId: scope.delegationId };
  }
  return delegationId ? { ok: true, delegationId } : { ok: false, error: "delegationRequired" };
}

export type PersonRegistrationResult =
  | { status: "created"; registrationId: string }
  | { status: "invalid"; fieldErrors: FieldErrors }
  | { status: "closed" }
  | { status: "quotaFull" }
  | { status: "alreadyRegistered" };

/**
 * A head of delegation (own delegation, until registration closes) or an organiser (any
 * delegation, any time) registers one person. Throws ForbiddenError (401/403) otherwise.
 */
export async function registerPerson(
  services: RegistrationServices,
  actor: Actor,
  event: RegistrationEvent,
  input: Record<string, unknown>,
  options: { delegationId?: string | null; now?: Date } = {},
): Promise<PersonRegistrationResult> {
  const now = options.now ?? new Date();
  const scope = await registrarScope(services.db, actor, event);
  const parsed = personRegistrationSchema.safeParse(input);
  if (!parsed.success) return { status: "invalid", fieldErrors: fieldErrorsOf(parsed.error) };
  const person = parsed.data;
  const target = await resolveTargetDelegation(services.db, scope, event, { delegationId: options.delegationId, countryCode: person.delegationCountryCode });
  if (!target.ok) {
    if (target.error === "forbiddenDelegation") throw new ForbiddenError("You may register people only into your own delegation.");
    return { status: "invalid", fieldErrors: { delegationCountryCode: [`errors.${target.error}`] } };
  }
  if (scope.kind === "head") {
    if (person.category === "HEAD_OF_DELEGATION") return { status: "invalid", fieldErrors: { category: ["errors.category"] } };
    if (isRegistrationClosed(event, now)) return { status: "closed" };
  }
  const result = await services.db.$transaction((tx) => addPersonTx(tx, services, actor, event, person, target.delegationId, now));
  if (result.outcome !== "created") return { status: result.outcome };
  services.mailQueued();
  return { status: "created", registrationId: result.registrationId! };
}
