import { z } from "zod";
import { PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS } from "@/lib/domain/enums";
import { AGENCY_NUMBER_PATTERN, normalizeAgencyNumber, proposeSlug } from "@/lib/domain/slug";
import { blankToUndefined, enumField, id, month, optionalInt, optionalText, text, version } from "@/lib/validations/fields";

// The project form (create and edit), shared by the form and the server actions.

const optionalCount = (max: number) => optionalInt(1, max, "numberInvalid");

export const projectSchema = z
  .object({
    id: z.preprocess(blankToUndefined, id.optional()),
    version: z.preprocess(blankToUndefined, version.optional()),
    shown: z.string().max(50_000).optional(),
    /** 과제번호 (agency project number), asked first when a project is registered; stored as an AGENCY identifier. */
    agencyNumber: z.preprocess(blankToUndefined, z.string().transform(normalizeAgencyNumber).pipe(z.string().regex(AGENCY_NUMBER_PATTERN, "agencyNumberInvalid")).optional()),
    slug: z.preprocess(blankToUndefined, z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slugInvalid").max(120, "tooLong").optional()),
    titleKo: text(500),
    titleEn: optionalText(500),
    summaryKo: optionalText(4000),
    summaryEn: optionalText(4000),
    productKo: optionalText(300),
    productEn: optionalText(300),
    programId: z.preprocess(blankToUndefined, id.optional()).transform((v) => v ?? null),
    area: z.preprocess(blankToUndefined, enumField(STRATEGIC_TECH_AREAS).optional()).transform((v) => v ?? null),
    researchStage: z.preprocess(blankToUndefined, enumField(RESEARCH_STAGES).optional()).transform((v) => v ?? null),
    periodStart: month,
    periodEnd: month,
    publishedDurationMonths: optionalCount(600),
    publishedSubProjectCount: optionalCount(100),
    status: enumField(PROJECT_STATUSES),
    consortiumIsPartial: z.string().optional().transform((v) => v === "on" || v === "true"),
    researchersArePartial: z.string().optional().transform((v) => v === "on" || v === "true"),
  })
  .superRefine((value, ctx) => {
    if (value.periodEnd < value.periodStart) ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "endBeforeStart" });
    // A new project's address defaults to the one proposed from its number or English title.
    if (value.id === undefined && value.slug === undefined && !proposeSlug(value)) ctx.addIssue({ code: "custom", path: ["slug"], message: "required" });
    if (value.id !== undefined && value.version === undefined) ctx.addIssue({ code: "custom", path: ["version"], message: "versionMissing" });
  })
  .transform((value) => (value.id === undefined && value.slug === undefined ? { ...value, slug: proposeSlug(value) } : value));

/** The number typed into the new-project form, checked for duplicates as it is typed. */
export const agencyNumberCheckSchema = z.object({
  agencyNumber: z.string().max(100).transform(normalizeAgencyNumber).pipe(z.string().regex(AGENCY_NUMBER_PATTERN, "agencyNumberInvalid")),
});

export type ProjectInput = z.infer<typeof projectSchema>;

export const publicationSchema = z.object({ id, version, publish: z.enum(["true", "false"]).transform((v) => v === "true") });
