import { db } from "@/lib/db";
import { assertLocalDatabase } from "./local-database";

/** Empties every table but the migration history and the reference data migrations seed (cost
 * categories), for a test that needs a known state. */
export async function resetDatabase(): Promise<void> {
  assertLocalDatabase(process.env.DATABASE_URL ?? "");
  const client = db();
  const tables = await client.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'cost_category')`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(", ");
  // The audit trail refuses TRUNCATE through a trigger; a local superuser may switch triggers off
  // for this one statement's transaction to wipe a throw-away database.
  await client.$transaction([
    client.$executeRawUnsafe("SET LOCAL session_replication_role = replica"),
    client.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`),
    // The audit hash chain starts again from its genesis (docs/decisions/0020-audit-hash-chain.md).
    client.$executeRawUnsafe(`INSERT INTO "audit_chain_head" (id, seq, hash) VALUES (1, 0, repeat('0', 64))`),
  ]);
}
