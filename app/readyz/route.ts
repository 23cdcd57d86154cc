import { readiness } from "@/lib/server/readiness";

// GET /readyz: may this server receive traffic? 200 when the database answers and the migrations
// this release ships are applied; otherwise 503 with a short JSON reason (never a stack trace).
// For load balancers and orchestrators (docs/operations.md); excluded from proxy.ts.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const result = await readiness();
  const headers = { "Cache-Control": "no-store" };
  if (result.ready) return Response.json({ status: "ready", migrations: result.migrations, newerMigrations: result.newerMigrations }, { headers });
  return Response.json({ status: "unavailable", reason: result.reason, ...(result.detail ? { detail: result.detail.slice(0, 20) } : {}) }, { status: 503, headers });
}
