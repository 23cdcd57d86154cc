import "server-only";
import { headers } from "next/headers";

/** The client's address as the nearest proxy reports it, for the audit trail and sign-in throttling. */
export async function clientAddress(): Promise<string | null> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return (forwarded || h.get("x-real-ip") || null)?.slice(0, 64) ?? null;
}
