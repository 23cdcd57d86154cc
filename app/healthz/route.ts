// GET /healthz: the process is alive and serving. No database call, so that a database outage
// does not make an orchestrator restart healthy app servers (that is what /readyz is for).
// Outside the locale routes and excluded from proxy.ts: no sign-in redirect, no CSP work.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}

export function HEAD(): Response {
  return new Response(null, { headers: { "Cache-Control": "no-store" } });
}
