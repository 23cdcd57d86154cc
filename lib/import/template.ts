// The import template (docs/import.md): one sheet (or CSV file) per kind, Korean headers with
// English aliases. Headers are matched by labelKey (spaces, case and marks ignored).
import { labelKey } from "./values";

export const SHEET_KINDS = ["projects", "subProjects", "consortium", "funding", "researchers", "milestones", "spending"] as const;
export type SheetKind = (typeof SHEET_KINDS)[number];

export type FieldType = "key" | "text" | "longText" | "won" | "month" | "partialDate" | "integer" | "decimal" | "boolean" | "enum" | "program" | "institution" | "costCategory";

export type FieldSpec = {
  field: string;
  header: string;
  aliases: string[];
  type: FieldType;
  required?: boolean;
  /** For enum fields: the namespace under enums.json whose labels are accepted besides the codes. */
  enumOf?: string;
  max?: number;
  min?: number;
};

export type SheetSpec = { kind: SheetKind; sheet: string; aliases: string[]; fields: FieldSpec[] };

const key: FieldSpec = { field: "projectKey", header: "과제번호", aliases: ["project number", "project key", "project id", "과제고유번호", "과제 번호"], type: "key", required: true, max: 100 };
const subSeq: FieldSpec = { field: "subProjectSeq", header: "세부과제번호", aliases: ["sub-project number", "sub project", "세부번호", "세부과제"], type: "integer", min: 1, max: 99 };

export const TEMPLATE: SheetSpec[] = [
  {
    kind: "projects", sheet: "과제", aliases: ["projects", "project", "과제목록"],
    fields: [
      key,
      { field: "titleKo", header: "과제명", aliases: ["title", "title (ko)", "과제명(국문)", "국문과제명"], type: "text", required: true, max: 500 },
      { field: "titleEn", header: "영문과제명", aliases: ["title (en)", "english title", "과제명(영문)"], type: "text", max: 500 },
      { field: "program", header: "사업", aliases: ["programme", "program", "사업명", "사업코드", "program code"], type: "program" },
      { field: "area", header: "기술분야", aliases: ["technology area", "area", "국가전략기술"], type: "enum", enumOf: "area" },
      { field: "researchStage", header: "연구단계", aliases: ["research stage", "연구개발단계"], type: "enum", enumOf: "stage" },
      { field: "periodStart", header: "시작", aliases: ["start", "period start", "개발기간 시작", "시작월", "협약시작"], type: "month", required: true },
      { field: "periodEnd", header: "종료", aliases: ["end", "period end", "개발기간 종료", "종료월", "협약종료"], type: "month", required: true },
      { field: "status", header: "상태", aliases: ["status", "진행상태", "과제상태"], type: "enum", enumOf: "status", required: true },
      { field: "summaryKo", header: "요약", aliases: ["summary", "summary (ko)", "과제요약", "연구목표"], type: "longText", max: 4000 },
      { field: "summaryEn", header: "영문요약", aliases: ["summary (en)", "english summary"], type: "longText", max: 4000 },
      { field: "productKo", header: "제품명", aliases: ["product", "적용제품"], type: "text", max: 300 },
      { field: "productEn", header: "영문제품명", aliases: ["product (en)"], type: "text", max: 300 },
    ],
  },
  {
    kind: "subProjects", sheet: "세부과제", aliases: ["sub-projects", "subprojects", "sub projects"],
    fields: [
      key,
      { ...subSeq, required: true },
      { field: "titleKo", header: "세부과제명", aliases: ["title", "title (ko)", "과제명"], type: "text", required: true, max: 500 },
      { field: "titleEn", header: "영문세부과제명", aliases: ["title (en)", "영문과제명"], type: "text", max: 500 },
      { field: "leadInstitution", header: "주관기관", aliases: ["lead institution", "lead"], type: "institution" },
      { field: "periodStart", header: "시작", aliases: ["start"], type: "month" },
      { field: "periodEnd", header: "종료", aliases: ["end"], type: "month" },
    ],
  },
  {
    kind: "consortium", sheet: "참여기관", aliases: ["consortium", "institutions", "컨소시엄", "수행기관"],
    fields: [
      key,
      subSeq,
      { field: "institution", header: "기관명", aliases: ["institution", "기관", "name"], type: "institution", required: true },
      { field: "role", header: "역할", aliases: ["role", "참여형태"], type: "enum", enumOf: "role", required: true },
      { field: "institutionType", header: "기관유형", aliases: ["institution type", "type", "기관구분"], type: "enum", enumOf: "instType" },
      { field: "businessRegistrationNumber", header: "사업자등록번호", aliases: ["business registration number", "brn"], type: "text", max: 12 },
    ],
  },
  {
    kind: "funding", sheet: "연구비", aliases: ["funding", "funding lines", "사업비"],
    fields: [
      key,
      subSeq,
      { field: "stage", header: "단계", aliases: ["stage"], type: "integer", min: 1, max: 20 },
      { field: "fiscalYear", header: "연도", aliases: ["year", "fiscal year", "연차", "년도"], type: "integer", min: 1990, max: 2100 },
      { field: "institution", header: "기관", aliases: ["institution", "기관명"], type: "institution" },
      { field: "governmentWon", header: "정부출연금", aliases: ["government", "government contribution", "정부지원금", "출연금"], type: "won" },
      { field: "privateCashWon", header: "민간부담금 현금", aliases: ["private cash", "민간현금", "기관부담금 현금"], type: "won" },
      { field: "privateInKindWon", header: "민간부담금 현물", aliases: ["private in kind", "private in-kind", "민간현물", "기관부담금 현물"], type: "won" },
      { field: "agreementNumber", header: "협약번호", aliases: ["agreement number"], type: "text", max: 64 },
      { field: "agreementSignedOn", header: "협약일", aliases: ["agreement date", "signed on"], type: "partialDate" },
    ],
  },
  {
    kind: "researchers", sheet: "연구진", aliases: ["researchers", "people", "참여연구원"],
    fields: [
      key,
      { field: "nameKo", header: "이름", aliases: ["name", "성명"], type: "text", required: true, max: 100 },
      { field: "nameEn", header: "영문이름", aliases: ["name (en)", "english name"], type: "text", max: 100 },
      { field: "role", header: "역할", aliases: ["role", "구분"], type: "enum", enumOf: "personRole", required: true },
      { field: "institution", header: "소속기관", aliases: ["institution", "affiliation", "소속"], type: "institution" },
      { field: "positionKo", header: "직위", aliases: ["position", "직급"], type: "text", max: 100 },
    ],
  },
  {
    kind: "milestones", sheet: "성과목표", aliases: ["milestones", "마일스톤", "성과"],
    fields: [
      key,
      subSeq,
      { field: "titleKo", header: "성과명", aliases: ["milestone", "title", "목표", "마일스톤명"], type: "text", required: true, max: 300 },
      { field: "titleEn", header: "영문성과명", aliases: ["title (en)"], type: "text", max: 300 },
      { field: "kind", header: "유형", aliases: ["kind", "type", "성과유형"], type: "enum", enumOf: "milestoneKind" },
      { field: "targetValue", header: "목표치", aliases: ["target", "target value"], type: "decimal" },
      { field: "unitKo", header: "단위", aliases: ["unit"], type: "text", max: 40 },
      { field: "dueDate", header: "기한", aliases: ["due", "due date", "목표시기"], type: "partialDate" },
      { field: "status", header: "상태", aliases: ["status", "진행상태"], type: "enum", enumOf: "milestoneStatus" },
      { field: "actualValue", header: "실적", aliases: ["actual", "actual value", "달성치"], type: "decimal" },
      { field: "achievedDate", header: "달성일", aliases: ["achieved", "achieved on"], type: "partialDate" },
      { field: "evidenceKo", header: "근거", aliases: ["evidence", "증빙"], type: "longText", max: 4000 },
    ],
  },
  {
    // 집행 실적 as research-cost systems (RCMS, Ezbaro) export it: one row per institution, period
    // and cost category (issue 14). Rows are matched to the project's agreement of that year.
    kind: "spending", sheet: "집행실적", aliases: ["spending", "집행 실적", "집행내역", "연구비 집행", "expenditure", "expenditures"],
    fields: [
      key,
      subSeq,
      { field: "institution", header: "기관", aliases: ["institution", "기관명", "집행기관", "수행기관"], type: "institution", required: true },
      { field: "fiscalYear", header: "연도", aliases: ["year", "fiscal year", "회계연도", "년도", "집행연도"], type: "integer", min: 1990, max: 2100, required: true },
      { field: "stage", header: "단계", aliases: ["stage"], type: "integer", min: 1, max: 20 },
      { field: "quarter", header: "분기", aliases: ["quarter", "q"], type: "integer", min: 1, max: 4 },
      { field: "month", header: "월", aliases: ["month", "집행월"], type: "integer", min: 1, max: 12 },
      { field: "costCategory", header: "비목", aliases: ["cost category", "category", "비목명", "비목코드", "category code"], type: "costCategory", required: true, max: 100 },
      { field: "amountWon", header: "집행액", aliases: ["amount", "amount spent", "spent", "금액", "집행금액"], type: "won", required: true },
    ],
  },
];

export const SHEET_BY_KIND = Object.fromEntries(TEMPLATE.map((s) => [s.kind, s])) as Record<SheetKind, SheetSpec>;

/** The sheet kind a sheet (or CSV file) name names, if any. */
export function kindOfSheetName(name: string): SheetKind | null {
  const k = labelKey(name.replace(/\.(csv|txt)$/i, ""));
  for (const spec of TEMPLATE) {
    if ([spec.sheet, spec.kind, ...spec.aliases].some((n) => labelKey(n) === k)) return spec.kind;
  }
  return null;
}

/** A column mapping: per kind, a file's header → a template field. */
export type ColumnMapping = Partial<Record<SheetKind, Record<string, string>>>;

/** Which template field each header of a sheet holds (index → field); a saved mapping wins over the template names. */
export function resolveHeaders(spec: SheetSpec, headers: string[], mapping?: Record<string, string>): { columns: (FieldSpec | null)[]; missing: FieldSpec[] } {
  const mapped = new Map(Object.entries(mapping ?? {}).map(([h, f]) => [labelKey(h), f]));
  const byLabel = new Map<string, FieldSpec>();
  for (const f of spec.fields) for (const label of [f.header, f.field, ...f.aliases]) if (!byLabel.has(labelKey(label))) byLabel.set(labelKey(label), f);
  const seen = new Set<string>();
  const columns = headers.map((h) => {
    const k = labelKey(h);
    const field = mapped.has(k) ? spec.fields.find((f) => f.field === mapped.get(k)) ?? null : byLabel.get(k) ?? null;
    if (!field || seen.has(field.field)) return null;
    seen.add(field.field);
    return field;
  });
  return { columns, missing: spec.fields.filter((f) => f.required && !seen.has(f.field)) };
}

/** For a CSV without a telling name: the kind whose template headers match best (most required fields). */
export function guessKind(headers: string[], mapping?: ColumnMapping): SheetKind | null {
  let best: { kind: SheetKind; score: number } | null = null;
  for (const spec of TEMPLATE) {
    const { columns, missing } = resolveHeaders(spec, headers, mapping?.[spec.kind]);
    if (missing.length) continue;
    const score = columns.filter(Boolean).length / spec.fields.length;
    if (!best || score > best.score) best = { kind: spec.kind, score };
  }
  return best?.kind ?? null;
}
