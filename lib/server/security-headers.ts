// Security by default, for proxy.ts: the per-request Content-Security-Policy and the same-origin
// rule for state-changing requests. Pure functions (no Next.js imports) so that unit tests cover
// them. See docs/decisions/0009-security-headers.md.

/** 128 random bits, base64: a fresh nonce for every HTML response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The page CSP. Next.js reads the nonce from this header on the request and puts it on its own
 * scripts (bootstrap, RSC payload, chunks); 'strict-dynamic' lets those load the rest, so no host
 * list is needed and 'self' only matters to browsers without CSP 3.
 * - style-src: our CSS is same-origin files; Next puts the nonce on any <style> it inlines.
 *   style-src-attr 'unsafe-inline' admits style="" attributes only (app/global-error.tsx renders
 *   without our stylesheet and styles itself that way); it cannot run script or add selectors.
 * - In development only: 'unsafe-eval' (React rebuilds server error stacks with eval) and inline
 *   <style> without a nonce (the dev overlay and tools inject them). A nonce would make browsers
 *   ignore 'unsafe-inline', so development has no style nonce.
 */
export function contentSecurityPolicy(nonce: string, options: { isDev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.isDev ? " 'unsafe-eval'" : ""}`,
    options.isDev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
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
