import { describe, expect, it } from "vitest";
import { parseSitemapFileName, sitemapFileName, sitemapIndexXml, urlSetXml } from "@/lib/seo/sitemap-xml";

describe("sitemap XML", () => {
  it("round-trips child sitemap names and refuses anything else", () => {
    for (const file of [{ kind: "pages" as const }, { kind: "projects" as const, chunk: 0 }, { kind: "institutions" as const, chunk: 39 }]) {
      expect(parseSitemapFileName(sitemapFileName(file))).toEqual(file);
    }
    for (const bad of ["projects-01.xml", "projects--1.xml", "projects-1.xml.gz", "../pages.xml", "users-0.xml", "projects-1234567.xml"]) {
      expect(parseSitemapFileName(bad)).toBeNull();
    }
  });

  it("escapes URLs and lists each page in both languages with alternates", () => {
    const xml = urlSetXml("https://portfolio.example.kr", [{ path: "/projects/a&b", lastModified: new Date("2026-11-01T00:00:00Z") }]);
    expect(xml).toContain("<loc>https://portfolio.example.kr/ko/projects/a&amp;b</loc><lastmod>2026-11-01T00:00:00.000Z</lastmod>");
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="en" href="https://portfolio.example.kr/en/projects/a&amp;b"/>');
    expect(xml.match(/<url>/g)).toHaveLength(2);
    const index = sitemapIndexXml("https://portfolio.example.kr", [{ kind: "projects", chunk: 3 }]);
    expect(index).toContain("<loc>https://portfolio.example.kr/sitemaps/projects-3.xml</loc>");
  });
});
