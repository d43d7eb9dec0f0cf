/**
 * Test factories: one builder (`buildXData`, pure, no database) and one factory (`createX`,
 * inserts and returns the row) per kind of record. Tests across the project call the factories;
 * the demo seed uses the same builders with `createMany` for its bulk inserts.
 *
 * Every factory takes the Prisma client or a transaction client plus overrides, and fills the
 * rest with defaults that stay unique across repeated calls in one database (a counter plus a
 * random suffix), so a test never has to invent emails, slugs or codes.
 */
import { randomBytes } from "node:crypto";
import { faker } from "@faker-js/faker";
import countries from "i18n-iso-countries";
import type {
  Delegation,
  DelegationQuota,
  Event,
  InvitationCode,
  Prisma,
  PrismaClient,
  Registration,
  Room,
  Session,
  SessionSpeaker,
  SessionText,
  User,
  WorkshopSignup,
} from "../../generated/prisma/client.ts";
import type { ParticipantCategory, RegistrationRole, SpeakerRole } from "../../generated/prisma/enums.ts";
import { addDaysToDate, dateToDbDate, todayInZone } from "../../lib/zoned-time.ts";
import { hashPassword } from "../auth/password.server.ts";

/** The Prisma client or an interactive-transaction client. */
export type Db = PrismaClient | Prisma.TransactionClient;

// ---------------------------------------------------------------------------------------------
// Ids and unique suffixes
// ---------------------------------------------------------------------------------------------

let lastIdMs = 0;
let idSequence = 0;

/**
 * A UUID version 7 (RFC 9562), like the schema's `uuid(7)` default: time-ordered, and
 * strictly increasing within this process (a 12-bit counter orders ids made in one millisecond),
 * so rows built in bulk keep their build order when sorted by id.
 */
export function uuidv7(now: number = Date.now()): string {
  if (now > lastIdMs) {
    lastIdMs = now;
    idSequence = 0;
  } else if (++idSequence > 0xfff) {
    lastIdMs += 1;
    idSequence = 0;
  }
  const bytes = randomBytes(16);
  let ms = lastIdMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (idSequence >> 8);
  bytes[7] = idSequence & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let counter = 0;

/** A short suffix unique within this process and very likely across processes: "17a3f9c2". */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter}${randomBytes(3).toString("hex")}`;
}

/** Inserts `rows` in chunks of `size` through `insert` (e.g. `(chunk) => db.user.createMany({ data: chunk })`). */
export async function insertInChunks<T>(
  rows: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
  size = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Tables whose `updatedAt` Prisma fills in (@updatedAt has no database default). */
const TABLES_WITH_UPDATED_AT = new Set(["Event", "Delegation", "User", "Registration", "Room", "Session", "WorkshopSignup"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Bulk insert of builder rows for seeding: all rows travel as one JSON parameter expanded by
 * `json_populate_recordset`, one statement per distinct set of columns. Prisma's createMany
 * spends about a millisecond of client CPU per row; this takes a few milliseconds per thousand
 * rows, on PostgreSQL and PGlite alike, inside the caller's transaction when given one.
 *
 * Rows must be complete in the way createMany input is: columns a row leaves out (or sets to
 * undefined) get the database default; Prisma-side defaults are not applied, so give ids (the
 * builders do). Where the table has `updatedAt`, rows without createdAt/updatedAt get `now`.
 * Column names are the model's field names (the schema maps none).
 */
export async function insertRows(
  db: Db,
  table: string,
  rows: readonly object[],
  options: { now?: Date; chunkSize?: number } = {},
): Promise<number> {
  if (!IDENTIFIER.test(table)) throw new Error(`Not a table name: ${table}`);
  const now = options.now ?? new Date();
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) if (value !== undefined) record[key] = value;
    if (TABLES_WITH_UPDATED_AT.has(table)) {
      record.createdAt ??= now;
      record.updatedAt ??= record.createdAt;
    }
    const columns = Object.keys(record).sort().join(",");
    let group = groups.get(columns);
    if (!group) groups.set(columns, (group = []));
    group.push(record);
  }
  let inserted = 0;
  for (const [key, group] of groups) {
    const columns = key.split(",");
    for (const column of columns) if (!IDENTIFIER.test(column)) throw new Error(`Not a column name: ${column}`);
    const list = columns.map((column) => `"${column}"`).join(", ");
    const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`;
    const size = options.chunkSize ?? 2000;
    for (let i = 0; i < group.length; i += size) {
      inserted += await db.$executeRawUnsafe(sql, JSON.stringify(group.slice(i, i + size)));
    }
  }
  return inserted;
}

const toDbDate = (value: Date | string): Date => (typeof value === "string" ? dateToDbDate(value.slice(0, 10)) : value);

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export type EventOverrides = Partial<Omit<Prisma.EventCreateManyInput, "startsOn" | "endsOn">> & {
  /** "YYYY-MM-DD" or a Date at midnight UTC; default: today in the event's zone. */
  startsOn?: Date | string;
  /** Default: three days after startsOn (a four-day event). */
  endsOn?: Date | string;
};

export type EventData = Prisma.EventCreateManyInput & { id: string; slug: string; startsOn: Date; endsOn: Date };

export function buildEventData(overrides: EventOverrides = {}): EventData {
  const suffix = uniqueSuffix();
  const timeZone = overrides.timeZone ?? "Africa/Casablanca";
  const startsOn =
    overrides.startsOn === undefined ? todayInZone(timeZone) : overrides.startsOn;
  const startDate = typeof startsOn === "string" ? startsOn.slice(0, 10) : startsOn.toISOString().slice(0, 10);
  const endsOn = overrides.endsOn === undefined ? addDaysToDate(startDate, 3) : overrides.endsOn;
  return {
    id: uuidv7(),
    slug: `event-${suffix}`,
    name: `Test Assembly ${suffix}`,
    venue: "Test Conference Centre",
    city: "Marrakech",
    countryCode: "MA",
    languages: ["en", "fr"],
    ...overrides,
    timeZone,
    startsOn: toDbDate(startsOn),
    endsOn: toDbDate(endsOn),
  } as EventData;
}

export function createEvent(db: Db, overrides: EventOverrides = {}): Promise<Event> {
  return db.event.create({ data: buildEventData(overrides) });
}

// ---------------------------------------------------------------------------------------------
// Delegations, invitation codes, quotas
// ---------------------------------------------------------------------------------------------

const ALL_COUNTRY_CODES = Object.keys(countries.getAlpha2Codes()).sort();

/** English name of an ISO 3166-1 alpha-2 country, from i18n-iso-countries. */
export function countryName(code: string, language = "en"): string {
  const name = countries.getName(code, language) ?? countries.getName(code, "en");
  if (!name) throw new Error(`Unknown ISO 3166-1 alpha-2 code: ${code}`);
  return name;
}

export const DEFAULT_QUOTAS: Readonly<Partial<Record<ParticipantCategory, number>>> = {
  DELEGATE: 10,
  HEAD_OF_DELEGATION: 1,
  OBSERVER: 2,
  PRESS: 1,
};

export type DelegationData = Prisma.DelegationCreateManyInput & { id: string; name: string };

/** Delegation row only; pass countryCode and name (createDelegation picks free ones for you). */
export function buildDelegationData(
  overrides: Partial<Prisma.DelegationCreateManyInput> & { eventId: string },
): DelegationData {
  const countryCode = overrides.countryCode ?? null;
  return {
    id: uuidv7(),
    kind: countryCode ? "COUNTRY" : "ORGANISATION",
    name: countryCode ? countryName(countryCode) : `Delegation ${uniqueSuffix()}`,
    ...overrides,
    countryCode,
  } as DelegationData;
}

/** A fresh upper-case invitation code, unique across the install. */
export function newInvitationCode(prefix = "T"): string {
  return `${prefix}${uniqueSuffix()}${randomBytes(2).toString("hex")}`.toUpperCase().slice(0, 32);
}

export function buildInvitationCodeData(
  overrides: Partial<Prisma.InvitationCodeCreateManyInput> & { delegationId: string },
): Prisma.InvitationCodeCreateManyInput & { id: string; code: string } {
  return { id: uuidv7(), code: newInvitationCode(), active: true, ...overrides } as Prisma.InvitationCodeCreateManyInput & {
    id: string;
    code: string;
  };
}

export function buildQuotaData(
  delegationId: string,
  quotas: Partial<Record<ParticipantCategory, number>> = DEFAULT_QUOTAS,
): Prisma.DelegationQuotaCreateManyInput[] {
  return Object.entries(quotas)
    .filter((entry): entry is [ParticipantCategory, number] => typeof entry[1] === "number")
    .map(([category, maxPeople]) => ({ delegationId, category, maxPeople }));
}

export type DelegationOverrides = Partial<Prisma.DelegationCreateManyInput> & {
  /** The invitation code to create; default: a fresh unique one; null: none. */
  invitationCode?: string | null;
  /** Quotas per category; default DEFAULT_QUOTAS; {} for none. */
  quotas?: Partial<Record<ParticipantCategory, number>>;
};

export type DelegationWithCodes = Delegation & { invitationCodes: InvitationCode[]; quotas: DelegationQuota[] };

/**
 * Creates a delegation with an invitation code and quotas. Without eventId it creates an event;
 * without countryCode (and kind ORGANISATION not asked for) it takes a real country not yet in
 * the event.
 */
export async function createDelegation(db: Db, overrides: DelegationOverrides = {}): Promise<DelegationWithCodes> {
  const { invitationCode, quotas, ...rest } = overrides;
  const eventId = rest.eventId ?? (await createEvent(db)).id;
  let countryCode = rest.countryCode;
  if (countryCode === undefined && rest.kind !== "ORGANISATION") {
    const taken = new Set(
      (await db.delegation.findMany({ where: { eventId }, select: { countryCode: true } })).map((d) => d.countryCode),
    );
    const free = ALL_COUNTRY_CODES.filter((code) => !taken.has(code));
    countryCode = free[0] ?? null;
  }
  const data = buildDelegationData({ ...rest, eventId, countryCode });
  return db.delegation.create({
    data: {
      ...data,
      invitationCodes:
        invitationCode === null
          ? undefined
          : { create: { code: (invitationCode ?? newInvitationCode()).toUpperCase() } },
      quotas: { createMany: { data: buildQuotaData(data.id, quotas).map(({ delegationId: _, ...q }) => q) } },
    },
    include: { invitationCodes: true, quotas: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

export type UserData = Prisma.UserCreateManyInput & { id: string; email: string; givenName: string; familyName: string };

/** A user row; email is lower-cased. Pass passwordHash to reuse one hash for many users. */
export function buildUserData(overrides: Partial<Prisma.UserCreateManyInput> = {}): UserData {
  const suffix = uniqueSuffix();
  const data = {
    id: uuidv7(),
    email: `user-${suffix}@test.plenary.test`,
    emailVerifiedAt: new Date(),
    givenName: faker.person.firstName(),
    familyName: faker.person.lastName(),
    preferredLanguage: "en",
    ...overrides,
  };
  return { ...data, email: data.email.trim().toLowerCase() } as UserData;
}

export type UserOverrides = Partial<Prisma.UserCreateManyInput> & {
  /** Hashed with argon2id (slow: about 50 ms); prefer passwordHash when creating many users. */
  password?: string;
};

export async function createUser(db: Db, overrides: UserOverrides = {}): Promise<User> {
  const { password, ...rest } = overrides;
  const passwordHash = rest.passwordHash ?? (password === undefined ? null : await hashPassword(password));
  return db.user.create({ data: buildUserData({ ...rest, passwordHash }) });
}

// ---------------------------------------------------------------------------------------------
// Registrations
// ---------------------------------------------------------------------------------------------

const CATEGORY_FOR_ROLE: Partial<Record<RegistrationRole, ParticipantCategory>> = {
  HEAD_OF_DELEGATION: "HEAD_OF_DELEGATION",
  OBSERVER: "OBSERVER",
  PRESS: "PRESS",
  CHECKIN_STAFF: "GUEST",
  ORGANISER: "GUEST",
  ADMIN: "GUEST",
};

export type RegistrationData = Prisma.RegistrationCreateManyInput & { id: string };

/**
 * A registration row. Defaults: role DELEGATE, the category that goes with the role, status
 * APPROVED (accredited, the state most tests need; pass status "PENDING" for an application),
 * consent given now.
 */
export function buildRegistrationData(
  overrides: Partial<Prisma.RegistrationCreateManyInput> & { eventId: string; userId: string },
): RegistrationData {
  const role = overrides.role ?? "DELEGATE";
  const status = overrides.status ?? "APPROVED";
  const now = new Date();
  return {
    id: uuidv7(),
    role,
    category: CATEGORY_FOR_ROLE[role] ?? "DELEGATE",
    consentedAt: now,
    submittedAt: now,
    decidedAt: status === "PENDING" ? null : now,
    ...overrides,
    status,
  } as RegistrationData;
}

export type RegistrationOverrides = Partial<Prisma.RegistrationCreateManyInput>;

/**
 * Creates a registration. Without eventId it uses the delegation's event (or creates an event);
 * without userId it creates a user.
 */
export async function createRegistration(db: Db, overrides: RegistrationOverrides = {}): Promise<Registration> {
  let eventId = overrides.eventId;
  if (!eventId && overrides.delegationId) {
    eventId = (await db.delegation.findUniqueOrThrow({ where: { id: overrides.delegationId } })).eventId;
  }
  eventId ??= (await createEvent(db)).id;
  const userId = overrides.userId ?? (await createUser(db)).id;
  return db.registration.create({ data: buildRegistrationData({ ...overrides, eventId, userId }) });
}

// ---------------------------------------------------------------------------------------------
// Rooms
// ---------------------------------------------------------------------------------------------

export type RoomData = Prisma.RoomCreateManyInput & { id: string; name: string; capacity: number };

export function buildRoomData(overrides: Partial<Prisma.RoomCreateManyInput> & { eventId: string }): RoomData {
  return {
    id: uuidv7(),
    name: `Room ${uniqueSuffix()}`,
    capacity: 50,
    floor: "Ground floor",
    layout: "classroom",
    equipment: ["projector"],
    opensAt: "08:00",
    closesAt: "20:00",
    ...overrides,
  } as RoomData;
}

export async function createRoom(db: Db, overrides: Partial<Prisma.RoomCreateManyInput> = {}): Promise<Room> {
  const eventId = overrides.eventId ?? (await createEvent(db)).id;
  return db.room.create({ data: buildRoomData({ ...overrides, eventId }) });
}

// ---------------------------------------------------------------------------------------------
// Sessions, their texts and speakers
// ---------------------------------------------------------------------------------------------

export interface SessionTextInput {
  title: string;
  description?: string | null;
}

export interface SpeakerInput {
  /** A person of the event; null/absent for a guest. */
  userId?: string | null;
  /** Required for a guest; for a user it defaults to the user's name. */
  name?: string;
  affiliation?: string | null;
  role?: SpeakerRole;
}

export type SessionData = Prisma.SessionCreateManyInput & { id: string; startsAt: Date; endsAt: Date };

/**
 * A session row. Defaults: kind WORKSHOP with 30 seats (other kinds: no capacity), starting at
 * the next full hour and lasting 90 minutes.
 */
export function buildSessionData(overrides: Partial<Prisma.SessionCreateManyInput> & { eventId: string }): SessionData {
  const kind = overrides.kind ?? "WORKSHOP";
  const nextHour = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const startsAt = overrides.startsAt === undefined ? nextHour : new Date(overrides.startsAt);
  const endsAt = overrides.endsAt === undefined ? new Date(startsAt.getTime() + 90 * 60_000) : new Date(overrides.endsAt);
  return {
    id: uuidv7(),
    capacity: kind === "WORKSHOP" ? 30 : null,
    floorLanguage: "en",
    ...overrides,
    kind,
    startsAt,
    endsAt,
  } as SessionData;
}

/** SessionText rows from `{ en: { title, description }, fr: {...} }`. */
export function buildSessionTextData(
  sessionId: string,
  texts: Record<string, SessionTextInput>,
): Prisma.SessionTextCreateManyInput[] {
  return Object.entries(texts).map(([language, text]) => ({
    sessionId,
    language,
    title: text.title,
    description: text.description ?? null,
  }));
}

/** SessionSpeaker rows in the given order; every speaker needs a name here. */
export function buildSpeakerData(
  sessionId: string,
  speakers: readonly (SpeakerInput & { name: string })[],
): (Prisma.SessionSpeakerCreateManyInput & { id: string })[] {
  return speakers.map((speaker, position) => ({
    id: uuidv7(),
    sessionId,
    userId: speaker.userId ?? null,
    name: speaker.name,
    affiliation: speaker.affiliation ?? null,
    role: speaker.role ?? "SPEAKER",
    position,
  }));
}

export type SessionOverrides = Partial<Prisma.SessionCreateManyInput> & {
  /** Title and description per language; default an English title. */
  texts?: Record<string, SessionTextInput>;
  speakers?: SpeakerInput[];
};

export type SessionWithDetails = Session & { texts: SessionText[]; speakers: SessionSpeaker[] };

/**
 * Creates a session with its SessionText rows and speakers. Without eventId it uses the room's
 * event (or creates an event).
 */
export async function createSession(db: Db, overrides: SessionOverrides = {}): Promise<SessionWithDetails> {
  const { texts, speakers = [], ...rest } = overrides;
  let eventId = rest.eventId;
  if (!eventId && rest.roomId) eventId = (await db.room.findUniqueOrThrow({ where: { id: rest.roomId } })).eventId;
  eventId ??= (await createEvent(db)).id;
  const data = buildSessionData({ ...rest, eventId });
  const namedSpeakers = await Promise.all(
    speakers.map(async (speaker) => {
      if (speaker.name) return { ...speaker, name: speaker.name };
      if (!speaker.userId) throw new Error("A guest speaker needs a name");
      const user = await db.user.findUniqueOrThrow({ where: { id: speaker.userId } });
      return { ...speaker, name: `${user.givenName} ${user.familyName}` };
    }),
  );
  const textRows = buildSessionTextData(data.id, texts ?? { en: { title: `Session ${uniqueSuffix()}` } });
  const speakerRows = buildSpeakerData(data.id, namedSpeakers);
  return db.session.create({
    data: {
      ...data,
      texts: { createMany: { data: textRows.map(({ sessionId: _, ...t }) => t) } },
      speakers: { createMany: { data: speakerRows.map(({ sessionId: _, ...s }) => s) } },
    },
    include: { texts: true, speakers: { orderBy: { position: "asc" } } },
  });
}

// ---------------------------------------------------------------------------------------------
// Workshop sign-ups
// ---------------------------------------------------------------------------------------------

export type SignupData = Prisma.WorkshopSignupCreateManyInput & { id: string };

/** A sign-up row; CONFIRMED by default (confirmedAt now). */
export function buildSignupData(
  overrides: Partial<Prisma.WorkshopSignupCreateManyInput> & { eventId: string; sessionId: string; registrationId: string },
): SignupData {
  const status = overrides.status ?? "CONFIRMED";
  return {
    id: uuidv7(),
    confirmedAt: status === "CONFIRMED" ? new Date() : null,
    ...overrides,
    status,
  } as SignupData;
}

/**
 * Creates a sign-up. Without sessionId it creates a workshop; without registrationId an
 * accredited registration in the session's event. eventId comes from the session, delegationId
 * from the registration unless given; a WAITLISTED sign-up without a position goes to the end of
 * the line.
 */
export async function createSignup(
  db: Db,
  overrides: Partial<Prisma.WorkshopSignupCreateManyInput> = {},
): Promise<WorkshopSignup> {
  const session = overrides.sessionId
    ? await db.session.findUniqueOrThrow({ where: { id: overrides.sessionId } })
    : await createSession(db, overrides.eventId ? { eventId: overrides.eventId } : {});
  const registration = overrides.registrationId
    ? await db.registration.findUniqueOrThrow({ where: { id: overrides.registrationId } })
    : await createRegistration(db, { eventId: session.eventId });
  let waitlistPosition = overrides.waitlistPosition;
  if (overrides.status === "WAITLISTED" && waitlistPosition === undefined) {
    const last = await db.workshopSignup.aggregate({
      where: { sessionId: session.id, status: "WAITLISTED" },
      _max: { waitlistPosition: true },
    });
    waitlistPosition = (last._max.waitlistPosition ?? 0) + 1;
  }
  return db.workshopSignup.create({
    data: buildSignupData({
      delegationId: registration.delegationId,
      ...overrides,
      eventId: session.eventId,
      sessionId: session.id,
      registrationId: registration.id,
      ...(waitlistPosition === undefined ? {} : { waitlistPosition }),
    }),
  });
}
