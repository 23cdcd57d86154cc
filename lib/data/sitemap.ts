import "server-only";
import { db } from "@/lib/db";

// Sitemaps for search engines (/sitemap.xml, app/sitemap.xml/route.ts). At a million projects
// nothing here may read every row: each child sitemap covers a fixed range of ids (a primary-key
// range scan of at most SITEMAP_ID_SPAN rows), and the index only asks which ranges hold anything
// published (one index probe per range). A range keeps its file name as projects are added, so a
// crawler re-reads only the files whose contents changed.

/**
 * Ids per child sitemap. Every project and institution is listed in both languages, so a file has
 * at most 2 × 25,000 = 50,000 URLs, the protocol's limit per file (sitemaps.org).
 */
export const SITEMAP_ID_SPAN = 25_000;

export type SitemapKind = "projects" | "institutions";

export type SitemapEntry = { path: string; lastModified: Date };

/** Public: the numbers of the id ranges of `kind` that hold at least one public row. */
export async function listSitemapChunks(kind: SitemapKind): Promise<number[]> {
  const client = db();
  const rows = kind === "projects"
    ? await client.$queryRaw<{ chunk: number }[]>`
        SELECT c.chunk FROM generate_series(0, (SELECT coalesce(max(id), 0) FROM project) / ${SITEMAP_ID_SPAN}) AS c(chunk)
        WHERE EXISTS (
          SELECT 1 FROM project p
          WHERE p.id >= c.chunk * ${SITEMAP_ID_SPAN} AND p.id < (c.chunk + 1) * ${SITEMAP_ID_SPAN} AND p.publication = 'PUBLISHED')
        ORDER BY c.chunk`
    : await client.$queryRaw<{ chunk: number }[]>`
        SELECT c.chunk FROM generate_series(0, (SELECT coalesce(max(id), 0) FROM institution) / ${SITEMAP_ID_SPAN}) AS c(chunk)
        WHERE EXISTS (
          SELECT 1 FROM participation pa JOIN project p ON p.id = pa.project_id
          WHERE pa.institution_id >= c.chunk * ${SITEMAP_ID_SPAN} AND pa.institution_id < (c.chunk + 1) * ${SITEMAP_ID_SPAN}
            AND p.publication = 'PUBLISHED')
        ORDER BY c.chunk`;
  return rows.map((r) => Number(r.chunk));
}

/**
 * Public: the published projects (or the institutions taking part in a published project) whose
 * id falls in range `chunk`, in id order, with their last modification. Only public rows and the
 * path and date of each: nothing else is read.
 */
export async function listSitemapEntries(kind: SitemapKind, chunk: number): Promise<SitemapEntry[]> {
  if (!Number.isSafeInteger(chunk) || chunk < 0 || chunk * SITEMAP_ID_SPAN > 2_147_483_647) return [];
  const from = chunk * SITEMAP_ID_SPAN;
  const to = from + SITEMAP_ID_SPAN;
  const client = db();
  if (kind === "projects") {
    const rows = await client.$queryRaw<{ slug: string; modified: Date }[]>`
      SELECT slug, updated_at AS modified FROM project
      WHERE id >= ${from} AND id < ${to} AND publication = 'PUBLISHED'
      ORDER BY id`;
    return rows.map((r) => ({ path: `/projects/${encodeURIComponent(r.slug)}`, lastModified: r.modified }));
  }
  // An institution's page shows its published projects, so it changes when they do.
  const rows = await client.$queryRaw<{ id: number; modified: Date }[]>`
    SELECT i.id, greatest(i.updated_at, max(p.updated_at)) AS modified
    FROM institution i
    JOIN participation pa ON pa.institution_id = i.id
    JOIN project p ON p.id = pa.project_id AND p.publication = 'PUBLISHED'
    WHERE i.id >= ${from} AND i.id < ${to}
    GROUP BY i.id
    ORDER BY i.id`;
  return rows.map((r) => ({ path: `/institutions/${r.id}`, lastModified: r.modified }));
}
