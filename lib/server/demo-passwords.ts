import "server-only";
import { listEnabledDemoPasswordUsers } from "@/lib/data/users";
import { env } from "@/lib/env";

// The demo accounts' passwords are published in the README. That is fine on the embedded
// database of someone trying the app, and not fine on a real one: a production server on an
// external database refuses to start while an enabled user still has a demo password. Checked by
// scripts/start.ts before it serves, and by instrumentation.ts for anyone running `next start`.

/** The refusal to print, or null when the server may start. */
export async function demoPasswordRefusal(options: { production: boolean; embeddedDatabase: boolean }): Promise<string | null> {
  if (!options.production || options.embeddedDatabase) return null;
  const emails = await listEnabledDemoPasswordUsers();
  if (emails.length === 0) return null;
  return [
    "Refusing to start: this production server uses an external database, and these enabled accounts still have",
    "the demo passwords published in README.md:",
    ...emails.map((e) => `  - ${e}`),
    "Give each a new password (at least 12 characters) before starting again, either",
    "  - on the command line, against the same DATABASE_URL:",
    ...emails.map((e) => `      npm run user:set-password -- --email ${e}    (reads the password from NEW_PASSWORD or stdin)`),
    "  - or in the app's user admin (/ko/admin/users), signed in as another administrator on a non-production",
    "    instance (npm run dev) against the same database; disabling an account there works too.",
  ].join("\n");
}

/** For instrumentation.ts: prints the refusal and ends the process when the server may not start. */
export async function exitIfDemoPasswordsInProduction(): Promise<void> {
  const { NODE_ENV, KEIT_EMBEDDED_DATABASE } = env();
  const refusal = await demoPasswordRefusal({ production: NODE_ENV === "production", embeddedDatabase: KEIT_EMBEDDED_DATABASE === "1" });
  if (!refusal) return;
  console.error(refusal);
  // Throwing from register() is not enough: Next 16 logs "Failed to prepare server" and then
  // answers every request with a 500 (checked with `next start`). Stop the process instead.
  process.exit(1);
}
