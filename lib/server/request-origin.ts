import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";

/**
 * The site's public origin for canonical links and JSON-LD: PUBLIC_ORIGIN, else the request's
 * host and protocol as scripts/web-server.ts established them under TRUSTED_PROXY_HOPS (with the
 * default 0 a client's X-Forwarded-Host is discarded there and the Host header is used).
 */
export async function requestOrigin(): Promise<string> {
  const configured = env().PUBLIC_ORIGIN;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

/** The same for a route handler's request (also when a test calls the handler directly). */
export function publicOriginOf(request: Request): string {
  const configured = env().PUBLIC_ORIGIN;
  if (configured) return configured.replace(/\/$/, "");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  return host ? `${proto}://${host}` : new URL(request.url).origin;
}
