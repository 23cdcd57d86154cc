// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded dev
// database when DATABASE_URL is not set (npm start does this by itself at every start).
import { applyMigrations } from "../prisma/migrate";
import { startEmbeddedPostgres } from "./embedded-postgres";

async function main() {
  let url = process.env.DATABASE_URL;
  const server = url ? null : await startEmbeddedPostgres("dev", console.log);
  if (server) url = await server.ensureDatabase("keit");
  const result = await applyMigrations(url ?? "");
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations).`);
  await server?.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
