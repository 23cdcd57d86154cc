import { z } from "zod";
import { blankToUndefined, enumField, id, optionalInt, optionalText, optionalWon, version } from "@/lib/validations/fields";

// The grant forms (agreements, awarded amounts, payments, spending, settlements; decision 0012).
// Every form names the project and the project version it was rendered from: the project's version
// guards everything under it, as for the other structure editors. Messages are `validation` keys.

export const AGREEMENT_STATUSES = ["PENDING", "SIGNED", "AMENDED", "TERMINATED"] as const;
export type AgreementStatusValue = (typeof AGREEMENT_STATUSES)[number];

const common = { projectId: id, version };

const optionalId = z.preprocess(blankToUndefined, id.optional()).transform((v) => v ?? null);

/** "2024-03-15" (what <input type="date"> sends) → that day, UTC; a real calendar day only. */
export function parseIsoDay(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1990 || y > 2100) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

export const day = z.string().transform((s, ctx) => {
  const parsed = parseIsoDay(s);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: s.trim() === "" ? "required" : "dateInvalid" });
    return z.NEVER;
  }
  return parsed;
});

export const optionalDay = z.string().optional().transform((s, ctx) => {
  const value = (s ?? "").trim();
  if (value === "") return null;
  const parsed = parseIsoDay(value);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: "dateInvalid" });
    return z.NEVER;
  }
  return parsed;
});

/** Whole won, required. */
export const won = optionalWon.superRefine((v, ctx) => {
  if (v === null) ctx.addIssue({ code: "custom", message: "required" });
}).transform((v) => v as bigint);

const positiveWon = won.superRefine((v, ctx) => {
  if (v <= 0n) ctx.addIssue({ code: "custom", message: "wonPositive" });
});

const fiscalYear = z.coerce.number({ message: "yearInvalid" }).int("yearInvalid").min(1990, "yearInvalid").max(2100, "yearInvalid");

// ---------------------------------------------------------------------------------------------

/** 협약: header of an agreement (new, corrected while 협약 전, or amended once signed). */
export const agreementSchema = z
  .object({
    ...common,
    id: optionalId,
    subProjectId: optionalId,
    stage: optionalInt(1, 20, "stageInvalid"),
    fiscalYear,
    agreementNumber: optionalText(64),
    signedOn: optionalDay,
    periodStart: optionalDay,
    periodEnd: optionalDay,
    status: enumField(AGREEMENT_STATUSES),
    reason: optionalText(500),
    noteKo: optionalText(2000),
  })
  .superRefine((v, ctx) => {
    if (v.periodStart && v.periodEnd && v.periodEnd < v.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "endBeforeStart" });
    if ((v.status === "SIGNED" || v.status === "AMENDED") && v.signedOn === null) ctx.addIssue({ code: "custom", path: ["signedOn"], message: "signedOnRequired" });
  });
export type AgreementInput = z.infer<typeof agreementSchema>;

/**
 * The awarded amounts of an agreement per participating institution, one row per institution in
 * flat fields (`governmentWon_12`, `privateCashWon_12`, `privateInKindWon_12` for institution 12),
 * so that each figure's error names its own field. Empty means unknown (NULL), never 0.
 */
const AMOUNT_FIELD = /^(governmentWon|privateCashWon|privateInKindWon)_(\d{1,10})$/;
export type AwardRow = { institutionId: number; governmentWon: bigint | null; privateCashWon: bigint | null; privateInKindWon: bigint | null };

export const agreementAmountsSchema = z
  .looseObject({ ...common, agreementId: id, reason: optionalText(500) })
  .transform((v, ctx) => {
    const rows = new Map<number, AwardRow>();
    for (const [key, raw] of Object.entries(v)) {
      const m = AMOUNT_FIELD.exec(key);
      if (!m || typeof raw !== "string") continue;
      const institutionId = Number(m[2]);
      if (!Number.isSafeInteger(institutionId) || institutionId < 1 || institutionId > 2_147_483_647) continue;
      const parsed = optionalWon.safeParse(raw);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: [key], message: parsed.error.issues[0]?.message ?? "wonInvalid" });
        continue;
      }
      const row = rows.get(institutionId) ?? { institutionId, governmentWon: null, privateCashWon: null, privateInKindWon: null };
      row[m[1] as "governmentWon"] = parsed.data;
      rows.set(institutionId, row);
    }
    if (rows.size === 0) ctx.addIssue({ code: "custom", path: ["form"], message: "amountRequired" });
    return { projectId: v.projectId, version: v.version, agreementId: v.agreementId, reason: v.reason, rows: [...rows.values()] };
  });
export type AgreementAmountsInput = z.infer<typeof agreementAmountsSchema>;

/** 출연금 지급: one installment to one institution under one agreement. */
export const paymentSchema = z.object({
  ...common,
  agreementId: id,
  institutionId: id,
  paidOn: day,
  amountWon: positiveWon,
  noteKo: optionalText(500),
});
export type PaymentInput = z.infer<typeof paymentSchema>;

export const removeGrantRowSchema = z.object({ ...common, id });
export type RemoveGrantRowInput = z.infer<typeof removeGrantRowSchema>;

/** "2024-Q3" → the quarter's first and last day. */
export function quarterBounds(quarter: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1990 || year > 2100) return null;
  const q = Number(m[2]);
  return { start: new Date(Date.UTC(year, (q - 1) * 3, 1)), end: new Date(Date.UTC(year, q * 3, 0)) };
}

const SPENDING_FIELD = /^spent_([A-Z][A-Z0-9_]{0,39})$/;
export type SpendingRow = { costCategoryCode: string; amountWon: bigint };

/**
 * 집행 실적 for one institution, one agreement and one quarter, by cost category (`spent_PERSONNEL`,
 * `spent_INDIRECT`, …). A blank category leaves what is recorded unchanged; 0 records zero.
 */
export const spendingSchema = z
  .looseObject({ ...common, agreementId: id, institutionId: id, quarter: z.string() })
  .transform((v, ctx) => {
    const period = quarterBounds(v.quarter);
    if (!period) ctx.addIssue({ code: "custom", path: ["quarter"], message: v.quarter.trim() === "" ? "required" : "quarterInvalid" });
    const rows: SpendingRow[] = [];
    for (const [key, raw] of Object.entries(v)) {
      const m = SPENDING_FIELD.exec(key);
      if (!m || typeof raw !== "string") continue;
      const parsed = optionalWon.safeParse(raw);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: [key], message: parsed.error.issues[0]?.message ?? "wonInvalid" });
        continue;
      }
      if (parsed.data !== null) rows.push({ costCategoryCode: m[1] as string, amountWon: parsed.data });
    }
    if (rows.length === 0) ctx.addIssue({ code: "custom", path: ["form"], message: "amountRequired" });
    return {
      projectId: v.projectId, version: v.version, agreementId: v.agreementId, institutionId: v.institutionId,
      periodStart: period?.start ?? new Date(0), periodEnd: period?.end ?? new Date(0), rows,
    };
  });
export type SpendingInput = z.infer<typeof spendingSchema>;

/** 정산: one institution's part of one agreement. */
export const settlementSchema = z
  .object({
    ...common,
    agreementId: id,
    institutionId: id,
    settledOn: day,
    recognisedWon: won,
    disallowedWon: optionalWon.transform((v) => v ?? 0n),
    disallowedReason: optionalText(500),
    toReturnWon: optionalWon.transform((v) => v ?? 0n),
    returnedOn: optionalDay,
  })
  .superRefine((v, ctx) => {
    if (v.disallowedWon > 0n && v.disallowedReason === null) ctx.addIssue({ code: "custom", path: ["disallowedReason"], message: "disallowedReasonRequired" });
    if (v.returnedOn && v.toReturnWon === 0n) ctx.addIssue({ code: "custom", path: ["returnedOn"], message: "returnedWithoutAmount" });
  });
export type SettlementInput = z.infer<typeof settlementSchema>;

