import type { z } from "zod";
import type { portfolioFilterParams } from "@/lib/validations/open-data";
import { DEFAULT_QUERY, defaultDirection, SORT_KEYS, type PortfolioQuery, type SortKey } from "@/lib/validations/portfolio-query";

type FilterParams = { [K in keyof typeof portfolioFilterParams]?: z.output<(typeof portfolioFilterParams)[K]> } & { sort?: string };

/** The API's parsed parameters as the portfolio page's query (same filters, search and sorts). */
export function toPortfolioQuery(params: FilterParams): PortfolioQuery {
  const [key, dir] = (params.sort ?? DEFAULT_QUERY.sort).split("-") as [SortKey, ("asc" | "desc")?];
  const sort = (SORT_KEYS as readonly string[]).includes(key) ? key : DEFAULT_QUERY.sort;
  return {
    q: params.q ?? "",
    program: [...new Set(params.program ?? [])],
    area: [...new Set(params.area ?? [])],
    status: [...new Set(params.status ?? [])],
    year: [...new Set(params.year ?? [])],
    instType: [...new Set(params.instType ?? [])],
    sort,
    dir: dir ?? defaultDirection(sort),
    page: 1,
  };
}
