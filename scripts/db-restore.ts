// `npm run db:restore -- --in FILE`: restores a backup made by `npm run db:backup` into the empty
// database at DATABASE_URL (created when it does not exist), or into the embedded database when it
// is empty. Applies the backup's migrations, loads the rows, then the migrations added since.
import path from "node:path";
import { parseArgs } from "node:util";
import { startConfig } from "@/lib/env";
import { restoreDatabase } from "../prisma/backup";
import { onOperatorDatabase, runOperatorCommand } from "./operator-command";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { in: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help || !values.in) {
    console.error("Usage: DATABASE_URL=postgresql://…/new_empty_database npm run db:restore -- --in backups/keit-….keitbackup.gz");
    return values.help ? 0 : 2;
  }
  const checked = startConfig();
  if (!checked.ok) {
    console.error(checked.problem);
    return 1;
  }
  const file = path.resolve(values.in);
  return onOperatorDatabase(checked.config.DATABASE_URL, async (url) => {
    const started = Date.now();
    const result = await restoreDatabase(url, file);
    console.log(
      `Restored ${result.tables} tables, ${result.rows.toLocaleString("en")} rows and ${result.restoredMigrations} migrations in ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s` +
        (result.appliedSince.length ? `; then applied the newer migrations ${result.appliedSince.join(", ")}.` : "."),
    );
    return 0;
  });
}

runOperatorCommand(main, "Restore failed");
