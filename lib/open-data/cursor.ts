import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// Opaque cursors of the open-data API: base64url(JSON) + "." + a truncated HMAC of it. The HMAC
// makes a cursor that this server did not hand out (edited, forged, or from another query) a 400,
// not a silent jump to an arbitrary place. See docs/decisions/0017-open-data-api.md.

const CONTEXT = "keit-open-data-cursor-v1";
let processKey: Buffer | null = null;

function key(): Buffer {
  // NEXTAUTH_SECRET is set for every server the start scripts launch, so cursors survive restarts
  // and work across processes; without it (unit tests) a per-process key is enough.
  const secret = env().NEXTAUTH_SECRET;
  if (secret) return createHmac("sha256", secret).update(CONTEXT).digest();
  processKey ??= randomBytes(32);
  return processKey;
}

function sign(payload: string): string {
  return createHmac("sha256", key()).update(payload).digest("base64url").slice(0, 22);
}

export function encodeCursor(value: unknown): string {
  const payload = Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The cursor's content when it is one of ours, otherwise null. */
export function decodeCursor(cursor: string): unknown {
  const match = /^([A-Za-z0-9_-]{1,1200})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (!match) return null;
  const [, payload = "", mac = ""] = match;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}
