import type { PublicProject } from "@/lib/data/public-projects";
import type { DatePrecision } from "@/lib/format/period";
import { monthsInclusive } from "@/lib/format/period";
import type { ApiMoney, ApiPartialDate, ApiProject, ApiProjectSummary } from "@/lib/validations/open-data";

// DTOs of the public data layer → the API's JSON (lib/validations/open-data.ts): won amounts as
// strings of digits with their currency (null stays null, never 0), dates as precise as published.

export function money(won: bigint | null): ApiMoney | null {
  return won === null ? null : { amount: won.toString(), currency: "KRW" };
}

export function knownMoney(won: bigint): ApiMoney {
  return { amount: won.toString(), currency: "KRW" };
}

/** "2021-07" for a month-precise period date (stored as the first day of the month, UTC). */
export function month(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function partialDate(date: Date | null, precision: DatePrecision | null): ApiPartialDate | null {
  if (!date) return null;
  const p = precision ?? "DAY";
  return { value: date.toISOString().slice(0, p === "YEAR" ? 4 : p === "MONTH" ? 7 : 10), precision: p === "YEAR" ? "year" : p === "MONTH" ? "month" : "day" };
}

export const projectLinks = (slug: string) => ({ self: `/api/v1/projects/${encodeURIComponent(slug)}`, page: `/ko/projects/${encodeURIComponent(slug)}` });

export type SummaryRow = {
  slug: string; titleKo: string; titleEn: string | null; productKo: string | null; productEn: string | null;
  programCode: string | null; programNameKo: string | null; programNameEn: string | null;
  area: ApiProjectSummary["area"]; status: ApiProjectSummary["status"];
  periodStart: Date; periodEnd: Date; publishedDurationMonths: number | null; governmentTotalWon: bigint | null;
  leadId: number | null; leadNameKo: string | null; leadNameEn: string | null; leadType: string | null;
  institutionCount: number; isSynthetic: boolean;
};

export function projectSummary(r: SummaryRow): ApiProjectSummary {
  return {
    slug: r.slug, titleKo: r.titleKo, titleEn: r.titleEn, productKo: r.productKo, productEn: r.productEn,
    programme: r.programCode && r.programNameKo ? { code: r.programCode, nameKo: r.programNameKo, nameEn: r.programNameEn } : null,
    area: r.area, status: r.status,
    period: {
      start: month(r.periodStart), end: month(r.periodEnd), precision: "month",
      publishedDurationMonths: r.publishedDurationMonths, computedDurationMonths: monthsInclusive(r.periodStart, r.periodEnd),
    },
    governmentTotal: money(r.governmentTotalWon),
    lead: r.leadId !== null && r.leadNameKo !== null
      ? { id: r.leadId, nameKo: r.leadNameKo, nameEn: r.leadNameEn, type: r.leadType as NonNullable<ApiProjectSummary["lead"]>["type"] }
      : null,
    institutionCount: r.institutionCount,
    isSynthetic: r.isSynthetic,
    links: projectLinks(r.slug),
  };
}

type PublicSource = NonNullable<PublicProject["fundingLines"][number]["source"]>;

function source(s: PublicSource | null) {
  if (!s) return null;
  return {
    titleKo: s.titleKo, titleEn: s.titleEn, publisherKo: s.publisherKo, publisherEn: s.publisherEn,
    published: partialDate(s.publishedOn, s.publishedPrecision), url: s.url,
  };
}

/** The full public record. */
export function projectRecord(p: PublicProject): ApiProject {
  const seqOf = new Map(p.subProjects.map((s) => [s.id, s.seq]));
  const seq = (id: number | null) => (id === null ? null : (seqOf.get(id) ?? null));
  const lead = p.participations.find((x) => x.role === "LEAD" && x.subProjectId === null)?.institution ?? null;
  const institutionIds = new Set(p.participations.map((x) => x.institution.id));
  return {
    ...projectSummary({
      slug: p.slug, titleKo: p.titleKo, titleEn: p.titleEn, productKo: p.productKo, productEn: p.productEn,
      programCode: p.program?.code ?? null, programNameKo: p.program?.nameKo ?? null, programNameEn: p.program?.nameEn ?? null,
      area: p.area, status: p.status, periodStart: p.periodStart, periodEnd: p.periodEnd,
      publishedDurationMonths: p.publishedDurationMonths, governmentTotalWon: p.governmentTotalWon,
      leadId: lead?.id ?? null, leadNameKo: lead?.nameKo ?? null, leadNameEn: lead?.nameEn ?? null, leadType: lead?.type ?? null,
      institutionCount: institutionIds.size, isSynthetic: p.origin === "SYNTHETIC",
    }),
    summaryKo: p.summaryKo, summaryEn: p.summaryEn,
    researchStage: p.researchStage,
    publishedSubProjectCount: p.publishedSubProjectCount,
    consortiumIsPartial: p.consortiumIsPartial, researchersArePartial: p.researchersArePartial,
    privateCashTotal: money(p.privateCashTotalWon), privateInKindTotal: money(p.privateInKindTotalWon),
    publishedAt: p.publishedAt?.toISOString() ?? null,
    updatedAt: p.updatedAt.toISOString(),
    identifiers: p.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
    subProjects: p.subProjects.map((s) => ({
      seq: s.seq, titleKo: s.titleKo, titleEn: s.titleEn,
      start: s.periodStart ? month(s.periodStart) : null, end: s.periodEnd ? month(s.periodEnd) : null,
      lead: s.leadInstitution ? { ...s.leadInstitution } : null,
      governmentTotal: money(s.governmentWon),
    })),
    consortium: p.participations.map((x) => ({ institution: { ...x.institution }, role: x.role, subProjectSeq: seq(x.subProjectId) })),
    researchers: p.people.map((r) => ({
      nameKo: r.person.nameKo, nameEn: r.person.nameEn, role: r.role, positionKo: r.positionKo, positionEn: r.positionEn,
      institution: r.institution ? { ...r.institution } : null,
    })),
    funding: p.fundingLines.map((l) => ({
      subProjectSeq: seq(l.subProjectId), fiscalYear: l.fiscalYear, stage: l.stage,
      institution: l.institution ? { ...l.institution } : null,
      government: money(l.governmentWon), privateCash: money(l.privateCashWon), privateInKind: money(l.privateInKindWon),
      noteKo: l.noteKo, noteEn: l.noteEn, source: source(l.source),
    })),
    milestones: p.milestones.map((m) => ({
      titleKo: m.titleKo, titleEn: m.titleEn, descriptionKo: m.descriptionKo, descriptionEn: m.descriptionEn,
      kind: m.kind, status: m.status,
      due: partialDate(m.dueDate, m.duePrecision), achieved: partialDate(m.achievedDate, m.achievedPrecision),
      target: m.targetValue, actual: m.actualValue, unitKo: m.unitKo, unitEn: m.unitEn,
      achievementPercent: m.achievementPercent, evidenceKo: m.evidenceKo, evidenceEn: m.evidenceEn,
      subProjectSeq: seq(m.subProjectId), source: source(m.source),
    })),
    sources: p.sources.map((s) => ({ ...(source(s.source) as NonNullable<ReturnType<typeof source>>), locatorKo: s.locatorKo, locatorEn: s.locatorEn })),
  };
}
