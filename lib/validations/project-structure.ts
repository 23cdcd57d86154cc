import { z } from "zod";
import { IDENTIFIER_SCHEMES, INSTITUTION_TYPES, PARTICIPATION_ROLES, PERSON_ROLES, type InstitutionType } from "@/lib/domain/enums";
import { normalizeInstitutionName } from "@/lib/search/normalize";
import { blankToUndefined, enumField, id, optionalInt, optionalMonth, optionalText, optionalWon, text, version } from "@/lib/validations/fields";

// The forms for what sits under a project: funding lines, consortium institutions, researchers,
// sub-projects and identifiers. Every form names the project and the project version it was
// rendered from (the project's version guards all of its rows). Messages are `validation` keys.

const optionalId = z.preprocess(blankToUndefined, id.optional()).transform((v) => v ?? null);

/** 사업자등록번호: ten digits, written with or without hyphens (123-45-67890). */
const optionalBusinessNumber = z
  .string()
  .optional()
  .transform((s) => (s ?? "").replace(/[-\s]/g, ""))
  .superRefine((s, ctx) => {
    if (s !== "" && !/^\d{10}$/.test(s)) ctx.addIssue({ code: "custom", message: "brnInvalid" });
  })
  .transform((s) => (s === "" ? null : s));

const common = { projectId: id, version };

// ---------------------------------------------------------------------------------------------
// Choosing an institution: an existing one from the register (institutionId, offered by the
// combobox), or a new one named in institutionName with its type. A new name that normalises to an
// existing institution's ("(주) 넥스트칩" → 넥스트칩) reuses that institution; see lib/data.

const institutionFields = {
  institutionId: optionalId,
  institutionName: optionalText(200),
  institutionNameEn: optionalText(200),
  institutionType: z.preprocess(blankToUndefined, enumField(INSTITUTION_TYPES).optional()).transform((v) => v ?? null),
  businessRegistrationNumber: optionalBusinessNumber,
};

type InstitutionFields = {
  institutionId: number | null;
  institutionName: string | null;
  institutionNameEn: string | null;
  institutionType: InstitutionType | null;
  businessRegistrationNumber: string | null;
};

export type InstitutionChoice =
  | { kind: "existing"; id: number }
  | { kind: "new"; nameKo: string; nameEn: string | null; type: InstitutionType; businessRegistrationNumber: string | null };

function checkInstitution(value: InstitutionFields, ctx: z.RefinementCtx, required: boolean) {
  if (value.institutionId !== null) return;
  if (value.institutionName === null) {
    if (required) ctx.addIssue({ code: "custom", path: ["institutionName"], message: "required" });
    return;
  }
  const normalized = normalizeInstitutionName(value.institutionName);
  if (normalized === "") ctx.addIssue({ code: "custom", path: ["institutionName"], message: "institutionNameInvalid" });
  // Lower-casing can lengthen a few letters: the stored normalised name must fit too.
  else if (normalized.length > 200 && value.institutionName.length <= 200) ctx.addIssue({ code: "custom", path: ["institutionName"], message: "tooLong" });
  if (value.institutionType === null) ctx.addIssue({ code: "custom", path: ["institutionType"], message: "institutionTypeRequired" });
}

function institutionChoice(value: InstitutionFields): InstitutionChoice | null {
  if (value.institutionId !== null) return { kind: "existing", id: value.institutionId };
  if (value.institutionName === null || value.institutionType === null) return null;
  return {
    kind: "new", nameKo: value.institutionName, nameEn: value.institutionNameEn, type: value.institutionType,
    businessRegistrationNumber: value.businessRegistrationNumber,
  };
}

function withInstitution<T extends InstitutionFields>(value: T) {
  const { institutionId: _i, institutionName: _n, institutionNameEn: _e, institutionType: _t, businessRegistrationNumber: _b, ...rest } = value;
  return { ...rest, institution: institutionChoice(value) };
}

// ---------------------------------------------------------------------------------------------

/** 연구비: one line per project or sub-project, per fiscal year, per stage or for the whole period. */
export const fundingLineSchema = z
  .object({
    ...common,
    id: z.preprocess(blankToUndefined, id.optional()),
    shown: z.string().max(20_000).optional(),
    subProjectId: optionalId,
    fiscalYear: optionalInt(1990, 2100, "yearInvalid"),
    stage: optionalInt(1, 99, "stageInvalid"),
    governmentWon: optionalWon,
    privateCashWon: optionalWon,
    privateInKindWon: optionalWon,
    noteKo: optionalText(2000),
    noteEn: optionalText(2000),
  })
  .superRefine((value, ctx) => {
    if (value.fiscalYear !== null && value.stage !== null) ctx.addIssue({ code: "custom", path: ["stage"], message: "yearOrStage" });
    // A line whose every amount is unknown says nothing, and would make the totals unknown.
    if (value.governmentWon === null && value.privateCashWon === null && value.privateInKindWon === null) {
      ctx.addIssue({ code: "custom", path: ["governmentWon"], message: "amountRequired" });
    }
  });

export type FundingLineInput = z.infer<typeof fundingLineSchema>;

/** 참여기관: an institution in a role, on the project or one of its sub-projects. */
export const participationSchema = z
  .object({ ...common, subProjectId: optionalId, role: enumField(PARTICIPATION_ROLES), ...institutionFields })
  .superRefine((value, ctx) => checkInstitution(value, ctx, true))
  .transform(withInstitution);

export type ParticipationInput = z.infer<typeof participationSchema>;

/** 참여 연구진: a person in a role, with the affiliation and position on this project when known. */
export const projectPersonSchema = z
  .object({
    ...common,
    nameKo: text(100),
    nameEn: optionalText(100),
    role: enumField(PERSON_ROLES),
    positionKo: optionalText(100),
    positionEn: optionalText(100),
    ...institutionFields,
  })
  .superRefine((value, ctx) => checkInstitution(value, ctx, false))
  .transform(withInstitution);

export type ProjectPersonInput = z.infer<typeof projectPersonSchema>;

/** 세부과제: number, titles, lead institution and, when known, its own period within the project's. */
export const subProjectSchema = z
  .object({
    ...common,
    id: z.preprocess(blankToUndefined, id.optional()),
    shown: z.string().max(20_000).optional(),
    seq: z.preprocess(blankToUndefined, z.coerce.number({ message: "seqInvalid" }).int("seqInvalid").min(1, "seqInvalid").max(99, "seqInvalid")),
    titleKo: text(500),
    titleEn: optionalText(500),
    periodStart: optionalMonth,
    periodEnd: optionalMonth,
    ...institutionFields,
  })
  .superRefine((value, ctx) => {
    checkInstitution(value, ctx, false);
    if (value.periodStart === null && value.periodEnd !== null) ctx.addIssue({ code: "custom", path: ["periodStart"], message: "periodIncomplete" });
    if (value.periodStart !== null && value.periodEnd === null) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "periodIncomplete" });
    if (value.periodStart && value.periodEnd && value.periodEnd < value.periodStart) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "endBeforeStart" });
    }
  })
  .transform(withInstitution);

export type SubProjectInput = z.infer<typeof subProjectSchema>;

/** 과제고유번호 and other identifiers; a value is unique within its scheme. */
export const identifierSchema = z.object({ ...common, scheme: enumField(IDENTIFIER_SCHEMES), value: text(100) });

export type IdentifierInput = z.infer<typeof identifierSchema>;

/** Removing one row under a project: which row, and the project version the page showed. */
export const removeRowSchema = z.object({ ...common, id });

export type RemoveRowInput = z.infer<typeof removeRowSchema>;

/** What the institution combobox sends while the user types. */
export const institutionQuerySchema = z.string().max(200).transform((s) => s.normalize("NFC").trim());
