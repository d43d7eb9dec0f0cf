import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import { deliverDueMail, type MailTransport } from "../app/modules/mail/outbox.server.ts";

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transporter.sendMail({ from, ...message });
    },
  };
}

/**
 * Delivers the outbox every few seconds (and at once when poked after an enqueue). Without
 * SMTP_URL there is no worker: mail stays in the outbox, readable by organisers.
 */
export function startMailWorker(db: PrismaClient, transport: MailTransport, logger: Logger, intervalMs = 2_000) {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const { sent, failed } = await deliverDueMail(db, transport);
      if (sent || failed) logger.info({ sent, failed }, "mail delivered");
    } catch (error) {
      logger.error({ err: error }, "mail delivery failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  return {
    poke: () => void tick(),
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}
