// The sitemap protocol (https://www.sitemaps.org/protocol.html) with hreflang alternates
// (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
import { routing } from "@/lib/i18n/routing";

const escapeXml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** A page of the site, by its path without the language prefix ("/" for the portfolio). */
export type SitemapPage = { path: string; lastModified?: Date };

/** The name of a child sitemap, as /sitemaps/<name>.xml: "pages", "projects-0", "institutions-3". */
export type SitemapFile = { kind: "pages" } | { kind: "projects" | "institutions"; chunk: number };

export function sitemapFileName(file: SitemapFile): string {
  return file.kind === "pages" ? "pages.xml" : `${file.kind}-${file.chunk}.xml`;
}

export function parseSitemapFileName(name: string): SitemapFile | null {
  if (name === "pages.xml") return { kind: "pages" };
  const match = /^(projects|institutions)-(0|[1-9][0-9]{0,5})\.xml$/.exec(name);
  if (!match) return null;
  return { kind: match[1] as "projects" | "institutions", chunk: Number(match[2]) };
}

/** A <sitemapindex> of the child sitemaps at `origin`. */
export function sitemapIndexXml(origin: string, files: SitemapFile[]): string {
  const entries = files.map((f) => `<sitemap><loc>${escapeXml(`${origin}/sitemaps/${sitemapFileName(f)}`)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join("\n")}\n</sitemapindex>\n`;
}

/** A <urlset> listing every page in every language, each with its alternates and last change. */
export function urlSetXml(origin: string, pages: SitemapPage[]): string {
  const href = (locale: string, path: string) => escapeXml(`${origin}/${locale}${path === "/" ? "" : path}`);
  const lines: string[] = [];
  for (const page of pages) {
    const alternates = routing.locales.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${href(l, page.path)}"/>`).join("");
    const lastmod = page.lastModified ? `<lastmod>${page.lastModified.toISOString()}</lastmod>` : "";
    for (const locale of routing.locales) lines.push(`<url><loc>${href(locale, page.path)}</loc>${lastmod}${alternates}</url>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${lines.join("\n")}\n</urlset>\n`;
}

/** The public pages that are not a project or an institution. */
export const STATIC_SITEMAP_PAGES: SitemapPage[] = [{ path: "/" }, { path: "/statistics" }, { path: "/developers" }];
