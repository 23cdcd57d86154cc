import { getPublishedProject } from "@/lib/data/public-projects";
import { projectRecord } from "@/lib/open-data/serialize";
import { ApiProblem, apiRoute, jsonResponse, parsePath, parseQuery, preflightResponse } from "@/lib/server/api-http";
import { localeParams, slugPath } from "@/lib/validations/open-data";

type Context = { params: Promise<{ slug: string }> };

// GET /api/v1/projects/{slug}: the full public record. Unknown and unpublished give the same 404.
export const GET = apiRoute<Context>(async (request, context) => {
  parseQuery(localeParams, new URL(request.url));
  const { slug } = parsePath(slugPath, await context.params, "project");
  const project = await getPublishedProject(slug);
  if (!project) throw new ApiProblem(404, "not-found", "notFoundDetail", { kind: "project" });
  return jsonResponse(request, projectRecord(project));
});

export const OPTIONS = async () => preflightResponse();
