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
