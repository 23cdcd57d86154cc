import { openApiDocument } from "@/lib/open-data/openapi";
import { apiRoute, jsonResponse, preflightResponse } from "@/lib/server/api-http";

// GET /api/v1/openapi.json: generated from the zod schemas of lib/validations/open-data.ts.
export const GET = apiRoute(async (request) => jsonResponse(request, openApiDocument(), { maxAge: 300 }));

export const OPTIONS = async () => preflightResponse();
