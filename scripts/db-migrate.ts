// `npm run db:migrate`: applies pending migrations to MIGRATION_DATABASE_URL (else DATABASE_URL),
// or to the embedded dev database when neither is set (npm start does this by itself at every
// start), then grants the app role (DATABASE_URL's user) its privileges.
import { applyMigrations } from "../prisma/migrate";
import { grantAppRole, roleOfUrl, roleProblem } from "../prisma/roles";
import { startEmbeddedPostgres } from "../prisma/embedded-postgres";

async function main() {
  let url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  const server = url ? null : await startEmbeddedPostgres("dev", console.log);
  if (server) url = await server.ensureDatabase("keit");
  const result = await applyMigrations(url ?? "");
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations).`);
  const appRole = server ? server.appRole : process.env.DATABASE_URL ? roleOfUrl(process.env.DATABASE_URL) : null;
  if (appRole && url && appRole !== roleOfUrl(url)) {
    const problem = roleProblem(await grantAppRole(url, appRole));
    console.log(problem ? `WARNING: ${problem}` : `Granted the app role ${appRole} its privileges.`);
  }
  await server?.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
