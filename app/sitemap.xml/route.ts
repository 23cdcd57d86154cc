import { listSitemapChunks } from "@/lib/data/sitemap";
import { sitemapIndexXml, type SitemapFile } from "@/lib/seo/sitemap-xml";
import { siteOrigin } from "@/lib/site-url";

// GET /sitemap.xml: the sitemap index. One child for the fixed pages, then one per range of
// project ids and of institution ids that holds anything public (lib/data/sitemap.ts): each child
// stays under the protocol's 50,000 URLs, and the index costs one probe per range at any size.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const [projects, institutions] = await Promise.all([listSitemapChunks("projects"), listSitemapChunks("institutions")]);
  const files: SitemapFile[] = [
    { kind: "pages" },
    ...projects.map((chunk) => ({ kind: "projects" as const, chunk })),
    ...institutions.map((chunk) => ({ kind: "institutions" as const, chunk })),
  ];
  return new Response(sitemapIndexXml(siteOrigin(), files), {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600" },
  });
}
