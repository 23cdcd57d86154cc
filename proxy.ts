import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { isPublicInstitutionId, isPublishedProjectSlug } from "@/lib/data/public-routes";
import { routing } from "@/lib/i18n/routing";

// Convenience only: adds the language prefix, and sends URLs of unknown or unpublished projects
// and institutions to the server-rendered 404 (see lib/data/public-routes.ts). Pages check again
// themselves; authorization never happens here (house style rule 6).
const intl = createMiddleware(routing);
const DETAIL = /^\/(ko|en)\/(projects|institutions)\/([^/]+)\/?$/;

export default async function proxy(request: NextRequest) {
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

export const config = {
  matcher: "/((?!api|_next|_vercel|fonts|.*\\..*).*)",
};
