// Walks the audit trail's hash chain (docs/decisions/0020-audit-hash-chain.md) and reports the
// first entry that was changed, removed or inserted out of order. The canonical content is
// computed here with our own copy of the expression (not the database's function, which whoever
// edits rows could also replace) and hashed in Node. Reads only: the app's role may run it.
import { createHash } from "node:crypto";
import pg from "pg";

export const GENESIS_HASH = "0".repeat(64);

export type ChainProblem = {
  kind: "changed" | "removed" | "out-of-order" | "unchained" | "head" | "anchor";
  /** audit_log.id of the entry concerned (null when the entry is gone). */
  entryId: string | null;
  /** Its position in the chain. */
  seq: string | null;
  message: string;
};

export type Anchor = { seq: string; hash: string };

export type ChainReport = { ok: boolean; entries: number; head: Anchor; problem: ChainProblem | null };

/** The same canonical content as the trigger's audit_log_canonical(): keep the two in step. */
const CANONICAL = `jsonb_build_array(
    e.chain_seq, e.id, (extract(epoch FROM e.at) * 1000)::bigint, e.actor_id, e.actor_email, e.ip,
    e.action, e.outcome::text, e.entity_type, e.entity_id, e.project_id, e.before, e.after, e.reason,
    e.prev_hash
  )::text`;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Verifies the whole chain (in pages of 5,000 entries), and that each anchor is still in it. */
export async function verifyAuditChain(connectionString: string, anchors: Anchor[] = []): Promise<ChainReport> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const fail = (entries: number, head: Anchor, problem: ChainProblem): ChainReport => ({ ok: false, entries, head, problem });
    const { rows: unchained } = await client.query<{ id: string }>("SELECT id::text FROM audit_log WHERE chain_seq IS NULL OR hash IS NULL ORDER BY id LIMIT 1");
    const { rows: headRows } = await client.query<{ seq: string; hash: string }>("SELECT seq::text, hash FROM audit_chain_head WHERE id = 1");
    const head = headRows[0] ?? { seq: "0", hash: GENESIS_HASH };
    if (unchained[0]) {
      return fail(0, head, { kind: "unchained", entryId: unchained[0].id, seq: null, message: `entry #${unchained[0].id} is outside the hash chain: it was inserted with the chain's trigger switched off` });
    }
    const wanted = new Map(anchors.map((a) => [a.seq, a.hash]));
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let prevId: string | null = null;
    let entries = 0;
    for (;;) {
      const { rows } = await client.query<{ id: string; seq: string; prev_hash: string; hash: string; canonical: string }>(
        `SELECT e.id::text, e.chain_seq::text AS seq, e.prev_hash, e.hash, ${CANONICAL} AS canonical
           FROM audit_log e WHERE e.chain_seq >= $1 ORDER BY e.chain_seq LIMIT 5000`,
        [expectedSeq.toString()],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        const seq = BigInt(row.seq);
        if (seq !== expectedSeq) {
          const missing = seq - expectedSeq === 1n ? `${expectedSeq}` : `${expectedSeq}–${seq - 1n}`;
          return fail(entries, head, { kind: "removed", entryId: row.id, seq: row.seq, message: `entry #${missing} of the chain ${seq - expectedSeq === 1n ? "was" : "were"} removed (between entry #${prevId ?? "(start)"} and entry #${row.id})` });
        }
        if (row.prev_hash !== prevHash) {
          return fail(entries, head, { kind: "out-of-order", entryId: row.id, seq: row.seq, message: `entry #${row.id} (chain position ${row.seq}) does not follow ${prevId ? `entry #${prevId}` : "the start of the chain"}: an entry before it was removed, replaced or inserted out of order` });
        }
        if (sha256(row.canonical) !== row.hash) {
          return fail(entries, head, { kind: "changed", entryId: row.id, seq: row.seq, message: `entry #${row.id} (chain position ${row.seq}) was changed after it was written: its content no longer matches its hash` });
        }
        const anchored = wanted.get(row.seq);
        if (anchored !== undefined && anchored !== row.hash) {
          return fail(entries, head, { kind: "anchor", entryId: row.id, seq: row.seq, message: `entry #${row.id} (chain position ${row.seq}) differs from the anchor taken earlier: the chain was rewritten up to here` });
        }
        wanted.delete(row.seq);
        prevHash = row.hash;
        prevId = row.id;
        expectedSeq = seq + 1n;
        entries++;
      }
    }
    const last = (expectedSeq - 1n).toString();
    if (head.seq !== last || head.hash !== prevHash) {
      return fail(entries, head, { kind: "removed", entryId: null, seq: head.seq, message: `the chain ends at position ${last}, but ${head.seq} entries were written: the last ${BigInt(head.seq) - BigInt(last)} entries were removed` });
    }
    const gone = [...wanted.keys()][0];
    if (gone !== undefined) {
      return fail(entries, head, { kind: "anchor", entryId: null, seq: gone, message: `chain position ${gone} of an earlier anchor is no longer in the chain` });
    }
    return { ok: true, entries, head: { seq: last, hash: prevHash }, problem: null };
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end();
  }
}

/** Anchor lines as the script writes them: `<ISO time> <seq> <hash>`; other lines are ignored. */
export function parseAnchors(text: string): Anchor[] {
  return text.split("\n").map((line) => line.trim().split(/\s+/)).filter((parts) => parts.length >= 3 && /^\d+$/.test(parts[1]!) && /^[0-9a-f]{64}$/.test(parts[2]!)).map((parts) => ({ seq: parts[1]!, hash: parts[2]! }));
}
