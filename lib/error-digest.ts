// The digest Next.js gives a server error: the reference shown on the error pages and found in the
// server's log (lib/errors.ts logUnexpected). Pure, so both client error boundaries can use it.
export function digestOf(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "digest" in error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.length > 0) return digest;
  }
  return undefined;
}
