import { listSitemapEntries } from "@/lib/data/sitemap";
import { parseSitemapFileName, STATIC_SITEMAP_PAGES, urlSetXml } from "@/lib/seo/sitemap-xml";
import { siteOrigin } from "@/lib/site-url";

// GET /sitemaps/pages.xml, /sitemaps/projects-<n>.xml, /sitemaps/institutions-<n>.xml: the
// children of /sitemap.xml. Range n holds the ids n × 25,000 to n × 25,000 + 24,999.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const file = parseSitemapFileName((await params).file);
  if (!file) return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const pages = file.kind === "pages" ? STATIC_SITEMAP_PAGES : await listSitemapEntries(file.kind, file.chunk);
  return new Response(urlSetXml(siteOrigin(), pages), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
