import { BadCursorError } from "@/lib/data/open-data";
import { listApiChanges } from "@/lib/data/open-data-changes";
import { ApiProblem, apiRoute, CACHE_SHORT, jsonResponse, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { changesParams } from "@/lib/validations/open-data";

// GET /api/v1/changes?since=…: published, changed, unpublished and deleted projects in commit
// order, with tombstones, so that a mirror can stay in sync.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(changesParams, new URL(request.url));
  if (params.since === undefined && params.cursor === undefined) throw new ApiProblem(400, "invalid-parameter", "sinceRequired", {}, "since");
  try {
    const since = params.since === undefined ? null : new Date(params.since);
    return jsonResponse(request, await listApiChanges(since, params.cursor, params.limit), CACHE_SHORT);
  } catch (error) {
    if (error instanceof BadCursorError) throw new ApiProblem(400, "invalid-parameter", "badCursor", {}, "cursor");
    throw error;
  }
});

export const OPTIONS = async () => preflightResponse();
