import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/data/audit";
import { authorize } from "@/lib/data/guard";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import type { MailLocale, RenderedMail } from "@/lib/reminders/email";
import { createMailTransport, retryDelayMs, type MailTransport } from "@/lib/reminders/transport";

// The e-mail outbox (docs/decisions/0015): reminders and digests write their message in the same
// transaction as the reminder or digest row, so a message exists exactly when its reason does.
// The worker delivers pending messages, retries failures with growing delays and, after the last
// attempt, leaves them DEAD: the dead-letter list an administrator sees and can send again.
// Nothing is deleted, so the table is also each user's delivery log.

export type QueuedEmail = {
  userId: number;
  toAddress: string;
  locale: MailLocale;
  kind: "REMINDER" | "ESCALATION" | "DIGEST";
  mail: RenderedMail;
  /** False: the recipient turned this e-mail off; recorded as SKIPPED, never sent. */
  wanted: boolean;
  reminderId?: number;
  digestId?: number;
};

/** Writes messages into the outbox inside the caller's transaction (system writes: no actor). */
export async function queueEmails(tx: Prisma.TransactionClient, emails: QueuedEmail[], now: Date): Promise<number> {
  if (emails.length === 0) return 0;
  const { count } = await tx.emailMessage.createMany({
    data: emails.map((e) => ({
      userId: e.userId, toAddress: e.toAddress, locale: e.locale, kind: e.kind,
      subject: e.mail.subject.slice(0, 300), textBody: e.mail.text, htmlBody: e.mail.html,
      status: e.wanted ? "PENDING" : "SKIPPED", nextAttemptAt: now, createdAt: now,
      reminderId: e.reminderId, digestId: e.digestId,
    })),
  });
  return count;
}

export type DeliveryResult = { sent: number; retrying: number; dead: number };

/** How long a claimed message stays invisible to other workers while it is being sent. */
const LEASE_MS = 5 * 60_000;

/**
 * Sends the messages that are due, a batch at a time. Two workers never send the same message:
 * each claims its batch with FOR UPDATE SKIP LOCKED and a lease. A failure is counted and retried
 * later (1, 4, 16, 64 … minutes); after MAIL_MAX_ATTEMPTS it is DEAD. System job: no actor.
 */
export async function deliverPendingEmails(options: { now?: Date; transport?: MailTransport; limit?: number; maxAttempts?: number } = {}): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? env().MAIL_MAX_ATTEMPTS;
  const from = env().MAIL_FROM;
  const limit = options.limit ?? 50;
  const claimed = await db().$queryRaw<{ id: number; to_address: string; subject: string; text_body: string; html_body: string; attempts: number }[]>`
    UPDATE email_message SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
    WHERE id IN (
      SELECT id FROM email_message
      WHERE status = 'PENDING' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, to_address, subject, text_body, html_body, attempts`;
  const result: DeliveryResult = { sent: 0, retrying: 0, dead: 0 };
  if (claimed.length === 0) return result;
  const transport = options.transport ?? createMailTransport();
  try {
    for (const m of claimed.sort((a, b) => a.id - b.id)) {
      const attempts = m.attempts + 1;
      try {
        const receipt = await transport.send({ id: m.id, from, to: m.to_address, subject: m.subject, text: m.text_body, html: m.html_body });
        await db().emailMessage.update({
          where: { id: m.id },
          data: { status: "SENT", attempts, sentAt: now, transport: receipt.transport, deliveredRef: receipt.ref, lastError: null },
        });
        result.sent++;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        const dead = attempts >= maxAttempts;
        await db().emailMessage.update({
          where: { id: m.id },
          data: { status: dead ? "DEAD" : "PENDING", attempts, lastError: message, transport: transport.kind, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) },
        });
        if (dead) result.dead++;
        else result.retrying++;
      }
    }
  } finally {
    if (!options.transport) transport.close();
  }
  return result;
}

export const EMAILS_PAGE_SIZE = 50;

export type EmailRow = {
  id: number; toAddress: string; locale: string; kind: string; subject: string; status: string; attempts: number;
  lastError: string | null; transport: string | null; deliveredRef: string | null; sentAt: Date | null; createdAt: Date; nextAttemptAt: Date;
};

const emailSelect = {
  id: true, toAddress: true, locale: true, kind: true, subject: true, status: true, attempts: true, lastError: true,
  transport: true, deliveredRef: true, sentAt: true, createdAt: true, nextAttemptAt: true,
} as const satisfies Prisma.EmailMessageSelect;

/** The outbox, newest first, optionally only the dead letters. Permission: notifications.manage. */
export async function listEmails(actor: Actor | null, options: { page?: number; deadOnly?: boolean } = {}): Promise<{ items: EmailRow[]; total: number; page: number; pageCount: number }> {
  await authorize(actor, "notifications.manage");
  const where: Prisma.EmailMessageWhereInput = options.deadOnly ? { status: "DEAD" } : {};
  const total = await db().emailMessage.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / EMAILS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const items = await db().emailMessage.findMany({
    where, select: emailSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * EMAILS_PAGE_SIZE, take: EMAILS_PAGE_SIZE,
  });
  return { items, total, page, pageCount };
}

/** The e-mails sent (or not) to the actor, newest first: why they did or did not get one. Permission: workspace.read (own only). */
export async function listMyEmails(actor: Actor | null, options: { page?: number } = {}): Promise<{ items: EmailRow[]; total: number; page: number; pageCount: number }> {
  const who = await authorize(actor, "workspace.read");
  const where = { userId: who.id };
  const total = await db().emailMessage.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / EMAILS_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const items = await db().emailMessage.findMany({
    where, select: emailSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * EMAILS_PAGE_SIZE, take: EMAILS_PAGE_SIZE,
  });
  return { items, total, page, pageCount };
}

/** Puts a dead letter back in the queue with fresh attempts. Permission: notifications.manage. */
export async function retryEmail(actor: Actor | null, id: number, now: Date = new Date()): Promise<void> {
  const who = await authorize(actor, "notifications.manage", { programId: null, entityType: "email", entityId: id });
  await db().$transaction(async (tx) => {
    const current = await tx.emailMessage.findUnique({ where: { id }, select: { status: true, attempts: true, lastError: true } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.status !== "DEAD") throw new AppError("CONFLICT", "emailNotDead");
    await tx.emailMessage.update({ where: { id }, data: { status: "PENDING", attempts: 0, nextAttemptAt: now } });
    await recordAudit(tx, who, { action: "email.retry", entityType: "email", entityId: id, before: current, after: { status: "PENDING", attempts: 0 } });
  });
}

/** The stored message of an outbox file, for an administrator's download. Permission: notifications.manage. */
export async function getOutboxFileName(actor: Actor | null, id: number): Promise<string> {
  await authorize(actor, "notifications.manage");
  const row = await db().emailMessage.findUnique({ where: { id }, select: { transport: true, deliveredRef: true, status: true } });
  if (!row || row.status !== "SENT" || row.transport !== "file" || !row.deliveredRef) throw new AppError("NOT_FOUND");
  return row.deliveredRef;
}
