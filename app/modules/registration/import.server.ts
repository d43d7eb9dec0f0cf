// CSV import of several people by a head of delegation or an organiser.
//
// Policy: ALL OR NOTHING. Every row is validated (same Zod schema as the one-person form, the
// delegation, duplicates in the file, quotas, people already registered); if any row has a
// problem nothing is imported and every problem is reported with its line number, so the sender
// fixes the file and sends it again without having to work out which half went in.
import { parse } from "csv-parse/sync";
import type { Actor } from "~/modules/auth/actor";
import {
  addPersonTx,
  isRegistrationClosed,
  registrarScope,
  resolveTargetDelegation,
  type RegistrationEvent,
  type RegistrationServices,
} from "./registration.server";
import { fieldErrorsOf, personRegistrationSchema, type PersonRegistration } from "./schemas";

export const IMPORT_MAX_BYTES = 1_000_000;
export const IMPORT_MAX_ROWS = 500;
export const IMPORT_COLUMNS = ["email", "givenName", "familyName", "title", "organisation", "category", "preferredLanguage", "delegationCountryCode"] as const;
const REQUIRED_COLUMNS = ["email", "givenName", "familyName", "category"];

export interface RowError {
  /** Line in the file (the header is line 1). */
  line: number;
  field: string | null;
  /** Key in the "registration" namespace. */
  message: string;
}

export type ImportResult =
  | { status: "imported"; count: number }
  | { status: "rejected"; errors: RowError[] }
  | { status: "invalidFile"; message: string }
  | { status: "closed" };

class Rollback extends Error {}

export async function importPeople(
  services: RegistrationServices,
  actor: Actor,
  event: RegistrationEvent,
  csv: string,
  options: { delegationId?: string | null; now?: Date } = {},
): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const scope = await registrarScope(services.db, actor, event);
  if (scope.kind === "head" && isRegistrationClosed(event, now)) return { status: "closed" };
  if (Buffer.byteLength(csv, "utf8") > IMPORT_MAX_BYTES) return { status: "invalidFile", message: "errors.csvTooLarge" };

  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 10_000,
    }) as unknown as typeof records;
  } catch {
    return { status: "invalidFile", message: "errors.csvMalformed" };
  }
  if (records.length === 0) return { status: "invalidFile", message: "errors.csvEmpty" };
  const header = Object.keys(records[0].record);
  if (REQUIRED_COLUMNS.some((c) => !header.includes(c)) || header.some((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c))) {
    return { status: "invalidFile", message: "errors.csvHeader" };
  }
  if (records.length > IMPORT_MAX_ROWS) return { status: "invalidFile", message: "errors.csvTooManyRows" };

  const errors: RowError[] = [];
  const valid: { line: number; person: PersonRegistration; delegationId: string }[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const parsed = personRegistrationSchema.safeParse(record);
    if (!parsed.success) {
      for (const [field, messages] of Object.entries(fieldErrorsOf(parsed.error))) for (const message of messages) errors.push({ line, field, message });
      continue;
    }
    const person = parsed.data;
    if (seen.has(person.email)) {
      errors.push({ line, field: "email", message: "errors.duplicateInFile" });
      continue;
    }
    seen.set(person.email, line);
    if (scope.kind === "head" && person.category === "HEAD_OF_DELEGATION") {
      errors.push({ line, field: "category", message: "errors.category" });
      continue;
    }
    const target = await resolveTargetDelegation(services.db, scope, event, { delegationId: options.delegationId, countryCode: person.delegationCountryCode });
    if (!target.ok) {
      errors.push({ line, field: "delegationCountryCode", message: `errors.${target.error}` });
      continue;
    }
    valid.push({ line, person, delegationId: target.delegationId });
  }
  if (errors.length > 0) return { status: "rejected", errors };

  try {
    await services.db.$transaction(
      async (tx) => {
        const problems: RowError[] = [];
        for (const { line, person, delegationId } of valid) {
          const { outcome } = await addPersonTx(tx, services, actor, event, person, delegationId, now);
          if (outcome !== "created") problems.push({ line, field: outcome === "quotaFull" ? "category" : "email", message: `errors.${outcome}` });
        }
        if (problems.length > 0) {
          errors.push(...problems);
          throw new Rollback();
        }
        await tx.auditLog.create({
          data: { eventId: event.id, actorId: actor.kind === "user" ? actor.userId : null, action: "registration.imported", targetType: "event", targetId: event.id, data: { count: valid.length } },
        });
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof Rollback) return { status: "rejected", errors };
    throw error;
  }
  services.mailQueued();
  return { status: "imported", count: valid.length };
}
