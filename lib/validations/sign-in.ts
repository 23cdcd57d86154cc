import { z } from "zod";

// Sign-in form: shared by the form and the credentials provider. Message values are keys of the
// `auth` message namespace.
export const signInSchema = z.object({
  email: z.string().trim().min(1, "emailRequired").max(254, "emailTooLong").email("emailInvalid"),
  password: z.string().min(1, "passwordRequired").max(200, "passwordTooLong"),
});

export type SignInInput = z.infer<typeof signInSchema>;

const APP_PATH = /^\/(ko|en)(?=[/?#]|$)/;
const BASE = "http://same-origin.invalid";

/**
 * Where to go after signing in: only a path of this app (`/ko…`, `/en…`) on this origin, judged
 * AFTER normalisation (dot segments, percent-encoded dots, tabs), on exactly the string that is
 * returned; anything else gives `fallback`. `/./​/evil.example`, `/..//evil.example` and
 * `/ko/..//evil.example` all normalise to `//evil.example` and are refused.
 */
export function safeCallbackPath(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 500) return fallback;
  // Control characters (the URL parser silently drops tabs and newlines), backslashes (browsers
  // read them as slashes) and anything that is not a path are refused before parsing.
  if (!value.startsWith("/") || value.includes("\\") || /[\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || url.username || url.password) return fallback;
  const path = url.pathname;
  if (!APP_PATH.test(path) || path.startsWith("//")) return fallback;
  // Encoded slashes, backslashes or control characters that a later decoding (a proxy, a
  // browser) could turn into another origin: refuse them in every decoding up to three deep.
  let decoded = path;
  for (let depth = 0; depth < 3; depth++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next.includes("\\") || /[\u0000-\u001f\u007f]/.test(next) || /\/\/|\/\.{1,2}(\/|$)/.test(next)) return fallback;
    if (next === decoded) break;
    decoded = next;
  }
  const result = `${path}${url.search}${url.hash}`;
  // The returned string, parsed again, must stay on this origin and in this app.
  const again = new URL(result, BASE);
  return again.origin === BASE && APP_PATH.test(again.pathname) && again.pathname === path ? result : fallback;
}
