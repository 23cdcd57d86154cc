import type { MetadataRoute } from "next";
import { routing } from "@/lib/i18n/routing";

// What crawlers may read: the public pages and the sitemap. The workspace, sign-in and setup
// pages, and the API's bulk endpoints (whole-portfolio downloads, the 360Giving file, the change
// feed), which a crawler would fetch over and over for nothing, are excluded; so are the API's
// private routes.
export const ROBOTS_DISALLOWED_PAGES = ["/manage", "/admin", "/login", "/setup"] as const;
export const ROBOTS_DISALLOWED_API = [
  "/api/v1/downloads/", "/api/v1/360giving.json", "/api/v1/changes", "/api/auth/", "/api/admin/", "/api/imports", "/api/compare",
] as const;

export function robotsRules(sitemapUrl: string): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      disallow: [...routing.locales.flatMap((l) => ROBOTS_DISALLOWED_PAGES.map((p) => `/${l}${p}`)), ...ROBOTS_DISALLOWED_API],
    },
    sitemap: sitemapUrl,
  };
}
