// The new password of a command-line script (user:set-password, user:create): from NEW_PASSWORD,
// else typed twice without echo on a terminal, else the first line of piped stdin.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { PASSWORD_MIN } from "@/lib/validations/user";

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

export async function readPassword(): Promise<string> {
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

/** What the password rules of lib/validations/user.ts say, for a terminal. */
export const PASSWORD_MESSAGES: Record<string, string> = {
  passwordRequired: "No password given.",
  passwordTooShort: `The password must have at least ${PASSWORD_MIN} characters.`,
  passwordTooLong: "The password must have at most 200 characters.",
  passwordIsDemo: "That is one of the published demo passwords; choose another.",
};
