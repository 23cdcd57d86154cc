import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { eventually, freePortPair, freshDatabase, ROOT, sql, startPostgres, type Running } from "./fixtures/processes";

// docs/operations.md, followed as written: every shell block marked `bash test` runs, in order,
// in bash with `set -euo pipefail`, in this checkout, against a throw-away database on this
// spec's own PostgreSQL. `background` blocks (app servers) keep running until the end. A shell
// block without the mark fails the test, so the guide cannot grow a command nobody runs.

type Block = { code: string; background: boolean; line: number };

function guideBlocks(): Block[] {
  const text = readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
  const blocks: Block[] = [];
  const fence = /^( *)```(\S*)([^\n]*)\n([\s\S]*?)^\1```\s*$/gm;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const [, indent, language, info, body] = m;
    const line = text.slice(0, m.index).split("\n").length;
    if (!["bash", "sh", "shell", "console"].includes(language ?? "")) continue;
    const flags = (info ?? "").trim().split(/\s+/);
    if (!flags.includes("test")) throw new Error(`docs/operations.md:${line}: a shell block without the "test" mark; every command of the guide must run here.`);
    const code = (body ?? "").split("\n").map((l) => l.slice(indent?.length ?? 0)).join("\n");
    blocks.push({ code, background: flags.includes("background"), line });
  }
  return blocks;
}

let postgres: Awaited<ReturnType<typeof startPostgres>>;
const servers: Running[] = [];
const BUILD_DIR = ".next-ops-guide";

test.afterAll(async () => {
  for (const s of servers) await s.stop();
  await postgres?.stop();
  await rm(path.join(ROOT, "backups", "keit-nightly.keitbackup.gz"), { force: true });
  await rm(path.join(ROOT, BUILD_DIR), { recursive: true, force: true });
});

test("every command in docs/operations.md works as written, from a clean database", async () => {
  test.setTimeout(600_000);
  const blocks = guideBlocks();
  expect(blocks.length).toBeGreaterThanOrEqual(8);

  postgres = await startPostgres("ops-guide");
  const databaseUrl = await freshDatabase(postgres.serverUrl, "keit_ops");
  const restoreUrl = new URL(postgres.serverUrl);
  restoreUrl.pathname = "/keit_ops_restored";
  await sql(postgres.serverUrl, 'DROP DATABASE IF EXISTS "keit_ops_restored" WITH (FORCE)');
  const port = await freePortPair();
  // The environment of the guide's "Configuration" section, for this machine.
  const env = {
    PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production", DATABASE_URL: databaseUrl, RESTORE_DATABASE_URL: restoreUrl.toString(), PORT: String(port),
    NEXTAUTH_SECRET: randomBytes(48).toString("base64"), PUBLIC_ORIGIN: "https://portfolio.example.kr",
    NEXTAUTH_URL: "https://portfolio.example.kr", TRUSTED_PROXY_HOPS: "1",
  };

  for (const block of blocks) {
    // A build "beside the running one" goes into its own directory, so that the servers this
    // guide started (and the rest of the suite) keep theirs.
    const blockEnv = /\bnpm run build\b/.test(block.code) ? { ...env, NEXT_DIST_DIR: BUILD_DIR } : env;
    if (block.background) {
      const child = spawn("bash", ["-euo", "pipefail", "-c", block.code], { cwd: ROOT, env: blockEnv as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
      const server = trackServer(child);
      servers.push(server);
      const [, served] = await server.waitFor(/Open http:\/\/127\.0\.0\.1:(\d+)\/ko/, 240_000);
      await eventually(async () => (await fetch(`http://127.0.0.1:${served}/healthz`)).ok, 60_000).catch((error: unknown) => {
        throw new Error(`docs/operations.md:${block.line}: no answer on /healthz (${String(error)})\n--- output\n${server.output()}`);
      });
      continue;
    }
    const result = spawnSync("bash", ["-euo", "pipefail", "-c", block.code], { cwd: ROOT, env: blockEnv as unknown as NodeJS.ProcessEnv, encoding: "utf8", timeout: 300_000 });
    expect(result.status, `docs/operations.md:${block.line}\n${block.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
  }

  // What the steps should have done.
  const users = await sql<{ email: string; role: string }>(databaseUrl, "SELECT email, role FROM app_user");
  expect(users).toEqual([{ email: "admin@agency.example", role: "ADMIN" }]); // no demo account
  const count = (url: string, table: string) => sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${table}`).then((r) => r[0]!.n);
  for (const table of ["project", "app_user", "audit_log", "_prisma_migrations"]) {
    expect(await count(restoreUrl.toString(), table), table).toBe(await count(databaseUrl, table));
  }
  // Both app servers answered /readyz; the second on PORT + 1.
  expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  expect((await fetch(`http://127.0.0.1:${port + 1}/readyz`)).status).toBe(200);
});

function trackServer(child: ReturnType<typeof spawn>): Running {
  let output = "";
  child.stdout?.on("data", (c: Buffer) => { output += c.toString("utf8"); });
  child.stderr?.on("data", (c: Buffer) => { output += c.toString("utf8"); });
  return {
    process: child,
    output: () => output,
    waitFor: async (pattern, ms = 120_000) => {
      let match: RegExpMatchArray | null = null;
      await eventually(async () => {
        if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}):\n${output}`);
        match = pattern.exec(output);
        return match !== null;
      }, ms).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${output}`);
      });
      return match!;
    },
    // npm does not pass SIGTERM on to its child: signal the block's whole process group (its own,
    // through `detached`), where start.ts stops its Next.js server first.
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => setTimeout(resolve, 1000));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        resolve();
      }
    }),
  };
}
