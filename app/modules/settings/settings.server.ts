// Event settings for organisers: the event's registration and sign-up settings, delegations with
// their quotas per category, and invitation codes. Every write is validated with Zod, checked for
// this event's organisers, and audited in the same transaction.
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { ParticipantCategory, Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { dateInZone, timeInZone, zonedWallTimeToUtc } from "~/lib/zoned-time";
import { NotFoundError, type Actor } from "~/modules/auth/actor";
import { actorIdOf, requireOrganiser } from "~/modules/auth/permissions.server";
import { asTextMap } from "~/modules/events/events.server";
import { CATEGORIES } from "~/modules/accreditation/constants";

type Tx = Prisma.TransactionClient;

export { CATEGORIES };

export interface SettingsEvent {
  id: string;
  timeZone: string;
  languages: string[];
}

async function audit(tx: Tx, actor: Actor, eventId: string, action: string, targetType: string, targetId: string | null, data: Prisma.InputJsonObject) {
  await tx.auditLog.create({ data: { eventId, actorId: actorIdOf(actor), action, targetType, targetId, data } });
}

// ---------------------------------------------------------------------------------------------
// Event settings
// ---------------------------------------------------------------------------------------------

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * A wall-clock date and time in the event's zone ("2026-11-20T18:00", what <input
 * type="datetime-local"> sends) → the UTC instant; "" or null → null (not set).
 */
function localDateTime(timeZone: string) {
  return z
    .union([z.string(), z.null()])
    .transform((value, ctx) => {
      const text = value?.trim() ?? "";
      if (text === "") return null;
      const match = LOCAL_DATE_TIME.exec(text);
      let instant: Date | null = null;
      try {
        instant = match ? zonedWallTimeToUtc(match[1], match[2], timeZone) : null;
      } catch {
        instant = null; // not a calendar date or time (2026-13-01, 25:00)
      }
      // Also refuses dates that do not exist (2026-02-30) by checking they come back unchanged.
      if (!match || !instant || Number.isNaN(instant.getTime()) || dateInZone(instant, timeZone) !== match[1]) {
        ctx.addIssue({ code: "custom", message: "Enter a valid date and time (YYYY-MM-DDTHH:MM)." });
        return z.NEVER;
      }
      return instant;
    });
}

/** An instant as the wall-clock value a datetime-local input shows, in the event's zone. */
export function toLocalDateTime(instant: Date | null, timeZone: string): string {
  return instant ? `${dateInZone(instant, timeZone)}T${timeInZone(instant, timeZone)}` : "";
}

const wholeNumber = (max: number, label: string) =>
  z.coerce
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(0, `${label} cannot be negative.`)
    .max(max, `${label} may be at most ${max}.`);

export function eventSettingsSchema(timeZone: string) {
  return z
    .object({
      registrationClosesAt: localDateTime(timeZone),
      signupOpensAt: localDateTime(timeZone),
      signupClosesAt: localDateTime(timeZone),
      waitlistMode: z.enum(["IMMEDIATE", "TIMED_OFFER"], { message: "Choose how the waiting list works." }),
      waitlistOfferMinutes: wholeNumber(7 * 24 * 60, "The offer time").refine((n) => n >= 5, "The offer time must be at least 5 minutes."),
      delegationCapDefault: z
        .union([z.literal(""), z.null(), wholeNumber(10_000, "The delegation cap")])
        .transform((value) => (value === "" || value === null ? null : value)),
      changeoverBufferMinutes: wholeNumber(240, "The changeover buffer"),
      dataProtectionNotice: z.record(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/), z.string().trim().max(20_000, "The notice is too long.")),
    })
    .superRefine((value, ctx) => {
      if (value.signupOpensAt && value.signupClosesAt && value.signupClosesAt <= value.signupOpensAt) {
        ctx.addIssue({ code: "custom", path: ["signupClosesAt"], message: "Sign-up must close after it opens." });
      }
    });
}
export type EventSettingsInput = z.input<ReturnType<typeof eventSettingsSchema>>;

const settingsSelect = {
  registrationClosesAt: true,
  dataProtectionNotice: true,
  signupOpensAt: true,
  signupClosesAt: true,
  waitlistMode: true,
  waitlistOfferMinutes: true,
  delegationCapDefault: true,
  changeoverBufferMinutes: true,
} satisfies Prisma.EventSelect;

export async function getEventSettings(db: PrismaClient, actor: Actor, event: SettingsEvent) {
  await requireOrganiser(db, actor, event.id);
  const row = await db.event.findUniqueOrThrow({ where: { id: event.id }, select: settingsSelect });
  return { ...row, dataProtectionNotice: asTextMap(row.dataProtectionNotice) };
}

export async function updateEventSettings(db: PrismaClient, actor: Actor, event: SettingsEvent, input: EventSettingsInput) {
  await requireOrganiser(db, actor, event.id);
  const settings = eventSettingsSchema(event.timeZone).parse(input);
  // Empty notices are dropped rather than stored as "".
  const notice = Object.fromEntries(Object.entries(settings.dataProtectionNotice).filter(([, text]) => text !== ""));
  return db.$transaction(async (tx) => {
    const before = await tx.event.findUniqueOrThrow({ where: { id: event.id }, select: settingsSelect });
    const after = await tx.event.update({ where: { id: event.id }, data: { ...settings, dataProtectionNotice: notice }, select: settingsSelect });
    const changed: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(settingsSelect) as (keyof typeof settingsSelect)[]) {
      const from = JSON.stringify(before[key]);
      const to = JSON.stringify(after[key]);
      if (from !== to) changed[key] = { from: before[key], to: after[key] };
    }
    if (Object.keys(changed).length > 0) {
      await audit(tx, actor, event.id, "settings.updated", "event", event.id, JSON.parse(JSON.stringify({ changed })));
    }
    return { ...after, dataProtectionNotice: asTextMap(after.dataProtectionNotice), changed: Object.keys(changed) };
  });
}

// ---------------------------------------------------------------------------------------------
// Delegations and quotas
// ---------------------------------------------------------------------------------------------

export async function listDelegationSettings(db: PrismaClient, actor: Actor, event: SettingsEvent) {
  await requireOrganiser(db, actor, event.id);
  const delegations = await db.delegation.findMany({
    where: { eventId: event.id },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      kind: true,
      countryCode: true,
      quotas: { select: { category: true, maxPeople: true } },
      invitationCodes: { select: { id: true, code: true, active: true, createdAt: true, disabledAt: true, expiresAt: true }, orderBy: { createdAt: "desc" } },
    },
  });
  const approved = await db.registration.groupBy({
    by: ["delegationId", "category"],
    where: { eventId: event.id, status: "APPROVED", delegationId: { not: null } },
    _count: { _all: true },
  });
  return delegations.map((delegation) => ({
    ...delegation,
    quotas: CATEGORIES.map((category) => ({
      category,
      max: delegation.quotas.find((q) => q.category === category)?.maxPeople ?? null,
      approved: approved.find((a) => a.delegationId === delegation.id && a.category === category)?._count._all ?? 0,
    })),
  }));
}

export const delegationSchema = z.object({
  name: z.string().trim().min(1, "Enter the delegation's name.").max(200, "The name may have at most 200 characters."),
  countryCode: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .refine((code) => code === "" || /^[A-Z]{2}$/.test(code), "A country code has two letters (ISO 3166-1), e.g. MA.")
    .transform((code) => (code === "" ? null : code))
    .optional(),
});

export async function createDelegationSetting(db: PrismaClient, actor: Actor, event: SettingsEvent, input: z.input<typeof delegationSchema>) {
  await requireOrganiser(db, actor, event.id);
  const data = delegationSchema.parse(input);
  const countryCode = data.countryCode ?? null;
  const clash = await db.delegation.findFirst({
    where: { eventId: event.id, OR: [{ name: data.name }, ...(countryCode ? [{ countryCode }] : [])] },
    select: { id: true },
  });
  if (clash) throw new SettingsError("A delegation with this name or country already exists in this event.", "delegation_exists");
  return db.$transaction(async (tx) => {
    const delegation = await tx.delegation.create({
      data: { eventId: event.id, name: data.name, countryCode, kind: countryCode ? "COUNTRY" : "ORGANISATION" },
      select: { id: true, name: true, countryCode: true },
    });
    await audit(tx, actor, event.id, "settings.delegation_created", "delegation", delegation.id, { name: delegation.name, countryCode });
    return delegation;
  });
}

/** Per category: a number of people, or null for no limit. */
export const quotasSchema = z.partialRecord(
  z.enum(CATEGORIES),
  z
    .union([z.literal(""), z.null(), wholeNumber(100_000, "A quota")])
    .transform((value) => (value === "" || value === null ? null : value)),
);

/** A settings change that cannot be made as asked (the message says why). */
export class SettingsError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = "SettingsError";
    this.code = code;
  }
}

async function delegationOfEvent(tx: Tx | PrismaClient, eventId: string, delegationId: string) {
  if (!z.uuid().safeParse(delegationId).success) throw new NotFoundError("No such delegation.");
  const delegation = await tx.delegation.findFirst({ where: { id: delegationId, eventId }, select: { id: true, name: true } });
  if (!delegation) throw new NotFoundError("No such delegation.");
  return delegation;
}

export async function setQuotas(db: PrismaClient, actor: Actor, event: SettingsEvent, delegationId: string, input: z.input<typeof quotasSchema>) {
  await requireOrganiser(db, actor, event.id);
  const quotas = quotasSchema.parse(input);
  await delegationOfEvent(db, event.id, delegationId);
  return db.$transaction(async (tx) => {
    // Same lock as an approval takes: a quota never changes under an approval being counted.
    await tx.$queryRaw`SELECT id FROM "Delegation" WHERE id = ${delegationId}::uuid FOR UPDATE`;
    const before = await tx.delegationQuota.findMany({ where: { delegationId }, select: { category: true, maxPeople: true } });
    for (const [category, max] of Object.entries(quotas) as [ParticipantCategory, number | null][]) {
      if (max === null) {
        await tx.delegationQuota.deleteMany({ where: { delegationId, category } });
      } else {
        await tx.delegationQuota.upsert({
          where: { delegationId_category: { delegationId, category } },
          create: { delegationId, category, maxPeople: max },
          update: { maxPeople: max },
        });
      }
    }
    const after = await tx.delegationQuota.findMany({ where: { delegationId }, select: { category: true, maxPeople: true } });
    const asMap = (rows: { category: string; maxPeople: number }[]) => Object.fromEntries(rows.map((r) => [r.category, r.maxPeople]));
    await audit(tx, actor, event.id, "settings.quotas_updated", "delegation", delegationId, { from: asMap(before), to: asMap(after) });
    return asMap(after);
  });
}

// ---------------------------------------------------------------------------------------------
// Invitation codes
// ---------------------------------------------------------------------------------------------

/** No 0/O, 1/I/L: codes are read out and typed from paper. 12 characters ≈ 60 bits. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function randomInvitationCode(length = 12): string {
  let code = "";
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

async function insertCode(tx: Tx, delegationId: string) {
  return tx.invitationCode.create({ data: { delegationId, code: randomInvitationCode() }, select: { id: true, code: true, active: true } });
}

async function codeOfEvent(tx: Tx, eventId: string, codeId: string) {
  if (!z.uuid().safeParse(codeId).success) throw new NotFoundError("No such invitation code.");
  const code = await tx.invitationCode.findFirst({ where: { id: codeId, delegation: { eventId } }, select: { id: true, delegationId: true, active: true } });
  if (!code) throw new NotFoundError("No such invitation code.");
  return code;
}

export async function createInvitationCode(db: PrismaClient, actor: Actor, event: SettingsEvent, delegationId: string) {
  await requireOrganiser(db, actor, event.id);
  return db.$transaction(async (tx) => {
    await delegationOfEvent(tx, event.id, delegationId);
    const code = await insertCode(tx, delegationId);
    // The code itself is a credential: the audit trail names its id, not its value.
    await audit(tx, actor, event.id, "settings.invitation_code_created", "delegation", delegationId, { codeId: code.id });
    return code;
  });
}

export async function disableInvitationCode(db: PrismaClient, actor: Actor, event: SettingsEvent, codeId: string) {
  await requireOrganiser(db, actor, event.id);
  return db.$transaction(async (tx) => {
    const code = await codeOfEvent(tx, event.id, codeId);
    if (code.active) await tx.invitationCode.update({ where: { id: code.id }, data: { active: false, disabledAt: new Date() } });
    await audit(tx, actor, event.id, "settings.invitation_code_disabled", "delegation", code.delegationId, { codeId: code.id });
    return { id: code.id, active: false };
  });
}

/** Disables the code and creates a new one for the same delegation, in one transaction. */
export async function rotateInvitationCode(db: PrismaClient, actor: Actor, event: SettingsEvent, codeId: string) {
  await requireOrganiser(db, actor, event.id);
  return db.$transaction(async (tx) => {
    const old = await codeOfEvent(tx, event.id, codeId);
    await tx.invitationCode.update({ where: { id: old.id }, data: { active: false, disabledAt: new Date() } });
    const fresh = await insertCode(tx, old.delegationId);
    await audit(tx, actor, event.id, "settings.invitation_code_rotated", "delegation", old.delegationId, { disabledCodeId: old.id, newCodeId: fresh.id });
    return fresh;
  });
}
