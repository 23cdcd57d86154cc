import "server-only";
import { headers } from "next/headers";

// The client's address and the request id, as scripts/web-server.ts established them. It
// replaces X-Forwarded-For by the one address TRUSTED_PROXY_HOPS allows (the socket's by default,
// lib/server/trusted-proxy.ts), so what a client writes there never reaches the audit trail or
// the sign-in throttle. Other helpers that need the address (rate limits) call clientAddress().

/** The canonical X-Forwarded-For of a request's headers (one address), or null. */
export function addressFromHeaders(get: (name: string) => string | null | undefined): string | null {
  const value = get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return value && /^[0-9A-Fa-f:.]{2,45}$/.test(value) ? value : null;
}

/** The client's address for the audit trail, sign-in throttling and rate limits. */
export async function clientAddress(): Promise<string | null> {
  const h = await headers();
  return addressFromHeaders((name) => h.get(name));
}

/** The id of this request (proxy.ts sets it; shown on the error page, written on every log line). */
export async function requestId(): Promise<string | null> {
  const h = await headers();
  return h.get("x-request-id");
}

/** The same address, from a request's headers (route handlers, and tests that call them directly). */
export function clientAddressOf(h: Headers): string | null {
  return addressFromHeaders((name) => h.get(name));
}
