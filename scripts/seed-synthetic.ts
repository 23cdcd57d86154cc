// `npm run seed:synthetic -- --projects 100000 [--database keit_synthetic]`
// Loads the deterministic synthetic portfolio into its own database (default keit_synthetic on
// the embedded dev server, or DATABASE_URL), together with the published portfolio, so the app
// can be tried at scale: DATABASE_URL=<printed URL> npm start.
import { parseArgs } from "node:util";
import { applyMigrations } from "../prisma/migrate";
import { loadSyntheticPortfolio } from "../prisma/synthetic";
import { startEmbeddedPostgres } from "../prisma/embedded-postgres";
import { ensurePublishedPortfolio } from "../prisma/ensure-seed";

const { values } = parseArgs({ options: { projects: { type: "string", default: "100000" }, database: { type: "string", default: "keit_synthetic" } } });
const projects = Number(values.projects);
if (!Number.isInteger(projects) || projects < 1 || projects > 2_000_000) {
  console.error("--projects must be a whole number from 1 to 2,000,000");
  process.exit(2);
}

async function main() {
  let url = process.env.DATABASE_URL;
  const server = url ? null : await startEmbeddedPostgres("dev", console.log);
  if (server) url = await server.ensureDatabase(values.database ?? "keit_synthetic");
  if (!url) throw new Error("No database URL");
  await applyMigrations(url);
  // Demo accounts only on the embedded database; on DATABASE_URL the first start prints a setup link.
  await ensurePublishedPortfolio(url, { demoAccounts: server !== null });
  const started = Date.now();
  // Its own database (keit_synthetic by default) holds the seed and synthetic data only: the
  // loader may build the secondary indexes once at the end instead of row by row.
  const { loaded, seconds } = await loadSyntheticPortfolio(url, projects, {
    deferIndexes: server !== null,
    log: (line) => console.log(`  ${line}`),
    onProgress: (done, total) => {
      if (done % 10_000 === 0 || done === total) console.log(`  ${done.toLocaleString()} / ${total.toLocaleString()} projects (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  if (loaded > 0) console.log(`Loaded ${loaded.toLocaleString()} projects in ${seconds.toFixed(1)} s.`);
  await server?.stop();
  console.log(`Synthetic portfolio of ${projects.toLocaleString()} projects ready. Serve it with:\n  DATABASE_URL='${url}' npm start`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
