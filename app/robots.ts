import type { MetadataRoute } from "next";
import { robotsRules } from "@/lib/seo/robots";
import { siteUrl } from "@/lib/site-url";

// GET /robots.txt (lib/seo/robots.ts). Read at request time: the origin is configuration.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return robotsRules(siteUrl("/sitemap.xml"));
}
