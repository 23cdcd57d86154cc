import type { PublicProject } from "@/lib/data/public-projects";
import enumsEn from "@/lib/i18n/messages/en/enums.json";
import enumsKo from "@/lib/i18n/messages/ko/enums.json";
import { formatPeriod, monthsInclusive } from "@/lib/format/period";
import { month } from "@/lib/open-data/serialize";

// The published portfolio as a 360Giving Data Standard (1.4) package: one grant per project, KEIT
// as the funder, the lead institution as the recipient, the consortium as additional data.
// The rules for what the standard requires and the source does not say (the award date above
// all) are in docs/decisions/0016-360giving-mapping.md. Nothing here invents a figure: a project
// whose government contribution or lead institution is unknown is left out of the file.

/**
 * Our 360Giving prefix. 360Giving assigns one to each publisher when they register; until KEIT
 * registers, identifiers use this one, and ids stay stable because they are built from slugs and
 * database ids that never change (decision 0016).
 */
export const PREFIX = "360G-KEIT";
export const FUNDER = {
  id: `${PREFIX}-ORG-KEIT`,
  nameKo: "한국산업기술기획평가원",
  nameEn: "Korea Evaluation Institute of Industrial Technology (KEIT)",
} as const;
export const AREA_VOCABULARY = "KEIT-national-strategic-technology";

type Locale = "ko" | "en";

export const grantId = (slug: string) => `${PREFIX}-${slug}`;
export const organisationId = (institutionId: number) => `${PREFIX}-ORG-${institutionId}`;

export type Grant = Record<string, unknown> & { id: string; title: string; amountAwarded: number; awardDate: string };

/** Why a project is not in the file, or null when it is. */
export function exclusionReason(p: PublicProject): "unknownAmount" | "noLead" | null {
  if (p.governmentTotalWon === null) return "unknownAmount";
  if (!p.participations.some((x) => x.role === "LEAD" && x.subProjectId === null)) return "noLead";
  return null;
}

export function toGrant(p: PublicProject, locale: Locale, origin: string): Grant | null {
  if (exclusionReason(p) !== null || p.governmentTotalWon === null) return null;
  const lead = p.participations.find((x) => x.role === "LEAD" && x.subProjectId === null)?.institution;
  if (!lead) return null;
  const en = locale === "en";
  const pick = (ko: string, english: string | null) => (en && english ? english : ko);
  const title = pick(p.titleKo, p.titleEn);
  const leadName = pick(lead.nameKo, lead.nameEn);
  const period = formatPeriod(p.periodStart, p.periodEnd, locale);
  const summary = en ? (p.summaryEn ?? p.summaryKo) : p.summaryKo;
  // Without a published summary, a description made only of the record's own facts.
  const description = summary ?? (en ? `${title}. Lead institution: ${leadName}. Development period: ${period}.` : `${title}. 주관기관: ${leadName}. 개발기간: ${period}.`);
  const amount = Number(p.governmentTotalWon);
  if (!Number.isSafeInteger(amount)) return null; // beyond 2^53 won a JSON number would not be exact
  const areaLabel = p.area ? (en ? enumsEn : enumsKo).area[p.area] : null;
  const page = `${origin}/${locale}/projects/${encodeURIComponent(p.slug)}`;
  const consortium = [...new Map(p.participations.map((x) => [`${x.institution.id}:${x.role}`, x])).values()];
  return {
    id: grantId(p.slug),
    title,
    description,
    currency: "KRW",
    amountAwarded: amount,
    // Decision 0016: the agreement date is not published; the award date is the first day of the
    // development period (agreements start the period), marked as derived in additional_data.
    awardDate: `${month(p.periodStart)}-01`,
    plannedDates: [{
      startDate: month(p.periodStart),
      endDate: month(p.periodEnd),
      duration: p.publishedDurationMonths ?? monthsInclusive(p.periodStart, p.periodEnd),
    }],
    recipientOrganization: [{ id: organisationId(lead.id), name: leadName }],
    fundingOrganization: [{ id: FUNDER.id, name: en ? FUNDER.nameEn : FUNDER.nameKo }],
    ...(p.program ? { grantProgramme: [{ code: p.program.code, title: pick(p.program.nameKo, p.program.nameEn) }] } : {}),
    ...(p.area && areaLabel ? { classifications: [{ vocabulary: AREA_VOCABULARY, code: p.area, title: areaLabel }] } : {}),
    url: page,
    dateModified: p.updatedAt.toISOString(),
    dataSource: `${origin}/api/v1/360giving.json`,
    additional_data: {
      keitProjectSlug: p.slug,
      titleKo: p.titleKo,
      titleEn: p.titleEn,
      awardDateRule: "period-start",
      awardDatePrecision: "month",
      periodPrecision: "month",
      publishedDurationMonths: p.publishedDurationMonths,
      computedDurationMonths: monthsInclusive(p.periodStart, p.periodEnd),
      privateCashWon: p.privateCashTotalWon?.toString() ?? null,
      privateInKindWon: p.privateInKindTotalWon?.toString() ?? null,
      consortiumIsPartial: p.consortiumIsPartial,
      consortium: consortium.map((x) => ({ id: organisationId(x.institution.id), name: pick(x.institution.nameKo, x.institution.nameEn), role: x.role })),
      isSynthetic: p.origin === "SYNTHETIC",
    },
  };
}

/** The package around the grants (written before the grants, which are streamed). */
export function packageHead(locale: Locale, origin: string, now: Date) {
  const en = locale === "en";
  return {
    version: "1.4",
    title: en ? "KEIT-funded industrial R&D projects" : "한국산업기술기획평가원 지원 산업기술 R&D 과제",
    description: en
      ? "Every published project with a known government contribution, one grant per project. Amounts in KRW."
      : "정부출연금이 알려진 공개 과제 전부, 과제마다 지원금 하나. 금액 단위는 원(KRW).",
    issued: now.toISOString(),
    modified: now.toISOString(),
    identifier: `${PREFIX}-portfolio`,
    publisher: { identifier: FUNDER.id, name: en ? FUNDER.nameEn : FUNDER.nameKo, website: origin },
    downloadURL: `${origin}/api/v1/360giving.json${en ? "?locale=en" : ""}`,
  };
}
