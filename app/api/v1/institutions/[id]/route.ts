import { BadCursorError, getApiInstitution } from "@/lib/data/open-data";
import { ApiProblem, apiRoute, jsonResponse, parsePath, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { institutionIdPath, pageParams } from "@/lib/validations/open-data";

type Context = { params: Promise<{ id: string }> };

// GET /api/v1/institutions/{id}: the institution and a page of its published projects.
export const GET = apiRoute<Context>(async (request, context) => {
  const params = parseQuery(pageParams, new URL(request.url));
  const { id } = parsePath(institutionIdPath, await context.params, "institution");
  try {
    const institution = await getApiInstitution(id, params.limit, params.cursor);
    if (!institution) throw new ApiProblem(404, "not-found", "notFoundDetail", { kind: "institution" });
    return jsonResponse(request, institution);
  } catch (error) {
    if (error instanceof BadCursorError) throw new ApiProblem(400, "invalid-parameter", "badCursor", {}, "cursor");
    throw error;
  }
});

export const OPTIONS = async () => preflightResponse();
