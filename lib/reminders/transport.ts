// How e-mail leaves: nodemailer over SMTP when SMTP_URL is set; otherwise nodemailer renders the
// same RFC 5322 message into an .eml file in the outbox folder, so a fresh machine needs no mail
// server and an administrator can still read what would have gone out.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";

export type OutgoingMail = { id: number; from: string; to: string; subject: string; text: string; html: string };
export type DeliveryReceipt = { transport: "smtp" | "file"; ref: string };

export type MailTransport = {
  kind: "smtp" | "file";
  send(mail: OutgoingMail): Promise<DeliveryReceipt>;
  close(): void;
};

/** The outbox file name of a message: fixed by its id, so a retry overwrites rather than duplicates. */
export function outboxFileName(id: number): string {
  return `message-${String(id).padStart(8, "0")}.eml`;
}

export function outboxDirectory(): string {
  // A folder chosen at run time, not a file of the build: keep Next.js from tracing the project.
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().OUTBOX_DIR);
}

export function createMailTransport(options: { smtpUrl?: string; outboxDir?: string } = {}): MailTransport {
  const smtpUrl = options.smtpUrl ?? env().SMTP_URL;
  if (smtpUrl) {
    const transporter = nodemailer.createTransport(smtpUrl, {
      // A mail server that does not answer must not hold the worker for nodemailer's 2-minute default.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      kind: "smtp",
      async send(mail) {
        const info = await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        return { transport: "smtp", ref: String(info.messageId ?? "").slice(0, 300) };
      },
      close: () => transporter.close(),
    };
  }
  const dir = options.outboxDir ?? outboxDirectory();
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "file",
    async send(mail) {
      const info = await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      await mkdir(dir, { recursive: true });
      const name = outboxFileName(mail.id);
      await writeFile(path.join(dir, name), info.message as Buffer);
      return { transport: "file", ref: name };
    },
    close: () => transporter.close(),
  };
}

/** Minutes to wait before attempt n+1 after n failed attempts: 1, 4, 16, 64 … capped at 6 hours. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(60_000 * 4 ** Math.max(0, failedAttempts - 1), 6 * 3_600_000);
}
