import { apiRoute, parseQuery, preflightResponse, streamResponse } from "@/lib/server/api-http";
import { threeSixtyGivingDownload } from "@/lib/server/downloads";
import { publicOriginOf } from "@/lib/server/request-origin";
import { localeParams } from "@/lib/validations/open-data";

// GET /api/v1/360giving.json: the published portfolio as a 360Giving Data Standard 1.4 package
// (docs/decisions/0016-360giving-mapping.md), streamed.
export const GET = apiRoute(async (request) => {
  const params = parseQuery(localeParams, new URL(request.url));
  return streamResponse(threeSixtyGivingDownload(params.locale ?? "ko", publicOriginOf(request)), "application/json; charset=utf-8", null, { maxAge: 300 });
});

export const OPTIONS = async () => preflightResponse();
