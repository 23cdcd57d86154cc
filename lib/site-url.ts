import { env } from "@/lib/env";

/**
 * The site's public origin as configured, for absolute URLs in metadata (canonical, hreflang),
 * sitemaps and robots.txt: PUBLIC_ORIGIN, else NEXTAUTH_URL (which `npm start` always gives the
 * server, see defaultAuthUrl in lib/env.ts), else this machine's port. Configuration rather than
 * the request's Host header, so that a cached page names the same origin for every visitor.
 */
export function siteOrigin(): string {
  const e = env();
  return (e.PUBLIC_ORIGIN ?? e.NEXTAUTH_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, "");
}

/** An absolute URL on this site for a path that starts with "/". */
export function siteUrl(path: string): string {
  return `${siteOrigin()}${path}`;
}
