import { routing } from "@/lib/i18n/routing";

const prefix = new RegExp(`^/(?:${routing.locales.join("|")})(?=/|$)`);

/** A pathname without its language segment: "/ko/projects/x" → "/projects/x", "/en" → "/". */
export function pathWithoutLocale(pathname: string): string {
  return pathname.replace(prefix, "") || "/";
}
