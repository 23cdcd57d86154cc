import { getApiStatistics } from "@/lib/data/open-data";
import { toPortfolioQuery } from "@/lib/open-data/params";
import { apiRoute, jsonResponse, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { statisticsParams } from "@/lib/validations/open-data";

// GET /api/v1/statistics: the statistics page's aggregates, with the portfolio's filters.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(statisticsParams, new URL(request.url));
  return jsonResponse(request, await getApiStatistics(toPortfolioQuery(params)));
});

export const OPTIONS = async () => preflightResponse();
