import { z } from "zod";
import { INSTITUTION_TYPES, PROJECT_STATUSES, STRATEGIC_TECH_AREAS } from "@/lib/domain/enums";
import { MAX_QUERY_LENGTH } from "@/lib/search/normalize";

// The public portfolio's URL parameters. A bad parameter never fails the page: it is dropped,
// the page says which one and why (issue codes are translated in the portfolio namespace), and the
// rest of the search still works. The same schema serves the open-data API.

export const SORT_KEYS = ["start", "end", "funding", "title"] as const;
export const PAGE_SIZE = 20;
export const MAX_PAGE = 10_000;

export type SortKey = (typeof SORT_KEYS)[number];
export type PortfolioQuery = {
  q: string;
  program: number[];
  area: (typeof STRATEGIC_TECH_AREAS)[number][];
  status: (typeof PROJECT_STATUSES)[number][];
  year: number[];
  instType: (typeof INSTITUTION_TYPES)[number][];
  sort: SortKey;
  dir: "asc" | "desc";
  page: number;
};

export type QueryIssue = { field: Exclude<keyof PortfolioQuery, "dir">; code: "tooLong" | "invalid" | "outOfRange" };

export function defaultDirection(sort: SortKey): "asc" | "desc" {
  return sort === "title" ? "asc" : "desc";
}

export const DEFAULT_QUERY: PortfolioQuery = {
  q: "", program: [], area: [], status: [], year: [], instType: [], sort: "start", dir: "desc", page: 1,
};

const fields = {
  program: z.coerce.number().int().min(1).max(2_147_483_647),
  area: z.enum(STRATEGIC_TECH_AREAS),
  status: z.enum(PROJECT_STATUSES),
  year: z.coerce.number().int().min(1990).max(2100),
  instType: z.enum(INSTITUTION_TYPES),
} as const;

type Raw = Record<string, string | string[] | undefined>;

function values(raw: Raw, key: string): string[] {
  const v = raw[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function parsePortfolioQuery(raw: Raw): { query: PortfolioQuery; issues: QueryIssue[] } {
  const issues: QueryIssue[] = [];
  const query: PortfolioQuery = { ...DEFAULT_QUERY, program: [], area: [], status: [], year: [], instType: [] };

  const q = values(raw, "q")[0]?.trim() ?? "";
  if (q.length > MAX_QUERY_LENGTH) issues.push({ field: "q", code: "tooLong" });
  else query.q = q;

  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const list = values(raw, key).slice(0, 50);
    const parsed = new Set<string | number>();
    for (const value of list) {
      const result = fields[key].safeParse(value);
      if (result.success) parsed.add(result.data);
      else issues.push({ field: key, code: "invalid" });
    }
    (query[key] as (string | number)[]) = [...parsed];
  }

  // sort=funding or sort=funding-asc; without a direction, titles go A→Z and everything else newest/largest first.
  const sort = values(raw, "sort")[0];
  if (sort !== undefined) {
    const match = /^([a-z]+)(?:-(asc|desc))?$/.exec(sort);
    const key = match?.[1];
    if (match && key && (SORT_KEYS as readonly string[]).includes(key)) {
      query.sort = key as SortKey;
      query.dir = (match[2] as "asc" | "desc" | undefined) ?? defaultDirection(query.sort);
    } else {
      issues.push({ field: "sort", code: "invalid" });
    }
  }
  const page = values(raw, "page")[0];
  if (page !== undefined) {
    const result = z.coerce.number().int().min(1).max(MAX_PAGE).safeParse(page);
    if (result.success) query.page = result.data;
    else issues.push({ field: "page", code: "outOfRange" });
  }
  return { query, issues: dedupe(issues) };
}

function dedupe(issues: QueryIssue[]): QueryIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => !seen.has(`${i.field}:${i.code}`) && seen.add(`${i.field}:${i.code}`));
}

/** The canonical URL parameters of a query (defaults left out), for links and pagination. */
export function toSearchParams(query: PortfolioQuery, overrides: Partial<PortfolioQuery> = {}): URLSearchParams {
  const merged = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (merged.q) params.set("q", merged.q);
  for (const key of ["program", "area", "status", "year", "instType"] as const) {
    for (const v of merged[key]) params.append(key, String(v));
  }
  if (merged.sort !== DEFAULT_QUERY.sort || merged.dir !== defaultDirection(merged.sort)) {
    params.set("sort", merged.dir === defaultDirection(merged.sort) ? merged.sort : `${merged.sort}-${merged.dir}`);
  }
  if (merged.page !== 1) params.set("page", String(merged.page));
  return params;
}
