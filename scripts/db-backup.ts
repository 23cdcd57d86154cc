// `npm run db:backup -- [--out FILE]`: a consistent backup of DATABASE_URL (or of the embedded
// database of `npm start`) while the app keeps running and writing, into a gzip file
// (default: backups/keit-<UTC time>.keitbackup.gz). See prisma/backup.ts and docs/operations.md.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startConfig } from "@/lib/env";
import { backupDatabase } from "../prisma/backup";
import { onOperatorDatabase, runOperatorCommand } from "./operator-command";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help) {
    console.log("Usage: npm run db:backup -- [--out backups/keit.keitbackup.gz]   (DATABASE_URL, or the embedded database)");
    return 0;
  }
  const checked = startConfig();
  if (!checked.ok) {
    console.error(checked.problem);
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const file = path.resolve(values.out ?? path.join("backups", `keit-${stamp}.keitbackup.gz`));
  await mkdir(path.dirname(file), { recursive: true });
  return onOperatorDatabase(checked.config.DATABASE_URL, async (url) => {
    const started = Date.now();
    const result = await backupDatabase(url, file);
    console.log(
      `Backup written to ${path.relative(process.cwd(), result.file) || result.file}: ${result.tables} tables, ` +
        `${result.rows.toLocaleString("en")} rows, ${result.migrations} migrations, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    return 0;
  });
}

runOperatorCommand(main, "Backup failed");
