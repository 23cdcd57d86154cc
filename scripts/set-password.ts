// `npm run user:set-password -- --email someone@example.kr`: gives a user a new password from the
// command line (the way out when a production server refuses to start because of a demo
// password). The password comes from NEW_PASSWORD or, without it, from stdin (asked for twice,
// without echo, on a terminal). It clears the demo-password mark, ends the user's sessions and
// is audited as "user.resetPassword". Uses DATABASE_URL, or the embedded database of `npm start`.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { disconnectDb } from "@/lib/db";
import { setPasswordFromCommandLine } from "@/lib/data/users";
import { isAppError } from "@/lib/errors";
import { PASSWORD_MIN } from "@/lib/validations/user";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";

const usage = "Usage: npm run user:set-password -- --email someone@example.kr   (password from NEW_PASSWORD or stdin)";

/** One line from a terminal, not echoed. */
function askHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  process.stdout.write(question);
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question("", (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function readPassword(): Promise<string> {
  if (process.env.NEW_PASSWORD !== undefined) return process.env.NEW_PASSWORD;
  if (process.stdin.isTTY) {
    const first = await askHidden(`New password (at least ${PASSWORD_MIN} characters): `);
    const second = await askHidden("Repeat it: ");
    if (first !== second) throw new Error("The two passwords differ; nothing was changed.");
    return first;
  }
  // Piped: the first line, without its line ending (echo "…" | npm run user:set-password …).
  return (await readAll(process.stdin)).split(/\r?\n/)[0] ?? "";
}

const MESSAGES: Record<string, string> = {
  passwordRequired: "No password given.",
  passwordTooShort: `The password must have at least ${PASSWORD_MIN} characters.`,
  passwordTooLong: "The password must have at most 200 characters.",
  passwordIsDemo: "That is one of the published demo passwords; choose another.",
};

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: "string" }, help: { type: "boolean" } }, strict: true });
  if (values.help || !values.email) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const password = await readPassword();
  let postgres: RunningPostgres | null = null;
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      postgres = await startEmbeddedPostgres("dev");
      databaseUrl = await postgres.ensureDatabase("keit");
      process.env.DATABASE_URL = databaseUrl;
    }
    const { endedSessions } = await setPasswordFromCommandLine(values.email, password);
    console.log(`Password changed for ${values.email}; ${endedSessions} session(s) ended. The demo-password mark is cleared.`);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      console.error(`No user has the e-mail ${values.email}. Nothing was changed.`);
      return 1;
    }
    if (isAppError(error) && error.code === "VALIDATION") {
      const key = Object.values((error.details as { fieldErrors?: Record<string, string[]> })?.fieldErrors ?? {})[0]?.[0] ?? "";
      console.error(`${MESSAGES[key] ?? "The password is not acceptable."} Nothing was changed.`);
      return 1;
    }
    throw error;
  } finally {
    await disconnectDb();
    await postgres?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
