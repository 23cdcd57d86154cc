import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import type { SpendingInput } from "@/lib/validations/grants";
import { assertNotSettled, writeUnderAgreement } from "./write-path";

// Spending (집행) by cost category (비목), per institution, agreement and period. Internal records:
// no public page reads them. Write path: ./write-path.ts.


/**
 * Records what one institution spent under one agreement in one period, by cost category (비목):
 * each given category's figure for that period is set (inserted or replaced); categories not given
 * are left as they are. A category must be in force during the period. The spreadsheet import
 * applies the same rules to many rows at once (planSpending in lib/data/import-spending.ts): keep
 * the two in step.
 * Permission: spending.write, scoped to the project's program.
 */
export async function recordSpending(actor: Actor | null, input: SpendingInput): Promise<{ version: number; saved: number }> {
  try {
    return await writeUnderAgreement(actor, input, { permission: "spending.write", entityType: "spending" }, async (tx, { who, project, agreement, version }) => {
      if (agreement.status === "PENDING") throw fieldError("agreementId", "agreementNotSigned");
      const awarded = await tx.fundingLine.count({ where: { agreementId: agreement.id, institutionId: input.institutionId } });
      if (!awarded) throw fieldError("institutionId", "institutionNotAwarded");
      await assertNotSettled(tx, agreement.id, input.institutionId, "institutionId");
      const categories = await tx.costCategory.findMany({
        where: { code: { in: input.rows.map((r) => r.costCategoryCode) } },
        select: { id: true, code: true, validFrom: true, validTo: true },
      });
      const changes: { category: string; before: bigint | null; after: bigint }[] = [];
      for (const row of input.rows) {
        const category = categories.find((c) => c.code === row.costCategoryCode);
        const field = `spent_${row.costCategoryCode}`;
        if (!category) throw fieldError(field, "costCategoryUnknown");
        if ((category.validFrom && category.validFrom > input.periodEnd) || (category.validTo && category.validTo < input.periodStart)) {
          throw fieldError(field, "costCategoryNotInForce");
        }
        const key = { agreementId: agreement.id, institutionId: input.institutionId, costCategoryId: category.id, periodStart: input.periodStart };
        const before = await tx.spending.findUnique({ where: { agreementId_institutionId_costCategoryId_periodStart: key }, select: { amountWon: true } });
        if (before?.amountWon === row.amountWon) continue;
        await tx.spending.upsert({
          where: { agreementId_institutionId_costCategoryId_periodStart: key },
          create: { ...key, periodEnd: input.periodEnd, amountWon: row.amountWon },
          update: { periodEnd: input.periodEnd, amountWon: row.amountWon },
        });
        changes.push({ category: row.costCategoryCode, before: before?.amountWon ?? null, after: row.amountWon });
      }
      if (changes.length > 0) {
        await recordAudit(tx, who, {
          action: "spending.record", entityType: "agreement", entityId: agreement.id, projectId: project.id,
          before: { institutionId: input.institutionId, period: input.periodStart.toISOString().slice(0, 10), amounts: Object.fromEntries(changes.map((c) => [c.category, c.before])) },
          after: { institutionId: input.institutionId, period: input.periodStart.toISOString().slice(0, 10), amounts: Object.fromEntries(changes.map((c) => [c.category, c.after])) },
        });
      }
      return { version, saved: changes.length };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2003") throw fieldError("institutionId", "institutionUnknown");
    throw error;
  }
}
