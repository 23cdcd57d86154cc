import "server-only";
import { getMessages } from "next-intl/server";

// Client components receive only the namespaces they use: public pages must not carry the
// workspace's strings (nor their size) in their payload.
export const PUBLIC_CLIENT_NAMESPACES = ["layout", "auth", "validation"] as const;
export const WORKSPACE_CLIENT_NAMESPACES = [...PUBLIC_CLIENT_NAMESPACES, "enums", "evaluation", "manage", "structure", "users", "errors", "grants", "import", "notifications", "account"] as const;

export async function clientMessages(namespaces: readonly string[]): Promise<Record<string, unknown>> {
  const all = (await getMessages()) as Record<string, unknown>;
  return Object.fromEntries(namespaces.filter((n) => n in all).map((n) => [n, all[n]]));
}
