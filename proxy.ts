import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicInstitutionId, isPublishedProjectSlug } from "@/lib/data/public-routes";
import { env } from "@/lib/env";
import { routing } from "@/lib/i18n/routing";
import { badRequestTarget } from "@/lib/server/bad-input";
import { contentSecurityPolicy, createNonce, crossOriginRefusal } from "@/lib/server/security-headers";

// Convenience only: adds the language prefix, and sends URLs of unknown or unpublished projects
// and institutions to the server-rendered 404 (see lib/data/public-routes.ts). Pages check again
// themselves; authorization never happens here (house style rule 6).
const intl = createMiddleware(routing);
const DETAIL = /^\/(ko|en)\/(projects|institutions)\/([^/]+)\/?$/;
const WORKSPACE = /^\/(ko|en)\/(manage|admin)(\/|$)/;
// next-auth's cookie: the __Secure- name when NEXTAUTH_URL is https.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

async function routePage(request: NextRequest): Promise<NextResponse> {
  // Convenience: a workspace URL without any session cookie goes straight to sign-in and back.
  // Whether a cookie is valid is decided by the page (requirePageActor) and the data layer.
  const workspace = WORKSPACE.exec(request.nextUrl.pathname);
  if (workspace && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const path = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    const login = new URL(`/${workspace[1]}/login`, request.url);
    if (path.length <= 500) login.searchParams.set("callbackUrl", path);
    return NextResponse.redirect(login);
  }
  const match = DETAIL.exec(request.nextUrl.pathname);
  if (match) {
    const [, locale, kind, rawKey] = match;
    let key = rawKey ?? "";
    try {
      key = decodeURIComponent(key);
    } catch {
      key = "";
    }
    const exists = kind === "projects" ? await isPublishedProjectSlug(key) : await isPublicInstitutionId(key);
    if (!exists) {
      // An unmatched path renders app/not-found.tsx on the server, with a 404 status.
      const url = request.nextUrl.clone();
      url.pathname = `/${locale}/not-found`;
      const headers = new Headers(request.headers);
      headers.set("X-NEXT-INTL-LOCALE", locale ?? routing.defaultLocale); // what next-intl's getLocale() reads
      return NextResponse.rewrite(url, { request: { headers } });
    }
  }
  // Workspace pages redirect to sign-in with the page they were asked for (lib/server/require-page-actor.ts).
  request.headers.set("x-keit-path", `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 500));
  return intl(request);
}

// Pages, as before; besides them, only the same-origin check (docs/decisions/0009-security-headers.md).
// The health checks (/healthz, /readyz) are no pages: no language prefix, no sign-in, no CSP.
const PAGE = /^\/(?!api|_next|_vercel|fonts|healthz|readyz|.*\..*)/;

export default async function proxy(request: NextRequest) {
  // NUL bytes and invalid UTF-8 never reach a page or the database (scripts/web-server.ts refuses
  // them first; this covers `next start` run directly).
  const raw = new URL(request.url);
  if (badRequestTarget(`${raw.pathname}${raw.search}`)) {
    return new NextResponse("Bad request: the address is not valid.\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // Before anything else: a request that could change data comes from this site (CSRF).
  const refusal = crossOriginRefusal(request);
  if (refusal) return new NextResponse(refusal, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  if (!PAGE.test(request.nextUrl.pathname)) return NextResponse.next();
  // A fresh nonce per page: Next.js reads it from the request's CSP header and puts it on its scripts.
  // A public page that the front server shares from its page cache is sent with a CSP of the
  // hashes of its inline scripts instead (lib/server/page-cache.ts, docs/decisions/0022-page-cache.md).
  const csp = contentSecurityPolicy(createNonce(), { isDev: env().NODE_ENV === "development" });
  request.headers.set("Content-Security-Policy", csp);
  const response = await routePage(request);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    "/((?!api|_next|_vercel|fonts|healthz|readyz|.*\\..*).*)",
    "/api/:path*",
    // A server action can be posted to any path a page answers, dotted ones included.
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
