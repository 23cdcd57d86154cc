// NUL bytes and invalid UTF-8 in a URL (path or query) are refused with 400 before any page,
// route handler or database sees them: PostgreSQL rejects NUL in text, which used to surface as
// a 500 (`/ko/projects/%00`, issue 9 finding 6). Used by scripts/web-server.ts and proxy.ts.
// Pure; no Next.js.

const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** The bytes a percent-encoded string stands for (a `%` without two hex digits is itself). */
function percentBytes(value: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "%" && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...encoder.encode(c));
    }
  }
  return Uint8Array.from(bytes);
}

/** Why a request target (path and query as sent) is refused, or null when it is fine. */
export function badRequestTarget(target: string): "nul" | "encoding" | null {
  if (/[\ud800-\udfff]/.test(target.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ""))) return "encoding";
  let decoded: string;
  try {
    decoded = utf8.decode(percentBytes(target));
  } catch {
    return "encoding"; // a byte sequence that is not UTF-8 (overlong, surrogate, truncated, 0xFF …)
  }
  return decoded.includes("\u0000") ? "nul" : null;
}

/** True when a form value or parameter may be stored (no NUL byte). */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000");
}
