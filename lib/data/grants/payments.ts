import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/data/audit";
import { claimProjectVersion } from "@/lib/data/project-structure/write-path";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import type { PaymentInput, RemoveGrantRowInput } from "@/lib/validations/grants";
import { assertNotSettled, gate, isConstraintError, SIGNED_STATUSES, write, writeUnderAgreement } from "./write-path";

// Payments (출연금 지급): installments to an institution under a signed agreement, never beyond its
// awarded government amount (the database's trigger payment_within_award). Internal records: no
// public page reads them. Write path: ./write-path.ts.


/**
 * Records an installment (출연금 지급) to an institution under a signed agreement. The database
 * refuses it when the institution's total paid would exceed its awarded government amount; the
 * refusal is named on the amount field. Permission: payment.write, scoped to the project's program.
 */
export async function recordPayment(actor: Actor | null, input: PaymentInput): Promise<{ id: number; version: number }> {
  try {
    return await writeUnderAgreement(actor, input, { permission: "payment.write", entityType: "payment" }, async (tx, { who, project, agreement, version }) => {
      if (agreement.status === null || !SIGNED_STATUSES.has(agreement.status)) throw fieldError("agreementId", "agreementNotSigned");
      await assertNotSettled(tx, agreement.id, input.institutionId, "institutionId");
      const created = await tx.payment.create({
        data: { agreementId: agreement.id, institutionId: input.institutionId, paidOn: input.paidOn, amountWon: input.amountWon, noteKo: input.noteKo },
        select: { id: true },
      });
      await recordAudit(tx, who, {
        action: "payment.create", entityType: "payment", entityId: created.id, projectId: project.id,
        after: { agreementId: agreement.id, institutionId: input.institutionId, paidOn: input.paidOn.toISOString().slice(0, 10), amountWon: input.amountWon, noteKo: input.noteKo },
      });
      return { id: created.id, version };
    });
  } catch (error) {
    if (isConstraintError(error, "payment_within_award")) throw fieldError("amountWon", "paymentExceedsAward");
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw fieldError("institutionId", "institutionUnknown");
    throw error;
  }
}

/** Deletes a payment recorded by mistake. Permission: payment.write, scoped to the project's program. */
export async function deletePayment(actor: Actor | null, input: RemoveGrantRowInput): Promise<{ version: number }> {
  const payment = await db().payment.findUnique({ where: { id: input.id }, select: { agreement: { select: { projectId: true } } } });
  if (!payment || payment.agreement.projectId !== input.projectId) throw new AppError("NOT_FOUND");
  const { who, project } = await gate(actor, input.projectId, "payment.write", "payment", input.id);
  return write(async (tx) => {
    const version = await claimProjectVersion(tx, project.id, input.version);
    const current = await tx.payment.findUnique({ where: { id: input.id }, select: { agreementId: true, institutionId: true, paidOn: true, amountWon: true } });
    if (!current) throw new AppError("NOT_FOUND");
    await assertNotSettled(tx, current.agreementId, current.institutionId, "form");
    await tx.payment.delete({ where: { id: input.id } });
    await recordAudit(tx, who, { action: "payment.delete", entityType: "payment", entityId: input.id, projectId: project.id, before: { ...current, paidOn: current.paidOn.toISOString().slice(0, 10) } });
    return { version };
  });
}
