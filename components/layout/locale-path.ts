import { routing } from "@/lib/i18n/routing";

const prefix = new RegExp(`^/(?:${routing.locales.join("|")})(?=/|$)`);

/** A pathname without its language segment: "/ko/projects/x" → "/projects/x", "/en" → "/". */
export function pathWithoutLocale(pathname: string): string {
  return pathname.replace(prefix, "") || "/";
}

/** "/projects/x" in Korean → "/ko/projects/x"; "/" → "/ko"; "/?q=a" → "/ko?q=a". Other hrefs stay. */
export function localizeHref(href: string, locale: string): string {
  if (!href.startsWith("/") || href.startsWith("//")) return href;
  if (href === "/") return `/${locale}`;
  if (href.startsWith("/?") || href.startsWith("/#")) return `/${locale}${href.slice(1)}`;
  return `/${locale}${href}`;
}
