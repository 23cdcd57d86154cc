import "server-only";
import { headers } from "next/headers";

/** The client's address as the nearest proxy reports it, for the audit trail, sign-in throttling and the API's rate limit. */
export async function clientAddress(): Promise<string | null> {
  return clientAddressOf(await headers());
}

/** The same, from a request's headers (route handlers, and tests that call them directly). */
export function clientAddressOf(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || h.get("x-real-ip") || null)?.slice(0, 64) ?? null;
}
