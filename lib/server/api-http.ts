import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { env } from "@/lib/env";
import { logUnexpected } from "@/lib/errors";
import en from "@/lib/i18n/messages/en/openData.json";
import ko from "@/lib/i18n/messages/ko/openData.json";
import { clientAddressOf } from "@/lib/server/request-context";
import { LIST_PARAMS } from "@/lib/validations/open-data";

// HTTP for the open-data API (/api/v1): RFC 9457 problem bodies naming the parameter, ETag and
// If-None-Match, public caching, open CORS for GET, and a per-client token bucket.
// See docs/decisions/0017-open-data-api.md.

type ApiLocale = "ko" | "en";
type ProblemKey = keyof typeof en.problems;
const PROBLEM_TYPE_BASE = "/en/developers#problem-";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly kind: "invalid-parameter" | "not-found" | "rate-limited" | "unexpected",
    readonly detailKey: ProblemKey,
    readonly values: Record<string, string | number> = {},
    readonly parameter?: string,
  ) {
    super(`${status} ${kind}: ${detailKey}`);
    this.name = "ApiProblem";
  }
}

export const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "If-None-Match, Accept, Accept-Language",
  "Access-Control-Expose-Headers": "ETag, Retry-After, Content-Disposition, RateLimit-Limit, RateLimit-Remaining",
  "Access-Control-Max-Age": "86400",
};

/** The language of problem messages: `?locale=`, else the first of Accept-Language we speak, else English. */
export function apiLocale(request: Request): ApiLocale {
  const param = new URL(request.url).searchParams.get("locale");
  if (param === "ko" || param === "en") return param;
  const accept = request.headers.get("accept-language")?.toLowerCase() ?? "";
  const first = accept.split(",").map((part) => part.trim().slice(0, 2)).find((code) => code === "ko" || code === "en");
  return first ?? "en";
}

function interpolate(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function problemResponse(problem: ApiProblem, locale: ApiLocale, extraHeaders: Record<string, string> = {}): Response {
  const strings = (locale === "ko" ? ko : en).problems;
  const title = { "invalid-parameter": strings.invalidParameter, "not-found": strings.notFound, "rate-limited": strings.rateLimited, unexpected: strings.unexpected }[problem.kind];
  const values = { ...problem.values };
  if (problem.detailKey === "notFoundDetail") values.kind = values.kind === "institution" ? strings.kindInstitution : strings.kindProject;
  const body = {
    type: `${PROBLEM_TYPE_BASE}${problem.kind}`,
    title,
    status: problem.status,
    detail: interpolate(strings[problem.detailKey], values),
    ...(problem.parameter ? { parameter: problem.parameter } : {}),
  };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { ...CORS_HEADERS, "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store", "Content-Language": locale, ...extraHeaders },
  });
}

// ------------------------------------------------------------------------------------------------
// Parameters

type Issue = z.core.$ZodIssue;

function problemForIssue(issue: Issue): ApiProblem {
  if (issue.code === "unrecognized_keys") {
    return new ApiProblem(400, "invalid-parameter", "unknownParameter", { parameter: issue.keys[0] ?? "" }, issue.keys[0]);
  }
  const parameter = String(issue.path[0] ?? "");
  const at = { parameter };
  switch (issue.code) {
    case "too_small":
    case "too_big": {
      const max = issue.code === "too_big" ? Number(issue.maximum) : 0;
      if (issue.origin === "string" && issue.code === "too_big") return new ApiProblem(400, "invalid-parameter", "tooLong", { ...at, max }, parameter);
      if (issue.origin === "array" && issue.code === "too_big") return new ApiProblem(400, "invalid-parameter", "tooManyValues", { ...at, max }, parameter);
      const range = RANGES[parameter];
      return new ApiProblem(400, "invalid-parameter", "outOfRange", { ...at, min: range?.[0] ?? "", max: range?.[1] ?? "" }, parameter);
    }
    case "invalid_value":
      return new ApiProblem(400, "invalid-parameter", "notOneOf", { ...at, values: issue.values.map(String).join(", ") }, parameter);
    case "invalid_format":
      return new ApiProblem(400, "invalid-parameter", issue.format === "datetime" ? "badDateTime" : "badValue", at, parameter);
    default:
      return new ApiProblem(400, "invalid-parameter", "badValue", at, parameter);
  }
}

const RANGES: Record<string, [number, number]> = { limit: [1, 100], year: [1990, 2100], program: [1, 2_147_483_647], id: [1, 2_147_483_647] };

/**
 * Parses the query string with the endpoint's schema: repeatable parameters as arrays, every other
 * one at most once; unknown parameters and bad values are a 400 naming the parameter.
 */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.output<S> {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    if ((LIST_PARAMS as readonly string[]).includes(key)) raw[key] = all;
    else if (all.length > 1) throw new ApiProblem(400, "invalid-parameter", "repeatedParameter", { parameter: key }, key);
    else raw[key] = all[0] ?? "";
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw issue ? problemForIssue(issue) : new ApiProblem(400, "invalid-parameter", "badValue", { parameter: "" });
  }
  return parsed.data;
}

export function parsePath<S extends z.ZodType>(schema: S, params: Record<string, string>, notFound: "project" | "institution"): z.output<S> {
  const parsed = schema.safeParse(params);
  // A malformed id is as unknown as a missing one: the same 404.
  if (!parsed.success) throw new ApiProblem(404, "not-found", "notFoundDetail", { kind: notFound });
  return parsed.data;
}

// ------------------------------------------------------------------------------------------------
// Rate limit: a token bucket per client address, in this process (decision 0017). Each process of
// a multi-server deployment counts for itself; a shared limit belongs in the reverse proxy.

type Bucket = { tokens: number; at: number };
const buckets = new Map<string, Bucket>();

/** Seconds to wait when the client has no token left, otherwise null (and a token is taken). */
export function takeToken(client: string, perMinute: number, now = Date.now()): { retryAfter: number | null; remaining: number } {
  if (perMinute <= 0) return { retryAfter: null, remaining: Number.POSITIVE_INFINITY };
  const rate = perMinute / 60_000;
  const bucket = buckets.get(client) ?? { tokens: perMinute, at: now };
  bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * rate);
  bucket.at = now;
  buckets.delete(client);
  buckets.set(client, bucket); // most recently used last, so the sweep below drops idle clients first
  if (buckets.size > 50_000) {
    for (const key of buckets.keys()) {
      buckets.delete(key);
      if (buckets.size <= 40_000) break;
    }
  }
  if (bucket.tokens < 1) return { retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)), remaining: 0 };
  bucket.tokens -= 1;
  return { retryAfter: null, remaining: Math.floor(bucket.tokens) };
}

/** For tests: forget every client's bucket. */
export function resetRateLimits(): void {
  buckets.clear();
}

// ------------------------------------------------------------------------------------------------
// Responses

export type CachePolicy = { maxAge: number };
export const CACHE_DEFAULT: CachePolicy = { maxAge: 60 };
export const CACHE_SHORT: CachePolicy = { maxAge: 10 };

function cacheControl(policy: CachePolicy): string {
  return `public, max-age=${policy.maxAge}, stale-while-revalidate=${policy.maxAge * 5}`;
}

/** JSON with a strong ETag of its bytes; a matching If-None-Match gets 304 with no body. */
export function jsonResponse(request: Request, body: unknown, policy: CachePolicy = CACHE_DEFAULT, extraHeaders: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 32)}"`;
  const headers = { ...CORS_HEADERS, ETag: etag, "Cache-Control": cacheControl(policy), Vary: "Accept-Language", ...extraHeaders };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(request.method === "HEAD" ? null : text, { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}

/** A streamed download: no ETag (the body is produced while it is sent). */
export function streamResponse(stream: ReadableStream<Uint8Array>, contentType: string, filename: string | null, policy: CachePolicy = CACHE_DEFAULT): Response {
  const headers: Record<string, string> = { ...CORS_HEADERS, "Content-Type": contentType, "Cache-Control": cacheControl(policy), "X-Accel-Buffering": "no" };
  if (filename) headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response(stream, { status: 200, headers });
}

export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps a route handler: the rate limit first, then the handler; an ApiProblem becomes its problem
 * response, anything else a 500 problem with a reference id (logged with its stack, never shown).
 */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    const locale = apiLocale(request);
    const perMinute = env().API_RATE_LIMIT_PER_MINUTE;
    const client = clientAddressOf(request.headers) ?? "unknown";
    const { retryAfter, remaining } = takeToken(client, perMinute);
    const limitHeaders: Record<string, string> = perMinute > 0 ? { "RateLimit-Limit": String(perMinute), "RateLimit-Remaining": String(remaining) } : {};
    if (retryAfter !== null) {
      return problemResponse(new ApiProblem(429, "rate-limited", "rateLimitedDetail", { seconds: retryAfter }), locale, { ...limitHeaders, "Retry-After": String(retryAfter) });
    }
    try {
      const response = await handler(request, context);
      for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
      return response;
    } catch (error) {
      if (error instanceof ApiProblem) return problemResponse(error, locale, limitHeaders);
      const reference = logUnexpected(error, `GET ${new URL(request.url).pathname}`);
      return problemResponse(new ApiProblem(500, "unexpected", "unexpectedDetail", { reference }), locale, limitHeaders);
    }
  };
}
