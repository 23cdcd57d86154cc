import { BadCursorError, listApiProjects } from "@/lib/data/open-data";
import { toPortfolioQuery } from "@/lib/open-data/params";
import { ApiProblem, apiRoute, jsonResponse, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { projectListParams } from "@/lib/validations/open-data";

// GET /api/v1/projects: the portfolio search as JSON, paged by an opaque keyset cursor.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(projectListParams, new URL(request.url));
  const query = toPortfolioQuery(params);
  try {
    const page = await listApiProjects({ query, locale: params.locale ?? "ko" }, params.limit, params.cursor);
    return jsonResponse(request, page);
  } catch (error) {
    if (error instanceof BadCursorError) throw new ApiProblem(400, "invalid-parameter", "badCursor", {}, "cursor");
    throw error;
  }
});

export const OPTIONS = async () => preflightResponse();
