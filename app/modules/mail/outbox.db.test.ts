import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../test/db.ts";
import { deliverDueMail, enqueueMail, type MailTransport } from "./outbox.server.ts";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.dispose();
});

/** A transport that records what it was given, and can be told to fail. */
function recordingTransport(failWith?: string): MailTransport & { sent: { to: string; subject: string; text: string }[] } {
  const sent: { to: string; subject: string; text: string }[] = [];
  return {
    sent,
    async send(message) {
      if (failWith) throw new Error(failWith);
      sent.push(message);
    },
  };
}

describe("mail outbox", () => {
  it("delivers queued mail once and removes single-use links from the stored copy", async () => {
    const link = "http://localhost:3000/reset-password/abcDEF123_-x";
    const { id } = await enqueueMail(database.prisma, { to: "a@example.test", subject: "Reset", text: `Open ${link} within 30 minutes.`, kind: "account.password_reset" });
    const transport = recordingTransport();
    expect(await deliverDueMail(database.prisma, transport)).toEqual({ sent: 1, failed: 0 });
    expect(transport.sent[0].text).toContain(link); // the person gets the link…
    const stored = await database.prisma.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(stored.status).toBe("SENT");
    expect(stored.textBody).not.toContain("abcDEF123"); // …the outbox keeps no usable copy
    expect(await deliverDueMail(database.prisma, transport)).toEqual({ sent: 0, failed: 0 });
  });

  it("retries a failed delivery later and keeps the body intact until it leaves", async () => {
    const { id } = await enqueueMail(database.prisma, { to: "b@example.test", subject: "Hi", text: "http://x/activate/tok123", kind: "registration.activation" });
    const now = new Date();
    expect(await deliverDueMail(database.prisma, recordingTransport("connection refused"), { now })).toEqual({ sent: 0, failed: 1 });
    const failed = await database.prisma.mailMessage.findUniqueOrThrow({ where: { id } });
    expect(failed).toMatchObject({ status: "QUEUED", attempts: 1, lastError: "connection refused", textBody: "http://x/activate/tok123" });
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    // Not due yet: nothing happens; once due, it goes.
    expect(await deliverDueMail(database.prisma, recordingTransport(), { now })).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueMail(database.prisma, recordingTransport(), { now: new Date(failed.nextAttemptAt.getTime() + 1) })).toEqual({ sent: 1, failed: 0 });
  });
});
