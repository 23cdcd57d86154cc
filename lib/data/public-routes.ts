import "server-only";
import { db } from "@/lib/db";

// Existence checks for the proxy. Next.js 16 serves a page that calls notFound() with an empty
// HTML body in production (the 404 appears only after JavaScript runs; vercel/next.js#98954),
// while an unmatched URL gets a server-rendered 404. The proxy therefore sends unknown and
// unpublished project and institution URLs down the unmatched path before the page runs.

/** Public: true only for a published project. */
export async function isPublishedProjectSlug(slug: string): Promise<boolean> {
  if (slug.length === 0 || slug.length > 120 || slug.includes("\u0000")) return false;
  const row = await db().project.findFirst({ where: { slug, publication: "PUBLISHED" }, select: { id: true } });
  return row !== null;
}

/** Public: true only for an institution that takes part in a published project. */
export async function isPublicInstitutionId(id: string): Promise<boolean> {
  if (!/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2_147_483_647) return false;
  const row = await db().participation.findFirst({
    where: { institutionId: Number(id), project: { publication: "PUBLISHED" } },
    select: { id: true },
  });
  return row !== null;
}
