// `npm run user:create -- --email admin@agency.go.kr --name "홍길동" --role admin`: creates a user
// from the command line, typically the first administrator of a new production database (the
// other way is the one-time setup link the server prints). The password comes from NEW_PASSWORD
// or is typed (twice, without echo); the rules are the user admin's (12+ characters, no demo
// password). Audited as "user.create" by nobody. Uses DATABASE_URL, or the embedded database.
import { parseArgs } from "node:util";
import { withDatabase } from "@/lib/db";
import { createUserFromCommandLine } from "@/lib/data/users";
import { startConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import type { Role } from "@/lib/permissions";
import { onOperatorDatabase, runOperatorCommand } from "./operator-command";
import { PASSWORD_MESSAGES, readPassword } from "./read-password";

const usage = "Usage: npm run user:create -- --email someone@example.kr --name \"Name\" --role admin|program-manager|reviewer   (password from NEW_PASSWORD or typed)";

const ROLES: Record<string, Role> = { admin: "ADMIN", "program-manager": "PROGRAM_MANAGER", reviewer: "REVIEWER" };

const FIELD_MESSAGES: Record<string, string> = {
  ...PASSWORD_MESSAGES,
  emailRequired: "No e-mail given.",
  emailInvalid: "That is not an e-mail address.",
  emailTooLong: "The e-mail address is too long.",
  emailTaken: "A user with this e-mail exists already (change their password with npm run user:set-password).",
  required: "The name is empty.",
  tooLong: "The name is too long (at most 100 characters).",
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, help: { type: "boolean" } },
    strict: true,
  });
  if (values.help || !values.email || !values.name || !values.role) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const role = ROLES[values.role.toLowerCase()];
  if (!role) {
    console.error(`Unknown role "${values.role}": use admin, program-manager or reviewer.`);
    return 2;
  }
  const checked = startConfig();
  if (!checked.ok) {
    console.error(checked.problem);
    return 1;
  }
  const { email, name } = values;
  const password = await readPassword();
  try {
    const { id } = await onOperatorDatabase(checked.config.DATABASE_URL, (url) => withDatabase(url, () => createUserFromCommandLine({ email, name, role, password })));
    console.log(`Created user ${id}: ${values.email.trim().toLowerCase()} (${values.role.toLowerCase()}). They can sign in at /ko/login.`);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === "VALIDATION") {
      const fieldErrors = (error.details as { fieldErrors?: Record<string, string[]> })?.fieldErrors ?? {};
      const [field, keys] = Object.entries(fieldErrors)[0] ?? ["", []];
      const key = keys[0] ?? "";
      console.error(`${FIELD_MESSAGES[key] ?? `The ${field} is not acceptable.`} Nothing was created.`);
      return 1;
    }
    throw error;
  }
}

runOperatorCommand(main, null);
