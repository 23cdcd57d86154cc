import { toPortfolioQuery } from "@/lib/open-data/params";
import { apiRoute, CACHE_SHORT, parseQuery, preflightResponse, streamResponse } from "@/lib/server/api-http";
import { csvDownload, jsonDownload, xlsxDownload } from "@/lib/server/downloads";
import { publicOriginOf } from "@/lib/server/request-origin";
import { downloadParams } from "@/lib/validations/open-data";

// GET /api/v1/downloads/projects?format=csv|xlsx|json&…filters: every project of the search (not a
// page), streamed. The portfolio page links here with its current filters.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(downloadParams, new URL(request.url));
  const query = toPortfolioQuery(params);
  const locale = params.locale ?? "ko";
  const name = `keit-projects-${new Date().toISOString().slice(0, 10)}`;
  switch (params.format) {
    case "csv":
      return streamResponse(csvDownload(query, locale, publicOriginOf(request)), "text/csv; charset=utf-8", `${name}.csv`, CACHE_SHORT);
    case "xlsx":
      return streamResponse(xlsxDownload(query, locale, publicOriginOf(request)), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `${name}.xlsx`, CACHE_SHORT);
    case "json":
      return streamResponse(jsonDownload(query, locale), "application/json; charset=utf-8", `${name}.json`, CACHE_SHORT);
  }
});

export const OPTIONS = async () => preflightResponse();
