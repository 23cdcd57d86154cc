// Security by default, for proxy.ts: the per-request Content-Security-Policy and the same-origin
// rule for state-changing requests. Pure functions (no Next.js imports) so that unit tests cover
// them. See docs/decisions/0009-security-headers.md and 0022-page-cache.md.
import { createHash } from "node:crypto";

/** 128 random bits, base64: a fresh nonce for every HTML response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page CSP of a page rendered for one request. Next.js reads the nonce from this header on
 * the request and puts it on its own scripts (bootstrap, RSC payload, chunks); 'strict-dynamic'
 * lets those load the rest, so no host list is needed and 'self' only matters to browsers
 * without CSP 3.
 * - style-src: our CSS is same-origin files; Next puts the nonce on any <style> it inlines.
 *   style-src-attr 'unsafe-inline' admits style="" attributes only (app/global-error.tsx renders
 *   without our stylesheet and styles itself that way); it cannot run script or add selectors.
 * - In development only: 'unsafe-eval' (React rebuilds server error stacks with eval) and inline
 *   <style> without a nonce (the dev overlay and tools inject them). A nonce would make browsers
 *   ignore 'unsafe-inline', so development has no style nonce.
 */
export function contentSecurityPolicy(nonce: string, options: { isDev: boolean }): string {
  return policy(
    `'self' 'nonce-${nonce}' 'strict-dynamic'${options.isDev ? " 'unsafe-eval'" : ""}`,
    options.isDev ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`,
  );
}

/**
 * The page CSP of a page served from the shared page cache (lib/server/page-cache.ts), where one
 * body goes to many visitors and a nonce would be no secret: the SHA-256 of each inline script and
 * <style> of exactly that body, and same-origin script files ('self', no 'strict-dynamic': with
 * it browsers would ignore 'self' and block Next.js's <script src> tags, which carry no hash).
 * No 'unsafe-inline' for scripts or <style> elements. See docs/decisions/0022-page-cache.md.
 */
export function hashedContentSecurityPolicy(hashes: InlineHashes): string {
  const list = (values: string[]) => values.map((h) => ` 'sha256-${h}'`).join("");
  return policy(`'self'${list(hashes.scripts)}`, `'self'${list(hashes.styles)}`);
}

function policy(scriptSources: string, styleSources: string): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSources}`,
    `style-src ${styleSources}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export type InlineHashes = { scripts: string[]; styles: string[] };

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const STYLE = /<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi;
const DATA_BLOCK = /\btype\s*=\s*["']?application\/(ld\+)?json\b/i;

/**
 * Base64 SHA-256 of every inline script and <style> element of an HTML document, as CSP hash
 * sources: the element's text exactly as written (script and style content is raw text in HTML:
 * no character references are decoded), after the HTML parser's newline normalisation (CRLF and
 * CR become LF). Scripts with a src and JSON data blocks need none. Each hash is listed once.
 */
export function inlineHashes(html: string): InlineHashes {
  const digest = (text: string) => createHash("sha256").update(text.replace(/\r\n?/g, "\n"), "utf8").digest("base64");
  const scripts = new Set<string>();
  for (const [, attributes = "", body = ""] of html.matchAll(SCRIPT)) {
    if (/\bsrc\s*=/i.test(attributes) || DATA_BLOCK.test(attributes)) continue;
    scripts.add(digest(body));
  }
  const styles = new Set<string>();
  for (const [, body = ""] of html.matchAll(STYLE)) styles.add(digest(body));
  return { scripts: [...scripts], styles: [...styles] };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * Why a request that could change something must be refused, or null to let it through.
 *
 * Applies to every request that is not GET/HEAD/OPTIONS: server actions (with the Next-Action
 * header from JavaScript, or a multipart form without it), /api/auth/* (sign-in, sign-out) and
 * any route handler added later (a machine-to-machine POST would need its own exemption). Next.js
 * compares Origin with Host for server actions but lets a request WITHOUT Origin through with a
 * warning (next/dist/server/app-render/action-handler.js); browsers always send Origin on POST,
 * so a missing one is a hand-made request and is refused too. Like Next.js, the Origin's host may
 * equal the Host or the first X-Forwarded-Host (a reverse proxy's public host name).
 */
export function crossOriginRefusal(request: { method: string; headers: Headers }): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get("origin");
  if (!origin) return "Refused: a request that changes data must carry an Origin header.";
  const originHost = origin === "null" ? null : hostOf(origin);
  const hosts = [request.headers.get("host"), request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()].filter(Boolean);
  if (!originHost || !hosts.includes(originHost)) return "Refused: the request comes from another site (Origin does not match Host).";
  return null;
}
