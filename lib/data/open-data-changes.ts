import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { BadCursorError } from "@/lib/data/open-data";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor } from "@/lib/open-data/cursor";
import type { ApiChange } from "@/lib/validations/open-data";

// The open-data API's change feed (/api/v1/changes): what a mirror follows to stay in step with
// the published portfolio. See docs/decisions/0017-open-data-api.md.

const changeCursorSchema = z.strictObject({ f: z.literal("changes"), t: z.string().regex(/^\d{1,19}$/), i: z.string().regex(/^\d{1,19}$/) });
const EVENTS = { PUBLISHED: "published", UPDATED: "updated", UNPUBLISHED: "unpublished", DELETED: "deleted" } as const;

/**
 * Public: changes of the published portfolio in commit order (by writing transaction, then row).
 * Rows of transactions older than the oldest one still running are held back until it ends, so a
 * reader that follows `nextCursor` never skips a change that commits late. Throws BadCursorError.
 */
export async function listApiChanges(since: Date | null, cursor: string | undefined, limit: number): Promise<{ data: ApiChange[]; nextCursor: string; hasMore: boolean }> {
  let after = { t: 0n, i: 0n };
  if (cursor !== undefined) {
    const parsed = changeCursorSchema.safeParse(decodeCursor(cursor));
    if (!parsed.success) throw new BadCursorError();
    after = { t: BigInt(parsed.data.t), i: BigInt(parsed.data.i) };
  }
  const client = db();
  const sinceSql = since ? Prisma.sql`c.changed_at >= ${since}` : Prisma.sql`TRUE`;
  if (since && cursor === undefined) {
    // Start at the first transaction that wrote since then (changed_at is its start time). Later
    // rows are all listed, even one whose transaction began just before `since`: listing a change
    // twice is harmless to a mirror, missing one is not.
    const [first] = await client.$queryRaw<{ t: bigint | null }[]>`SELECT min(c.txid) AS t FROM publication_change c WHERE ${sinceSql}`;
    if (first?.t != null) after = { t: first.t, i: 0n };
  }
  const rows = await client.$queryRaw<{ id: bigint; txid: bigint; slug: string; kind: keyof typeof EVENTS; changedAt: Date }[]>`
    SELECT c.id, c.txid, c.slug, c.kind::text AS kind, c.changed_at AS "changedAt"
    FROM publication_change c
    WHERE (c.txid, c.id) > (${after.t}::bigint, ${after.i}::bigint)
      AND c.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
    ORDER BY c.txid, c.id
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const position = last ? { t: last.txid, i: last.id } : after;
  return {
    data: page.map((r) => {
      const event = EVENTS[r.kind];
      const tombstone = event === "unpublished" || event === "deleted";
      return { event, slug: r.slug, changedAt: r.changedAt.toISOString(), tombstone, links: { self: tombstone ? null : `/api/v1/projects/${encodeURIComponent(r.slug)}` } };
    }),
    nextCursor: encodeCursor({ f: "changes", t: position.t.toString(), i: position.i.toString() }),
    hasMore: rows.length > limit,
  };
}
