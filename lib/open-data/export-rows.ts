import type { PublicProject } from "@/lib/data/public-projects";
import enumsEn from "@/lib/i18n/messages/en/enums.json";
import enumsKo from "@/lib/i18n/messages/ko/enums.json";
import openDataEn from "@/lib/i18n/messages/en/openData.json";
import openDataKo from "@/lib/i18n/messages/ko/openData.json";
import { month, partialDate } from "@/lib/open-data/serialize";

// The rows of the downloads (CSV and XLSX): one row per project with every field of the public
// record, plus (XLSX) one row per consortium member, funding line and milestone. Won amounts stay
// bigint here: CSV writes their digits, XLSX writes number cells (exact: won totals are far below 2^53).

export type Cell = string | number | bigint | boolean | null;
export type Column = { key: keyof typeof openDataEn.columns; won?: boolean; width?: number };
export type Sheet = { name: keyof typeof openDataEn.sheets; columns: Column[]; rows: (p: PublicProject) => Cell[][] };
type Locale = "ko" | "en";

const strings = (locale: Locale) => (locale === "ko" ? openDataKo : openDataEn);
const enums = (locale: Locale) => (locale === "ko" ? enumsKo : enumsEn);

function label<G extends keyof typeof enumsEn>(locale: Locale, group: G, value: string | null): string | null {
  if (value === null) return null;
  return (enums(locale)[group] as Record<string, string>)[value] ?? value;
}

const name = (locale: Locale, ko: string, en: string | null) => (locale === "en" && en ? en : ko);
const yesNo = (locale: Locale, value: boolean) => (value ? strings(locale).columns.yes : strings(locale).columns.no);
const partial = (d: Date | null, p: "YEAR" | "MONTH" | "DAY" | null) => partialDate(d, p)?.value ?? null;

/** The public page of a project, for the link column. */
export function projectPageUrl(origin: string, locale: Locale, slug: string): string {
  return `${origin}/${locale}/projects/${encodeURIComponent(slug)}`;
}

export function projectSheet(locale: Locale, origin: string): Sheet {
  return {
    name: "projects",
    columns: [
      { key: "slug", width: 28 }, { key: "link", width: 40 }, { key: "titleKo", width: 50 }, { key: "titleEn", width: 50 },
      { key: "summaryKo" }, { key: "summaryEn" }, { key: "productKo" }, { key: "productEn" },
      { key: "programmeCode" }, { key: "programme", width: 30 }, { key: "area", width: 20 }, { key: "researchStage" }, { key: "status" },
      { key: "periodStart" }, { key: "periodEnd" }, { key: "publishedDuration" }, { key: "computedDuration" },
      { key: "government", won: true, width: 20 }, { key: "privateCash", won: true, width: 20 }, { key: "privateInKind", won: true, width: 20 },
      { key: "lead", width: 30 }, { key: "institutions", width: 50 }, { key: "consortiumIsPartial" }, { key: "researchers", width: 40 },
      { key: "researchersArePartial" }, { key: "subProjects" }, { key: "publishedSubProjectCount" }, { key: "identifiers" },
      { key: "milestones" }, { key: "milestonesAchieved" }, { key: "sources", width: 40 }, { key: "publishedAt" }, { key: "updatedAt" }, { key: "synthetic" },
    ],
    rows: (p) => {
      const lead = p.participations.find((x) => x.role === "LEAD" && x.subProjectId === null)?.institution;
      const institutions = [...new Map(p.participations.map((x) => [x.institution.id, x])).values()]
        .map((x) => `${name(locale, x.institution.nameKo, x.institution.nameEn)} (${label(locale, "role", x.role)})`);
      const researchers = p.people.map((r) => name(locale, r.person.nameKo, r.person.nameEn));
      return [[
        p.slug, projectPageUrl(origin, locale, p.slug), p.titleKo, p.titleEn, p.summaryKo, p.summaryEn, p.productKo, p.productEn,
        p.program?.code ?? null, p.program ? name(locale, p.program.nameKo, p.program.nameEn) : null,
        label(locale, "area", p.area), label(locale, "stage", p.researchStage), label(locale, "status", p.status),
        month(p.periodStart), month(p.periodEnd), p.publishedDurationMonths, p.computedDurationMonths,
        p.governmentTotalWon, p.privateCashTotalWon, p.privateInKindTotalWon,
        lead ? name(locale, lead.nameKo, lead.nameEn) : null, institutions.join("; "), yesNo(locale, p.consortiumIsPartial),
        researchers.join("; "), yesNo(locale, p.researchersArePartial), p.subProjects.length, p.publishedSubProjectCount,
        p.identifiers.map((i) => `${i.scheme}:${i.value}`).join("; "),
        p.milestones.length, p.milestones.filter((m) => m.status === "ACHIEVED").length,
        p.sources.map((s) => [s.source.titleKo, s.locatorKo].filter(Boolean).join(", ")).join("; "),
        p.publishedAt?.toISOString() ?? null, p.updatedAt.toISOString(), yesNo(locale, p.origin === "SYNTHETIC"),
      ]];
    },
  };
}

function subProjectLabel(p: PublicProject, id: number | null): string | null {
  if (id === null) return null;
  const sub = p.subProjects.find((s) => s.id === id);
  return sub ? `${sub.seq}. ${sub.titleKo}` : null;
}

export function detailSheets(locale: Locale): Sheet[] {
  return [
    {
      name: "consortium",
      columns: [{ key: "slug", width: 28 }, { key: "titleKo", width: 40 }, { key: "institution", width: 36 }, { key: "institutionType", width: 20 }, { key: "role" }, { key: "subProject", width: 30 }],
      rows: (p) => p.participations.map((x) => [
        p.slug, p.titleKo, name(locale, x.institution.nameKo, x.institution.nameEn), label(locale, "instType", x.institution.type),
        label(locale, "role", x.role), subProjectLabel(p, x.subProjectId),
      ]),
    },
    {
      name: "funding",
      columns: [
        { key: "slug", width: 28 }, { key: "titleKo", width: 40 }, { key: "subProject", width: 30 }, { key: "stage" }, { key: "fiscalYear" },
        { key: "institution", width: 30 }, { key: "government", won: true, width: 20 }, { key: "privateCash", won: true, width: 20 }, { key: "privateInKind", won: true, width: 20 },
        { key: "note", width: 30 }, { key: "source", width: 30 },
      ],
      rows: (p) => p.fundingLines.map((l) => [
        p.slug, p.titleKo, subProjectLabel(p, l.subProjectId), l.stage, l.fiscalYear,
        l.institution ? name(locale, l.institution.nameKo, l.institution.nameEn) : null, l.governmentWon, l.privateCashWon, l.privateInKindWon,
        locale === "en" ? (l.noteEn ?? l.noteKo) : l.noteKo, l.source ? name(locale, l.source.titleKo, l.source.titleEn) : null,
      ]),
    },
    {
      name: "milestones",
      columns: [
        { key: "slug", width: 28 }, { key: "titleKo", width: 40 }, { key: "milestone", width: 40 }, { key: "kind" }, { key: "status" },
        { key: "due" }, { key: "achieved" }, { key: "target" }, { key: "actual" }, { key: "unit" }, { key: "evidence", width: 40 }, { key: "source", width: 30 },
      ],
      rows: (p) => p.milestones.map((m) => [
        p.slug, p.titleKo, name(locale, m.titleKo, m.titleEn), label(locale, "milestoneKind", m.kind), label(locale, "milestoneStatus", m.status),
        partial(m.dueDate, m.duePrecision), partial(m.achievedDate, m.achievedPrecision), m.targetValue, m.actualValue,
        locale === "en" ? (m.unitEn ?? m.unitKo) : m.unitKo, locale === "en" ? (m.evidenceEn ?? m.evidenceKo) : m.evidenceKo,
        m.source ? name(locale, m.source.titleKo, m.source.titleEn) : null,
      ]),
    },
  ];
}

export function headerRow(locale: Locale, sheet: Sheet): string[] {
  return sheet.columns.map((c) => strings(locale).columns[c.key]);
}

export function sheetTitle(locale: Locale, sheet: Sheet): string {
  return strings(locale).sheets[sheet.name];
}

/**
 * One CSV field: quoted when needed; a text that a spreadsheet would run as a formula (= + - @,
 * tab, carriage return) gets a leading apostrophe (OWASP's CSV-injection advice).
 */
export function csvField(value: Cell): string {
  if (value === null) return "";
  let text = typeof value === "boolean" ? (value ? "true" : "false") : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}
