import { BadCursorError, listApiInstitutions } from "@/lib/data/open-data";
import { ApiProblem, apiRoute, jsonResponse, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { pageParams } from "@/lib/validations/open-data";

// GET /api/v1/institutions: institutions taking part in published projects, by id.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(pageParams, new URL(request.url));
  try {
    return jsonResponse(request, await listApiInstitutions(params.limit, params.cursor));
  } catch (error) {
    if (error instanceof BadCursorError) throw new ApiProblem(400, "invalid-parameter", "badCursor", {}, "cursor");
    throw error;
  }
});

export const OPTIONS = async () => preflightResponse();
