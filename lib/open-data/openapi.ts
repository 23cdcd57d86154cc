import { z } from "zod";
import { createDocument } from "zod-openapi";
import {
  changeListSchema, changesParams, downloadParams, institutionIdPath, institutionListSchema, institutionSchema, localeParams,
  pageParams, problemSchema, projectListParams, projectListSchema, projectSchema, slugPath, statisticsParams, statisticsSchema,
} from "@/lib/validations/open-data";

// The OpenAPI 3.1 document of /api/v1, generated from the very zod schemas that validate the
// parameters and shape the responses (lib/validations/open-data.ts). Nothing here restates a schema.

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });
const json = (description: string, schema: z.ZodType) => ({
  description,
  headers: { ETag: { description: "Send it back in If-None-Match: an unchanged response is a 304.", schema: { type: "string" as const } } },
  content: { "application/json": { schema } },
});
const common = {
  304: { description: "Not modified (If-None-Match matched the ETag)." },
  429: { ...problem("Too many requests from this client; see Retry-After."), headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" as const } } } },
};

let cached: ReturnType<typeof createDocument> | null = null;

export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "KEIT R&D portfolio open data API",
      version: "1.0.0",
      description:
        "The published portfolio of KEIT-funded industrial R&D projects. Published data only. Won amounts are strings of digits " +
        "with their currency (`null` when unknown, never 0); dates are as precise as published. Paging uses opaque cursors. " +
        "Human documentation: /ko/developers and /en/developers.",
    },
    servers: [{ url: "/" }],
    paths: {
      "/api/v1/projects": {
        get: {
          operationId: "listProjects",
          summary: "Search published projects",
          description: "The portfolio page's filters, search and sorts, with the same parameter names; cursor paging over the whole result set.",
          requestParams: { query: projectListParams },
          responses: { 200: json("A page of projects.", projectListSchema), 400: problem("A bad parameter (named in `parameter`)."), ...common },
        },
      },
      "/api/v1/projects/{slug}": {
        get: {
          operationId: "getProject",
          summary: "The full public record of a project",
          requestParams: { path: slugPath, query: localeParams },
          responses: { 200: json("The project.", projectSchema), 400: problem("A bad parameter."), 404: problem("No published project with this slug."), ...common },
        },
      },
      "/api/v1/institutions": {
        get: {
          operationId: "listInstitutions",
          summary: "Institutions taking part in published projects",
          requestParams: { query: pageParams },
          responses: { 200: json("A page of institutions.", institutionListSchema), 400: problem("A bad parameter."), ...common },
        },
      },
      "/api/v1/institutions/{id}": {
        get: {
          operationId: "getInstitution",
          summary: "An institution with its published projects",
          requestParams: { path: institutionIdPath, query: pageParams },
          responses: { 200: json("The institution.", institutionSchema), 400: problem("A bad parameter."), 404: problem("No institution with published projects has this id."), ...common },
        },
      },
      "/api/v1/statistics": {
        get: {
          operationId: "getStatistics",
          summary: "Aggregates of the published portfolio",
          requestParams: { query: statisticsParams },
          responses: { 200: json("The aggregates.", statisticsSchema), 400: problem("A bad parameter."), ...common },
        },
      },
      "/api/v1/changes": {
        get: {
          operationId: "listChanges",
          summary: "Changes since a time, with tombstones",
          description: "Every published project created, changed, unpublished or deleted since `since`, in commit order. Follow `nextCursor`; keep the last one to poll later.",
          requestParams: { query: changesParams },
          responses: { 200: json("A page of changes.", changeListSchema), 400: problem("A bad parameter."), ...common },
        },
      },
      "/api/v1/downloads/projects": {
        get: {
          operationId: "downloadProjects",
          summary: "Download every project of a search",
          description: "The whole result set (not a page), streamed: CSV (UTF-8 with BOM), XLSX (projects, consortium, funding and milestone sheets) or JSON (an array of full project records).",
          requestParams: { query: downloadParams },
          responses: {
            200: {
              description: "The file.",
              content: {
                "text/csv": { schema: { type: "string" } },
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: { type: "string", contentEncoding: "binary" } },
                "application/json": { schema: z.array(projectSchema) },
              },
            },
            400: problem("A bad parameter."),
            429: common[429],
          },
        },
      },
      "/api/v1/360giving.json": {
        get: {
          operationId: "get360Giving",
          summary: "The published portfolio as a 360Giving Data Standard package (1.4)",
          description: "One grant per project with a known government contribution; validates against the standard's JSON schema.",
          requestParams: { query: localeParams },
          responses: { 200: { description: "A 360Giving data package.", content: { "application/json": { schema: { type: "object" } } } }, 400: problem("A bad parameter."), 429: common[429] },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          responses: { 200: { description: "OpenAPI 3.1.", content: { "application/json": { schema: { type: "object" } } } }, ...common },
        },
      },
    },
  });
  return cached;
}
