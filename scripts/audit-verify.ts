// `npm run audit:verify [-- --anchor-file <path>]`: walks the audit trail's hash chain and names
// the first entry that was changed, removed or inserted out of order; exits 1 if there is one,
// 0 if the chain is whole. With --anchor-file, every anchor already in the file must still be in
// the chain, and the current head is appended to it (keep that file off this server: see
// docs/decisions/0020-audit-hash-chain.md). Uses DATABASE_URL (the app's role is enough), or the
// embedded database of `npm start`.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseAnchors, verifyAuditChain } from "../lib/audit/verify-chain";
import { onOperatorDatabase, runOperatorCommand } from "./operator-command";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "anchor-file": { type: "string" } }, strict: true });
  const anchorFile = values["anchor-file"];
  return onOperatorDatabase(process.env.DATABASE_URL, async (url) => {
    const anchors = anchorFile && existsSync(anchorFile) ? parseAnchors(readFileSync(anchorFile, "utf8")) : [];
    const report = await verifyAuditChain(url, anchors);
    if (!report.ok) {
      console.error(`audit:verify FAILED after ${report.entries} intact entries: ${report.problem?.message}`);
      return 1;
    }
    const line = `${new Date().toISOString()} ${report.head.seq} ${report.head.hash}`;
    console.log(`audit:verify OK: ${report.entries} entries, chain intact${anchors.length ? `, ${anchors.length} earlier anchors still in it` : ""}.`);
    console.log(`anchor: ${line}`);
    if (anchorFile) appendFileSync(anchorFile, `${line}\n`, { mode: 0o600 });
    return 0;
  }, { role: "app" });
}

runOperatorCommand(main, "audit:verify could not run", 2);
