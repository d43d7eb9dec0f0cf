import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import type { Actor } from "../auth/actor.ts";
import { createDelegation, createEvent, createRegistration, createUser } from "../demo/factories.server.ts";
import {
  decide,
  endorse,
  getDelegationOverview,
  getRegistrationForOrganiser,
  getStaffEvent,
  listQueue,
  revealIdentityDocument,
  withdraw,
  type AccreditationServices,
  type StaffEvent,
} from "./accreditation.server.ts";

let db: TestDatabase;
let services: AccreditationServices;
let mailPokes = 0;

const as = (userId: string): Actor => ({ kind: "user", userId });

beforeAll(async () => {
  db = await createTestDatabase();
  services = {
    db: db.prisma,
    config: { publicUrl: "https://plenary.test" } as AccreditationServices["config"],
    mailQueued: () => {
      mailPokes += 1;
    },
  };
});
afterAll(() => db?.dispose());

/** A fresh event with an organiser, two delegations each with a head, and pending applicants. */
async function setUp(quotas: Record<string, number> = { DELEGATE: 10, HEAD_OF_DELEGATION: 1 }) {
  const p = db.prisma;
  const row = await createEvent(p, { names: { fr: "Assemblée de test" } });
  const event = await getStaffEvent(p, row.slug);
  const organiser = await createUser(p);
  await createRegistration(p, { eventId: event.id, userId: organiser.id, role: "ORGANISER" });
  const [mine, other] = [await createDelegation(p, { eventId: event.id, quotas }), await createDelegation(p, { eventId: event.id, quotas })];
  const head = await createUser(p);
  await createRegistration(p, { eventId: event.id, userId: head.id, delegationId: mine.id, role: "HEAD_OF_DELEGATION" });
  const otherHead = await createUser(p);
  await createRegistration(p, { eventId: event.id, userId: otherHead.id, delegationId: other.id, role: "HEAD_OF_DELEGATION" });
  const delegateUser = await createUser(p);
  const delegate = await createRegistration(p, { eventId: event.id, userId: delegateUser.id, delegationId: mine.id });
  const pending = async (delegationId: string, overrides: { language?: string; givenName?: string; familyName?: string } = {}) => {
    const user = await createUser(p, {
      preferredLanguage: overrides.language ?? "en",
      ...(overrides.givenName && { givenName: overrides.givenName }),
      ...(overrides.familyName && { familyName: overrides.familyName }),
    });
    return createRegistration(p, { eventId: event.id, userId: user.id, delegationId, status: "PENDING" });
  };
  return { event, organiser, mine, other, head, otherHead, delegateUser, delegate, pending };
}

describe("decide", () => {
  it("lets an organiser approve and reject in bulk, each with its own audit row and a mail in the person's language", async () => {
    const f = await setUp();
    const a = await f.pending(f.mine.id, { language: "fr" });
    const b = await f.pending(f.mine.id, { language: "en" });
    const before = mailPokes;

    const approved = await decide(services, as(f.organiser.id), f.event, [a.id, b.id], { decision: "approve" });
    expect(approved).toEqual([
      { registrationId: a.id, ok: true, status: "APPROVED" },
      { registrationId: b.id, ok: true, status: "APPROVED" },
    ]);
    expect(mailPokes).toBe(before + 1);
    const rowA = await db.prisma.registration.findUniqueOrThrow({ where: { id: a.id } });
    expect(rowA).toMatchObject({ status: "APPROVED", decidedById: f.organiser.id, badgeRevokedAt: null });
    expect(rowA.decidedAt).toBeInstanceOf(Date);

    const audits = await db.prisma.auditLog.findMany({ where: { targetId: { in: [a.id, b.id] } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => [x.action, x.targetType, x.targetId, x.actorId])).toEqual([
      ["accreditation.approved", "registration", a.id, f.organiser.id],
      ["accreditation.approved", "registration", b.id, f.organiser.id],
    ]);

    const mailA = await db.prisma.mailMessage.findFirstOrThrow({ where: { userId: a.userId } });
    expect(mailA).toMatchObject({ kind: "accreditation.approved", status: "QUEUED", eventId: f.event.id });
    expect(mailA.subject).toBe("Votre accréditation pour Assemblée de test est approuvée");
    expect(mailA.textBody).toContain("https://plenary.test/events/");
    const mailB = await db.prisma.mailMessage.findFirstOrThrow({ where: { userId: b.userId } });
    expect(mailB.subject).toBe(`Your accreditation for ${f.event.name} is approved`);

    const rejected = await decide(services, as(f.organiser.id), f.event, [b.id], { decision: "reject", reason: "Not a member of the national central bureau" });
    expect(rejected).toEqual([{ registrationId: b.id, ok: true, status: "REJECTED" }]);
    const rowB = await db.prisma.registration.findUniqueOrThrow({ where: { id: b.id } });
    expect(rowB).toMatchObject({ status: "REJECTED", statusReason: "Not a member of the national central bureau", badgeVersion: 2 });
    expect(rowB.badgeRevokedAt).toBeInstanceOf(Date);
    const rejectionMail = await db.prisma.mailMessage.findFirstOrThrow({ where: { userId: b.userId, kind: "accreditation.rejected" } });
    expect(rejectionMail.textBody).toContain("Not a member of the national central bureau");
    const rejectionAudit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: b.id, action: "accreditation.rejected" } });
    expect(rejectionAudit.data).toMatchObject({ from: "APPROVED", to: "REJECTED", reason: "Not a member of the national central bureau" });
  });

  it("requires a reason to reject, and changes nothing without one", async () => {
    const f = await setUp();
    const a = await f.pending(f.mine.id);
    await expect(decide(services, as(f.organiser.id), f.event, [a.id], { decision: "reject" })).rejects.toThrow(/reason is required/);
    await expect(decide(services, as(f.organiser.id), f.event, [a.id], { decision: "reject", reason: "   " })).rejects.toThrow(/reason is required/);
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("PENDING");
    expect(await db.prisma.mailMessage.count({ where: { userId: a.userId } })).toBe(0);
  });

  it("refuses delegates, heads of delegation and organisers of another event (403), and anonymous people (401)", async () => {
    const f = await setUp();
    const a = await f.pending(f.mine.id);
    const elsewhere = await setUp();
    for (const actor of [as(f.delegateUser.id), as(f.head.id), as(elsewhere.organiser.id)]) {
      await expect(decide(services, actor, f.event, [a.id], { decision: "approve" })).rejects.toMatchObject({ status: 403 });
    }
    await expect(decide(services, { kind: "anonymous" }, f.event, [a.id], { decision: "approve" })).rejects.toMatchObject({ status: 401 });
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("PENDING");
  });

  it("does not decide a registration of another event through this one", async () => {
    const f = await setUp();
    const elsewhere = await setUp();
    const foreign = await elsewhere.pending(elsewhere.mine.id);
    const [result] = await decide(services, as(f.organiser.id), f.event, [foreign.id], { decision: "approve" });
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("PENDING");
  });

  it("enforces the delegation's quota per category at approval, naming the quota", async () => {
    const f = await setUp({ DELEGATE: 2 }); // the approved delegate already takes one seat
    const a = await f.pending(f.mine.id);
    const b = await f.pending(f.mine.id);
    const inOther = await f.pending(f.other.id);
    const results = await decide(services, as(f.organiser.id), f.event, [a.id, b.id, inOther.id], { decision: "approve" });
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, code: "quota", params: { delegation: f.mine.name, category: "DELEGATE", max: 2, approved: 2 } });
    expect(results[1].ok === false && results[1].message).toContain(`${f.mine.name} may have at most 2 approved in category DELEGATE`);
    expect(results[2]).toMatchObject({ ok: true }); // another delegation's quota is its own
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("PENDING");
    expect(await db.prisma.mailMessage.count({ where: { userId: b.userId } })).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { targetId: b.id } })).toBe(0);
  });

  it("lets exactly one of several concurrent approvals take the last seat", async () => {
    const f = await setUp({ DELEGATE: 2 });
    const contenders = await Promise.all([1, 2, 3, 4].map(() => f.pending(f.mine.id)));
    const results = (
      await Promise.all(contenders.map((r) => decide(services, as(f.organiser.id), f.event, [r.id], { decision: "approve" })))
    ).flat();
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "quota")).toBe(true);
    expect(await db.prisma.registration.count({ where: { delegationId: f.mine.id, category: "DELEGATE", status: "APPROVED" } })).toBe(2);
  });
});

describe("withdraw", () => {
  it("lets the person withdraw their own registration, revoking the badge and mailing them", async () => {
    const f = await setUp();
    const badgeBefore = f.delegate.badgeVersion;
    await withdraw(services, as(f.delegateUser.id), f.event, f.delegate.id, {});
    const row = await db.prisma.registration.findUniqueOrThrow({ where: { id: f.delegate.id } });
    expect(row.status).toBe("WITHDRAWN");
    expect(row.badgeVersion).toBe(badgeBefore + 1);
    expect(row.badgeRevokedAt).toBeInstanceOf(Date);
    expect(await db.prisma.mailMessage.count({ where: { userId: f.delegateUser.id, kind: "accreditation.withdrawn" } })).toBe(1);
    const auditRow = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: f.delegate.id } });
    expect(auditRow).toMatchObject({ action: "accreditation.withdrawn", actorId: f.delegateUser.id, data: { bySelf: true } });
    // Once withdrawn it cannot be approved again.
    const [again] = await decide(services, as(f.organiser.id), f.event, [f.delegate.id], { decision: "approve" });
    expect(again).toMatchObject({ ok: false, code: "transition" });
  });

  it("lets an organiser withdraw anyone, but not another delegate or a head", async () => {
    const f = await setUp();
    const a = await f.pending(f.mine.id);
    await expect(withdraw(services, as(f.delegateUser.id), f.event, a.id)).rejects.toMatchObject({ status: 403 });
    await expect(withdraw(services, as(f.head.id), f.event, a.id)).rejects.toMatchObject({ status: 403 });
    await withdraw(services, as(f.organiser.id), f.event, a.id, { reason: "Duplicate" });
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("WITHDRAWN");
  });
});

describe("endorse", () => {
  it("lets a head endorse or decline pending registrations of their own delegation only, without approving them", async () => {
    const f = await setUp();
    const mine = await f.pending(f.mine.id);
    const theirs = await f.pending(f.other.id);
    await expect(endorse(services, as(f.head.id), f.event, mine.id, { endorsement: "endorse", note: "Known to us" })).resolves.toEqual({ endorsement: "ENDORSED" });
    const row = await db.prisma.registration.findUniqueOrThrow({ where: { id: mine.id } });
    expect(row).toMatchObject({ endorsement: "ENDORSED", endorsedById: f.head.id, status: "PENDING" });
    const auditRow = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: mine.id } });
    expect(auditRow).toMatchObject({ action: "accreditation.endorsed", actorId: f.head.id, data: { note: "Known to us" } });

    await expect(endorse(services, as(f.head.id), f.event, theirs.id, { endorsement: "endorse" })).rejects.toMatchObject({ status: 403 });
    expect((await db.prisma.registration.findUniqueOrThrow({ where: { id: theirs.id } })).endorsement).toBe("NONE");
    await expect(endorse(services, as(f.otherHead.id), f.event, theirs.id, { endorsement: "decline" })).resolves.toEqual({ endorsement: "DECLINED" });
  });

  it("refuses delegates, organisers and heads whose own registration is not approved", async () => {
    const f = await setUp();
    const mine = await f.pending(f.mine.id);
    const pendingHead = await createUser(db.prisma);
    await createRegistration(db.prisma, { eventId: f.event.id, userId: pendingHead.id, delegationId: f.mine.id, role: "HEAD_OF_DELEGATION", status: "PENDING" });
    for (const userId of [f.delegateUser.id, f.organiser.id, pendingHead.id]) {
      await expect(endorse(services, as(userId), f.event, mine.id, { endorsement: "endorse" })).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe("reading", () => {
  it("searches names case-insensitively in any script, and filters by delegation, status and endorsement", async () => {
    const f = await setUp();
    const arabic = await f.pending(f.mine.id, { givenName: "محمد", familyName: "العلوي" });
    const cyrillic = await f.pending(f.other.id, { givenName: "Иван", familyName: "Петров" });
    const cjk = await f.pending(f.other.id, { givenName: "健", familyName: "山田" });
    const organiser = as(f.organiser.id);
    const ids = async (filter: Parameters<typeof listQueue>[3]) => (await listQueue(db.prisma, organiser, f.event, filter)).rows.map((r) => r.id);

    expect(await ids({ q: "العلوي" })).toEqual([arabic.id]);
    expect(await ids({ q: "иван" })).toEqual([cyrillic.id]); // lower case finds "Иван"
    expect(await ids({ q: "ПЕТР" })).toEqual([cyrillic.id]);
    expect(await ids({ q: "иван петров" })).toEqual([cyrillic.id]);
    expect(await ids({ q: "山田" })).toEqual([cjk.id]);
    expect(await ids({ q: "%" })).toEqual([]); // wildcards are literal
    expect(await ids({ delegationId: f.other.id, status: "PENDING" })).toEqual([cyrillic.id, cjk.id]);
    await endorse(services, as(f.otherHead.id), f.event, cjk.id, { endorsement: "endorse" });
    expect(await ids({ endorsement: "ENDORSED" })).toEqual([cjk.id]);

    const queue = await listQueue(db.prisma, organiser, f.event, {});
    expect(queue.total).toBe(7);
    expect(Object.keys(queue.rows[0])).not.toContain("identityDocumentNumber");
    await expect(listQueue(db.prisma, as(f.head.id), f.event, {})).rejects.toMatchObject({ status: 403 });
  });

  it("shows the identity document number only to organisers, auditing every read", async () => {
    const f = await setUp();
    const person = await createRegistration(db.prisma, { eventId: f.event.id, delegationId: f.mine.id, status: "PENDING", identityDocumentNumber: "P1234567" });
    const detail = await getRegistrationForOrganiser(db.prisma, as(f.organiser.id), f.event, person.id);
    expect(JSON.stringify(detail)).not.toContain("P1234567");
    expect(detail.hasIdentityDocument).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { targetId: person.id } })).toBe(0);

    for (let i = 0; i < 2; i++) {
      const read = await revealIdentityDocument(db.prisma, as(f.organiser.id), f.event, person.id, { ipAddress: "203.0.113.9" });
      expect(read.identityDocumentNumber).toBe("P1234567");
    }
    const reads = await db.prisma.auditLog.findMany({ where: { targetId: person.id, action: "registration.identity_document_read" } });
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({ actorId: f.organiser.id, targetType: "registration", ipAddress: "203.0.113.9" });

    for (const userId of [f.head.id, f.delegateUser.id]) {
      await expect(revealIdentityDocument(db.prisma, as(userId), f.event, person.id)).rejects.toMatchObject({ status: 403 });
    }
    expect(await db.prisma.auditLog.count({ where: { targetId: person.id } })).toBe(2);
  });

  it("gives a head their own delegation's registrations and never another's", async () => {
    const f = await setUp({ DELEGATE: 3 });
    const mine = await f.pending(f.mine.id);
    const theirs = await f.pending(f.other.id);
    const overview = await getDelegationOverview(db.prisma, as(f.head.id), f.event);
    const ids = overview.registrations.map((r) => r.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(f.delegate.id);
    expect(ids).not.toContain(theirs.id);
    expect(overview.registrations.every((r) => r.delegation?.id === f.mine.id)).toBe(true);
    expect(overview.quotas.find((q) => q.category === "DELEGATE")).toEqual({ category: "DELEGATE", max: 3, approved: 1 });
    await expect(getDelegationOverview(db.prisma, as(f.delegateUser.id), f.event)).rejects.toMatchObject({ status: 403 });
    await expect(getDelegationOverview(db.prisma, as(f.organiser.id), f.event)).rejects.toMatchObject({ status: 403 });
  });
});
