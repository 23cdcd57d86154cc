// `npm run user:set-password -- --email someone@example.kr`: gives a user a new password from the
// command line (the way out when a production server refuses to start because of a demo
// password). The password comes from NEW_PASSWORD or, without it, from stdin (asked for twice,
// without echo, on a terminal). It clears the demo-password mark, ends the user's sessions and
// is audited as "user.resetPassword". Uses DATABASE_URL, or the embedded database of `npm start`.
import { parseArgs } from "node:util";
import { withDatabase } from "@/lib/db";
import { setPasswordFromCommandLine } from "@/lib/data/users";
import { isAppError } from "@/lib/errors";
import { onOperatorDatabase, runOperatorCommand } from "./operator-command";
import { PASSWORD_MESSAGES, readPassword } from "./read-password";

const usage = "Usage: npm run user:set-password -- --email someone@example.kr   (password from NEW_PASSWORD or stdin)";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help || !values.email) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const email = values.email;
  const password = await readPassword();
  try {
    const { endedSessions } = await onOperatorDatabase(process.env.DATABASE_URL, (url) => withDatabase(url, () => setPasswordFromCommandLine(email, password)));
    console.log(`Password changed for ${values.email}; ${endedSessions} session(s) ended. The demo-password mark is cleared.`);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      console.error(`No user has the e-mail ${values.email}. Nothing was changed.`);
      return 1;
    }
    if (isAppError(error) && error.code === "VALIDATION") {
      const key = Object.values((error.details as { fieldErrors?: Record<string, string[]> })?.fieldErrors ?? {})[0]?.[0] ?? "";
      console.error(`${PASSWORD_MESSAGES[key] ?? "The password is not acceptable."} Nothing was changed.`);
      return 1;
    }
    throw error;
  }
}

runOperatorCommand(main, null);
