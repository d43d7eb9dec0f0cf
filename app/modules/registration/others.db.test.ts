import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import { importPeople } from "./import.server.ts";
import { getRegistrationEvent, registerPerson } from "./registration.server.ts";
import { testServices, tokenFromText, uniqueEmail } from "./testing.ts";
import { redeemAccountToken } from "./tokens.server.ts";

let database: TestDatabase;
let services: ReturnType<typeof testServices>;

beforeAll(async () => {
  database = await createTestDatabase();
  services = testServices(database.prisma);
});
afterAll(async () => {
  await database?.dispose();
});

async function setup() {
  const db = database.prisma;
  const row = await createEvent(db, { dataProtectionNotice: { en: "Notice." } });
  const france = await createDelegation(db, { eventId: row.id, countryCode: "FR", quotas: { DELEGATE: 3, OBSERVER: 1 } });
  const kenya = await createDelegation(db, { eventId: row.id, countryCode: "KE", quotas: { DELEGATE: 3 } });
  const head = await createUser(db);
  await createRegistration(db, { eventId: row.id, userId: head.id, delegationId: france.id, role: "HEAD_OF_DELEGATION", status: "APPROVED" });
  const pendingHead = await createUser(db);
  await createRegistration(db, { eventId: row.id, userId: pendingHead.id, delegationId: kenya.id, role: "HEAD_OF_DELEGATION", status: "PENDING" });
  const delegate = await createUser(db);
  await createRegistration(db, { eventId: row.id, userId: delegate.id, delegationId: france.id, status: "APPROVED" });
  const organiser = await createUser(db);
  await createRegistration(db, { eventId: row.id, userId: organiser.id, role: "ORGANISER", status: "APPROVED" });
  const event = await getRegistrationEvent(db, row.slug);
  const as = (user: { id: string }): Actor => ({ kind: "user", userId: user.id });
  return { event, france, kenya, head: as(head), pendingHead: as(pendingHead), delegate: as(delegate), organiser: as(organiser) };
}

const person = (overrides: Record<string, unknown> = {}) => ({
  email: uniqueEmail("invitee"),
  givenName: "Lucía",
  familyName: "Hernández",
  title: "Inspectora",
  category: "DELEGATE",
  preferredLanguage: "fr",
  ...overrides,
});

describe("registering someone else", () => {
  it("lets a head register into their own delegation: PENDING, registeredById, 7-day activation mail, audited", async () => {
    const { event, france, head } = await setup();
    const db = database.prisma;
    const input = person();
    const now = new Date();
    const result = await registerPerson(services, head, event, input, { delegationId: france.id, now });
    expect(result.status).toBe("created");
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email }, include: { registrations: true, tokens: true } });
    expect(user.passwordHash).toBeNull();
    expect(user.registrations[0]).toMatchObject({ eventId: event.id, delegationId: france.id, status: "PENDING", registeredById: head.kind === "user" ? head.userId : null, consentedAt: null });
    expect(user.tokens[0].kind).toBe("ACTIVATION");
    expect(user.tokens[0].expiresAt.getTime() - now.getTime()).toBe(7 * 24 * 3_600_000);
    const mail = await db.mailMessage.findFirstOrThrow({ where: { userId: user.id } });
    expect(mail.kind).toBe("registration.activation");
    const token = tokenFromText(mail.textBody, "https://plenary.test/activate");
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "registration.created_by_other", targetId: user.registrations[0].id } });
    expect(audit.actorId).toBe(head.kind === "user" ? head.userId : null);

    // Activation sets the password, completes the profile and records consent.
    const activated = await redeemAccountToken(services, {
      token,
      kinds: ["ACTIVATION"],
      password: "twelve chars at least",
      profile: { languagesSpoken: ["es", "fr"], dietaryNeeds: "Vegetarian", consent: true },
    });
    expect(activated.ok).toBe(true);
    const registration = await db.registration.findFirstOrThrow({ where: { userId: user.id } });
    expect(registration.consentedAt).not.toBeNull();
    expect(registration).toMatchObject({ languagesSpoken: ["es", "fr"], dietaryNeeds: "Vegetarian" });
  });

  it("refuses a head another delegation (403), non-heads (403) and anonymous (401); heads may not name heads", async () => {
    const { event, kenya, head, pendingHead, delegate } = await setup();
    await expect(registerPerson(services, head, event, person(), { delegationId: kenya.id })).rejects.toMatchObject({ status: 403 });
    await expect(registerPerson(services, head, event, person({ delegationCountryCode: "KE" }))).rejects.toMatchObject({ status: 403 });
    await expect(registerPerson(services, pendingHead, event, person(), { delegationId: kenya.id })).rejects.toMatchObject({ status: 403 });
    await expect(registerPerson(services, delegate, event, person())).rejects.toMatchObject({ status: 403 });
    await expect(registerPerson(services, { kind: "anonymous" }, event, person())).rejects.toMatchObject({ status: 401 });
    const headOfHeads = await registerPerson(services, head, event, person({ category: "HEAD_OF_DELEGATION" }));
    expect(headOfHeads).toEqual({ status: "invalid", fieldErrors: { category: ["errors.category"] } });
    expect(await database.prisma.registration.count({ where: { eventId: event.id, registeredById: { not: null } } })).toBe(0);
  });

  it("lets an organiser register into any delegation, and reports quota and duplicates", async () => {
    const { event, kenya, organiser } = await setup();
    const input = person({ delegationCountryCode: "ke", category: "HEAD_OF_DELEGATION" });
    expect((await registerPerson(services, organiser, event, input)).status).toBe("created");
    const registration = await database.prisma.registration.findFirstOrThrow({ where: { user: { email: input.email } } });
    expect(registration).toMatchObject({ delegationId: kenya.id, role: "HEAD_OF_DELEGATION", category: "HEAD_OF_DELEGATION" });
    expect(await registerPerson(services, organiser, event, input)).toEqual({ status: "alreadyRegistered" });
    expect(await registerPerson(services, organiser, event, person({ delegationCountryCode: "ZZ" }))).toEqual({
      status: "invalid",
      fieldErrors: { delegationCountryCode: ["errors.unknownDelegation"] },
    });
    expect(await registerPerson(services, organiser, event, person())).toEqual({
      status: "invalid",
      fieldErrors: { delegationCountryCode: ["errors.delegationRequired"] },
    });
  });
});

describe("CSV import", () => {
  const header = "email,givenName,familyName,title,organisation,category,preferredLanguage,delegationCountryCode";

  it("imports every row of a valid file (organiser, several delegations)", async () => {
    const { event, france, kenya, organiser } = await setup();
    const emails = [uniqueEmail("csv"), uniqueEmail("csv"), uniqueEmail("csv")];
    const csv = [
      header,
      `${emails[0]},Jean,Dupont,Commandant,Police nationale,DELEGATE,fr,FR`,
      `"${emails[1]}","Wanjiru","Kamau","","Kenya Police Service",OBSERVER,en,KE`,
      `${emails[2]},أحمد,"Al-Hassan, Jr.",,,DELEGATE,ar,ke`,
    ].join("\r\n");
    const result = await importPeople(services, organiser, event, `\uFEFF${csv}\r\n`);
    expect(result).toEqual({ status: "imported", count: 3 });
    const rows = await database.prisma.registration.findMany({ where: { eventId: event.id, user: { email: { in: emails } } }, include: { user: true } });
    expect(rows.map((r) => [r.user.email, r.delegationId, r.category]).sort()).toEqual(
      [
        [emails[0], france.id, "DELEGATE"],
        [emails[1], kenya.id, "OBSERVER"],
        [emails[2], kenya.id, "DELEGATE"],
      ].sort(),
    );
    expect(rows.find((r) => r.user.email === emails[2])?.user.familyName).toBe("Al-Hassan, Jr.");
    expect(await database.prisma.mailMessage.count({ where: { toAddress: { in: emails }, kind: "registration.activation" } })).toBe(3);
  });

  it("imports nothing and reports every bad row with its line when any row is invalid", async () => {
    const { event, head } = await setup();
    const good = uniqueEmail("csv");
    const csv = [
      "email,givenName,familyName,category",
      `${good},Ana,Silva,DELEGATE`,
      `not-an-email,Ana,Silva,DELEGATE`,
      `${uniqueEmail("csv")},Bad\u202Ename,Silva,PRESS`,
      `${good},Ana,Again,DELEGATE`,
    ].join("\n");
    const result = await importPeople(services, head, event, csv);
    expect(result).toEqual({
      status: "rejected",
      errors: [
        { line: 3, field: "email", message: "errors.email" },
        { line: 4, field: "givenName", message: "errors.forbiddenCharacters" },
        { line: 5, field: "email", message: "errors.duplicateInFile" },
      ],
    });
    expect(await database.prisma.user.findUnique({ where: { email: good } })).toBeNull();
  });

  it("rolls back the whole file when the rows together exceed the quota", async () => {
    const { event, head } = await setup(); // France: 3 delegates, 1 (the delegate) taken, plus the head's own category
    const emails = [uniqueEmail("q"), uniqueEmail("q"), uniqueEmail("q")];
    const csv = ["email,givenName,familyName,category", ...emails.map((e) => `${e},A,B,DELEGATE`)].join("\n");
    const result = await importPeople(services, head, event, csv);
    expect(result).toEqual({ status: "rejected", errors: [{ line: 4, field: "category", message: "errors.quotaFull" }] });
    expect(await database.prisma.user.count({ where: { email: { in: emails } } })).toBe(0);
    expect(await database.prisma.mailMessage.count({ where: { toAddress: { in: emails } } })).toBe(0);
  });

  it("refuses a head's rows for another delegation, bad headers, and oversized files", async () => {
    const { event, head } = await setup();
    const result = await importPeople(services, head, event, `${header}\n${uniqueEmail()},A,B,,,DELEGATE,en,KE`);
    expect(result).toEqual({ status: "rejected", errors: [{ line: 2, field: "delegationCountryCode", message: "errors.forbiddenDelegation" }] });
    expect(await importPeople(services, head, event, "mail,name\nx,y")).toEqual({ status: "invalidFile", message: "errors.csvHeader" });
    expect(await importPeople(services, head, event, `${"email,givenName,familyName,category\n"}${"a,b,c,d\n".repeat(501)}`)).toEqual({
      status: "invalidFile",
      message: "errors.csvTooManyRows",
    });
    expect(await importPeople(services, head, event, "x".repeat(1_000_001))).toEqual({ status: "invalidFile", message: "errors.csvTooLarge" });
    expect(await importPeople(services, head, event, 'email,givenName\n"unterminated,x')).toEqual({ status: "invalidFile", message: "errors.csvMalformed" });
  });
});
