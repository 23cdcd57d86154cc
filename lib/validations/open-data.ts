import { z } from "zod";
import {
  IDENTIFIER_SCHEMES, INSTITUTION_TYPES, MILESTONE_KINDS, MILESTONE_STATUSES, PARTICIPATION_ROLES, PERSON_ROLES,
  PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS,
} from "@/lib/domain/enums";
import { MAX_QUERY_LENGTH } from "@/lib/search/normalize";
import { SORT_KEYS } from "@/lib/validations/portfolio-query";

// The open-data API's parameters and responses (/api/v1). These schemas validate every request,
// shape every response, and are the only source of the OpenAPI document (lib/open-data/openapi.ts):
// there is no hand-written copy. Parameter names are the portfolio page's (lib/validations/portfolio-query.ts).

export const API_MAX_LIMIT = 100;
export const API_DEFAULT_LIMIT = 20;
export const SORT_VALUES = SORT_KEYS.flatMap((key) => [key, `${key}-asc`, `${key}-desc`] as const);
/** Parameters that may be repeated (?area=A&area=B); every other parameter may appear once. */
export const LIST_PARAMS = ["program", "area", "status", "year", "instType"] as const;

const cursor = z.string().max(2000).meta({ description: "Opaque cursor from the previous response's `nextCursor`. Only cursors this server handed out are accepted." });
const limit = z.coerce.number().int().min(1).max(API_MAX_LIMIT).default(API_DEFAULT_LIMIT)
  .meta({ description: `Items per page, 1–${API_MAX_LIMIT}.` });
const locale = z.enum(["ko", "en"]).meta({ description: "Language of title sorting (`sort=title`) and of problem messages. Names are always given in both languages." });

export const portfolioFilterParams = {
  q: z.string().trim().max(MAX_QUERY_LENGTH).optional()
    .meta({ description: "Search in titles, products, programmes, institutions and researchers (Korean substrings of two or more syllables included, e.g. `트램`). Every term must match.", example: "전기트램" }),
  program: z.array(z.coerce.number().int().min(1).max(2_147_483_647)).max(50).optional().meta({ description: "Programme id (repeatable)." }),
  area: z.array(z.enum(STRATEGIC_TECH_AREAS)).max(50).optional().meta({ description: "National strategic technology area (repeatable)." }),
  status: z.array(z.enum(PROJECT_STATUSES)).max(50).optional().meta({ description: "Project status (repeatable)." }),
  year: z.array(z.coerce.number().int().min(1990).max(2100)).max(50).optional().meta({ description: "Start year (repeatable)." }),
  instType: z.array(z.enum(INSTITUTION_TYPES)).max(50).optional().meta({ description: "Type of a participating institution (repeatable)." }),
};

export const projectListParams = z.strictObject({
  ...portfolioFilterParams,
  sort: z.enum(SORT_VALUES).optional()
    .meta({ description: "`start`, `end`, `funding` or `title`, optionally with `-asc`/`-desc`. Default `start` (newest first); titles A→Z." }),
  locale: locale.optional(),
  limit,
  cursor: cursor.optional(),
});
export type ProjectListParams = z.infer<typeof projectListParams>;

export const statisticsParams = z.strictObject({ ...portfolioFilterParams, locale: locale.optional() });
export const pageParams = z.strictObject({ limit, cursor: cursor.optional(), locale: locale.optional() });
export const localeParams = z.strictObject({ locale: locale.optional() });

export const downloadParams = z.strictObject({
  ...portfolioFilterParams,
  sort: projectListParams.shape.sort,
  locale: locale.optional(),
  format: z.enum(["csv", "xlsx", "json"]).meta({ description: "CSV (UTF-8 with BOM), XLSX (with consortium, funding and milestone sheets) or JSON." }),
});

export const changesParams = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional()
    .meta({ description: "ISO 8601 date-time with a time zone, e.g. `2026-11-01T00:00:00Z`. Required unless `cursor` is given.", example: "2026-11-01T00:00:00Z" }),
  cursor: cursor.optional(),
  limit,
  locale: locale.optional(),
});

export const slugPath = z.object({ slug: z.string().min(1).max(120).meta({ description: "The project's stable public identifier.", example: "hydrogen-electric-tram" }) });
export const institutionIdPath = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647).meta({ description: "Institution id.", example: 1 }) });

// ------------------------------------------------------------------------------------------------
// Responses

export const moneySchema = z.object({
  amount: z.string().regex(/^[0-9]+$/).meta({ description: "Whole won as a string of digits (exact beyond 2^53).", example: "28100000000" }),
  currency: z.literal("KRW"),
}).meta({ id: "Money", description: "An amount of money. `null` where the amount is unknown (never 0)." });

export const partialDateSchema = z.object({
  value: z.string().regex(/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/).meta({ example: "2024-10" }),
  precision: z.enum(["year", "month", "day"]),
}).meta({ id: "PartialDate", description: "A date as precise as it was published: `2028` (year), `2024-10` (month) or `2025-03-05` (day)." });

export const periodSchema = z.object({
  start: z.string().regex(/^[0-9]{4}-[0-9]{2}$/).meta({ example: "2021-07" }),
  end: z.string().regex(/^[0-9]{4}-[0-9]{2}$/).meta({ example: "2024-03" }),
  precision: z.literal("month"),
  publishedDurationMonths: z.number().int().nullable().meta({ description: "The duration as the source states it (it may disagree with the period)." }),
  computedDurationMonths: z.number().int().meta({ description: "Months from start to end, both inclusive." }),
}).meta({ id: "Period", description: "Development period (개발기간); both months inclusive." });

const institutionRef = z.object({
  id: z.number().int(), nameKo: z.string(), nameEn: z.string().nullable(), type: z.enum(INSTITUTION_TYPES),
}).meta({ id: "InstitutionRef" });

const programmeRef = z.object({
  code: z.string(), nameKo: z.string(), nameEn: z.string().nullable(),
}).meta({ id: "ProgrammeRef" });

export const projectSummarySchema = z.object({
  slug: z.string(),
  titleKo: z.string(),
  titleEn: z.string().nullable(),
  productKo: z.string().nullable(),
  productEn: z.string().nullable(),
  programme: programmeRef.nullable(),
  area: z.enum(STRATEGIC_TECH_AREAS).nullable(),
  status: z.enum(PROJECT_STATUSES),
  period: periodSchema,
  governmentTotal: moneySchema.nullable().meta({ description: "정부출연금, the sum of the funding lines; null when unknown." }),
  lead: institutionRef.nullable(),
  institutionCount: z.number().int(),
  isSynthetic: z.boolean().meta({ description: "True for generated test data, never for real projects." }),
  links: z.object({ self: z.string(), page: z.string() }),
}).meta({ id: "ProjectSummary" });

const sourceSchema = z.object({
  titleKo: z.string(), titleEn: z.string().nullable(), publisherKo: z.string(), publisherEn: z.string().nullable(),
  published: partialDateSchema.nullable(), url: z.string().nullable(),
}).meta({ id: "Source" });

export const fundingLineSchema = z.object({
  subProjectSeq: z.number().int().nullable(),
  fiscalYear: z.number().int().nullable().meta({ description: "Fiscal year; null for a whole-period or stage figure." }),
  stage: z.number().int().nullable().meta({ description: "Stage (단계); null when not split by stage." }),
  institution: institutionRef.nullable().meta({ description: "The participating institution the amount was awarded to, when recorded." }),
  government: moneySchema.nullable().meta({ description: "정부출연금" }),
  privateCash: moneySchema.nullable().meta({ description: "민간부담금 현금" }),
  privateInKind: moneySchema.nullable().meta({ description: "민간부담금 현물" }),
  noteKo: z.string().nullable(), noteEn: z.string().nullable(),
  source: sourceSchema.nullable(),
}).meta({ id: "FundingLine", description: "Awarded amounts by sub-project, stage and year. A line with neither year nor stage is the whole-period figure as published." });

export const milestoneSchema = z.object({
  titleKo: z.string(), titleEn: z.string().nullable(), descriptionKo: z.string().nullable(), descriptionEn: z.string().nullable(),
  kind: z.enum(MILESTONE_KINDS), status: z.enum(MILESTONE_STATUSES),
  due: partialDateSchema.nullable(),
  achieved: partialDateSchema.nullable(),
  target: z.string().nullable().meta({ description: "Target value as a decimal string." }),
  actual: z.string().nullable().meta({ description: "Achieved value as a decimal string." }),
  unitKo: z.string().nullable(), unitEn: z.string().nullable(),
  achievementPercent: z.number().nullable(),
  evidenceKo: z.string().nullable(), evidenceEn: z.string().nullable(),
  subProjectSeq: z.number().int().nullable(),
  source: sourceSchema.nullable(),
}).meta({ id: "Milestone" });

export const projectSchema = projectSummarySchema.extend({
  summaryKo: z.string().nullable(),
  summaryEn: z.string().nullable(),
  researchStage: z.enum(RESEARCH_STAGES).nullable(),
  publishedSubProjectCount: z.number().int().nullable(),
  consortiumIsPartial: z.boolean().meta({ description: "The source lists only some institutions." }),
  researchersArePartial: z.boolean().meta({ description: "The source lists only some researchers." }),
  privateCashTotal: moneySchema.nullable(),
  privateInKindTotal: moneySchema.nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  identifiers: z.array(z.object({ scheme: z.enum(IDENTIFIER_SCHEMES), value: z.string() })),
  subProjects: z.array(z.object({
    seq: z.number().int(), titleKo: z.string(), titleEn: z.string().nullable(),
    start: z.string().nullable(), end: z.string().nullable(),
    lead: institutionRef.nullable(), governmentTotal: moneySchema.nullable(),
  })),
  consortium: z.array(z.object({ institution: institutionRef, role: z.enum(PARTICIPATION_ROLES), subProjectSeq: z.number().int().nullable() })),
  researchers: z.array(z.object({
    nameKo: z.string(), nameEn: z.string().nullable(), role: z.enum(PERSON_ROLES),
    positionKo: z.string().nullable(), positionEn: z.string().nullable(),
    institution: z.object({ id: z.number().int(), nameKo: z.string(), nameEn: z.string().nullable() }).nullable(),
  })),
  funding: z.array(fundingLineSchema),
  milestones: z.array(milestoneSchema),
  sources: z.array(sourceSchema.extend({ locatorKo: z.string().nullable(), locatorEn: z.string().nullable() })),
}).meta({ id: "Project", description: "The full public record of a published project." });

export const projectListSchema = z.object({
  data: z.array(projectSummarySchema),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
  total: z.number().int().meta({ description: "Projects matching the filters (all pages)." }),
}).meta({ id: "ProjectList" });

export const institutionSummarySchema = z.object({
  id: z.number().int(), nameKo: z.string(), nameEn: z.string().nullable(), type: z.enum(INSTITUTION_TYPES),
  projectCount: z.number().int().meta({ description: "Published projects it takes part in." }),
  links: z.object({ self: z.string(), page: z.string() }),
}).meta({ id: "InstitutionSummary" });

export const institutionListSchema = z.object({
  data: z.array(institutionSummarySchema), nextCursor: z.string().nullable(), total: z.number().int(),
}).meta({ id: "InstitutionList" });

export const institutionSchema = institutionSummarySchema.extend({
  governmentTotal: moneySchema.meta({ description: "Sum of the known government contributions of its published projects." }),
  unknownFundingCount: z.number().int(),
  projects: projectListSchema,
}).meta({ id: "Institution" });

const sliceSchema = z.object({
  key: z.string(), nameKo: z.string().nullable(), nameEn: z.string().nullable(),
  projects: z.number().int(), governmentTotal: moneySchema, unknownFundingCount: z.number().int(),
}).meta({ id: "StatisticsSlice" });

export const statisticsSchema = z.object({
  projects: z.number().int(),
  governmentTotal: moneySchema.meta({ description: "Sum of the known government contributions." }),
  unknownFundingCount: z.number().int().meta({ description: "Projects whose government contribution is unknown (not in the sum)." }),
  byProgramme: z.array(sliceSchema), byArea: z.array(sliceSchema), byStartYear: z.array(sliceSchema), topInstitutions: z.array(sliceSchema),
}).meta({ id: "Statistics" });

export const changeSchema = z.object({
  event: z.enum(["published", "updated", "unpublished", "deleted"]),
  slug: z.string(),
  changedAt: z.string().meta({ description: "When the change was made (ISO 8601)." }),
  tombstone: z.boolean().meta({ description: "True when the project left the published portfolio (unpublished or deleted): remove it." }),
  links: z.object({ self: z.string().nullable() }),
}).meta({ id: "Change" });

export const changeListSchema = z.object({
  data: z.array(changeSchema),
  nextCursor: z.string().meta({ description: "Pass as `cursor` to continue; also when `hasMore` is false, to poll for later changes." }),
  hasMore: z.boolean(),
}).meta({ id: "ChangeList" });

export const problemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(),
  parameter: z.string().optional().meta({ description: "The offending parameter." }),
}).meta({ id: "Problem", description: "RFC 9457 problem details." });

export type ApiMoney = z.infer<typeof moneySchema>;
export type ApiPartialDate = z.infer<typeof partialDateSchema>;
export type ApiProjectSummary = z.infer<typeof projectSummarySchema>;
export type ApiProject = z.infer<typeof projectSchema>;
export type ApiProjectList = z.infer<typeof projectListSchema>;
export type ApiInstitutionSummary = z.infer<typeof institutionSummarySchema>;
export type ApiInstitution = z.infer<typeof institutionSchema>;
export type ApiStatistics = z.infer<typeof statisticsSchema>;
export type ApiChange = z.infer<typeof changeSchema>;
export type ApiChangeList = z.infer<typeof changeListSchema>;
export type ApiProblem = z.infer<typeof problemSchema>;
