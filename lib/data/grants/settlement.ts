import "server-only";
import { recordAudit } from "@/lib/data/audit";
import { fieldError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import type { SettlementInput } from "@/lib/validations/grants";
import { writeUnderAgreement } from "./write-path";

// Settlements (정산): one per institution and agreement; it closes that agreement year for the
// institution. Internal records: no public page reads them. Write path: ./write-path.ts.


/**
 * Records (or corrects) the settlement (정산) of one institution's part of an agreement: recognised
 * and disallowed spending with the reason, the amount to return and when it was returned. A
 * settlement closes that agreement year for the institution: no more payments or spending.
 * Permission: settlement.write, scoped to the project's program.
 */
export async function saveSettlement(actor: Actor | null, input: SettlementInput): Promise<{ id: number; version: number }> {
  return writeUnderAgreement(actor, input, { permission: "settlement.write", entityType: "settlement" }, async (tx, { who, project, agreement, version }) => {
    const awarded = await tx.fundingLine.count({ where: { agreementId: agreement.id, institutionId: input.institutionId } });
    if (!awarded) throw fieldError("institutionId", "institutionNotAwarded");
    const data = {
      settledOn: input.settledOn, recognisedWon: input.recognisedWon, disallowedWon: input.disallowedWon, disallowedReason: input.disallowedReason,
      toReturnWon: input.toReturnWon, returnedOn: input.returnedOn,
    };
    const key = { agreementId: agreement.id, institutionId: input.institutionId };
    const before = await tx.settlement.findUnique({ where: { agreementId_institutionId: key }, select: { id: true, ...Object.fromEntries(Object.keys(data).map((k) => [k, true])) } as Prisma.SettlementSelect });
    const saved = await tx.settlement.upsert({ where: { agreementId_institutionId: key }, create: { ...key, ...data }, update: data, select: { id: true } });
    await recordAudit(tx, who, {
      action: "settlement.save", entityType: "settlement", entityId: saved.id, projectId: project.id,
      before: before ?? undefined, after: { ...key, ...data },
    });
    return { id: saved.id, version };
  });
}
