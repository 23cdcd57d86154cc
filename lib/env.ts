import { z } from "zod";

// The only reader of process.env (house style rule 3). Read when called, not at import, because
// test harnesses and the start script set variables after modules are loaded; parsed once per
// set of values (env() is called on every db() call, so a parse per call would be waste).
//
// Every message names the variable and says what to set: configProblem() prints the first one
// as the single line with which a misconfigured start stops (scripts/start.ts, instrumentation.ts).

const LOCAL_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True for a host name that only this machine reaches (plain http is acceptable there). */
export function isLocalHost(hostname: string): boolean {
  return LOCAL_HOST.test(hostname);
}

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** "https://host[:port]" with nothing after it but an optional "/". */
function isOrigin(value: string): boolean {
  const url = parseUrl(value);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return false;
  return !url.username && !url.password && url.origin !== "null" && value.replace(/\/$/, "") === url.origin;
}

const digits = (name: string, what: string) =>
  z.string().trim().regex(/^\d+$/, `${name} must be ${what}`).transform(Number);

const shape = {
  NODE_ENV: z.enum(["development", "test", "production"], { error: "NODE_ENV must be production, development or test (or unset)" }).default("development"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set. Start the app with `npm start` (it provides an embedded PostgreSQL) or set DATABASE_URL." })
    .regex(/^postgres(ql)?:\/\/[^/?#]*\/[^/?#]+/, "DATABASE_URL must look like postgresql://user:password@host:5432/database (a postgres:// or postgresql:// URL with a database name)")
    .refine((v) => parseUrl(v) !== null, "DATABASE_URL is not a valid URL: percent-encode special characters in the password (for example @ as %40)"),
  DATABASE_POOL_SIZE: digits("DATABASE_POOL_SIZE", "a whole number from 1 to 100 (connections per server; default 10)")
    .pipe(z.number().min(1, "DATABASE_POOL_SIZE must be a whole number from 1 to 100 (connections per server; default 10)").max(100, "DATABASE_POOL_SIZE must be a whole number from 1 to 100 (connections per server; default 10)"))
    .default(10),
  /**
   * Bounds on a slow or unavailable database, in milliseconds; 0 turns a bound off (the default for
   * the command-line tools, whose bulk statements may run long). The web server gets 15000 / 5000 /
   * 5000 from scripts/next-server.ts unless set (docs/decisions/0028-database-outages-and-shutdown.md).
   * STATEMENT: PostgreSQL's statement_timeout per statement. LOCK: lock_timeout, the wait for a lock
   * another session holds. CONNECT: the wait for a pooled connection (pool busy or server down).
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number({ error: "DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds (0: no limit)" }).int().min(0).max(3_600_000).default(0),
  DATABASE_LOCK_TIMEOUT_MS: z.coerce.number({ error: "DATABASE_LOCK_TIMEOUT_MS must be a whole number of milliseconds (0: no limit)" }).int().min(0).max(3_600_000).default(0),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number({ error: "DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds (0: no limit)" }).int().min(0).max(600_000).default(0),
  /** How long a stopping web server waits for requests in flight (ms, read by scripts/web-server.ts). */
  SHUTDOWN_GRACE_MS: z.coerce.number({ error: "SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 0 to 60000" }).int().min(0).max(60_000).default(8_000),
  /** Port of the web server (scripts/start.ts); Next.js itself takes it as `-p`. */
  PORT: digits("PORT", "a port number from 1 to 65535, for example PORT=3000")
    .pipe(z.number().min(1, "PORT must be a port number from 1 to 65535, for example PORT=3000").max(65535, "PORT must be a port number from 1 to 65535, for example PORT=3000"))
    .default(3000),
  /** Public origin used in canonical links and JSON-LD, e.g. https://portfolio.example.kr */
  PUBLIC_ORIGIN: z
    .string()
    .refine(isOrigin, "PUBLIC_ORIGIN must be an origin: scheme and host only, for example PUBLIC_ORIGIN=https://portfolio.example.kr (no path, query or user name)")
    .transform((v) => v.replace(/\/$/, ""))
    .optional(),
  LOG_QUERIES: z.enum(["0", "1"], { error: "LOG_QUERIES must be 0 or 1" }).default("0"),
  /** Signs the session cookie. The start scripts create one in .data/ for local use. */
  NEXTAUTH_SECRET: z
    .string()
    .refine((v) => v.trim().length >= 32, "NEXTAUTH_SECRET must be at least 32 characters: set a random one, for example NEXTAUTH_SECRET=$(openssl rand -base64 48), the same on every server")
    .optional(),
  /** The site's public URL as next-auth sees it; https:// makes the session cookies Secure. */
  NEXTAUTH_URL: z
    .string()
    .refine(isOrigin, "NEXTAUTH_URL must be the site's public origin, for example NEXTAUTH_URL=https://portfolio.example.kr (no path)")
    .refine(
      (v) => !v.startsWith("http://") || isLocalHost(parseUrl(v)?.hostname ?? ""),
      "NEXTAUTH_URL uses http:// for a host other than this machine: set it to the https:// address the browsers use (session cookies must be Secure there)",
    )
    .optional(),
  /** Set by the start scripts when the database is the embedded one (not "external"). */
  KEIT_EMBEDDED_DATABASE: z.enum(["0", "1"], { error: "KEIT_EMBEDDED_DATABASE is set by npm start: unset it" }).default("0"),
  /**
   * How many reverse proxies of ours stand in front of the server. 0 (default): the client's
   * address is the socket's and X-Forwarded-* are ignored (lib/server/trusted-proxy.ts).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** A session ends after this many minutes without a request (docs/decisions/0018). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** A session ends this many hours after sign-in, however active. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Evaluated wrong passwords per account before each further attempt must wait. */
  SIGN_IN_ACCOUNT_LIMIT: z.coerce.number().int().min(1).max(100).default(5),
  /** Evaluated wrong passwords per client address in 15 minutes before the address must wait. */
  SIGN_IN_ADDRESS_LIMIT: z.coerce.number().int().min(1).max(100_000).default(100),
  /** pino's level for the server's JSON log lines. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** SMTP server for e-mail, e.g. smtp://user:pass@mail.example.kr:587 or smtps://…; unset: .eml files in OUTBOX_DIR. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL").optional(),
  /** Sender of reminders and digests. */
  MAIL_FROM: z.string().min(3).default("KEIT 포트폴리오 <no-reply@keit.example>"),
  /** Where messages go when SMTP_URL is unset. */
  OUTBOX_DIR: z.string().min(1).default(".data/outbox"),
  /** Days before a milestone's due date when its program managers are reminded, e.g. "14,3". */
  REMINDER_OFFSETS_DAYS: z.string().regex(/^\s*\d{1,3}\s*(,\s*\d{1,3}\s*)*$/, "REMINDER_OFFSETS_DAYS must be whole days separated by commas, e.g. 14,3").default("14,3"),
  /** A milestone overdue for more than this many days also notifies the administrators, once. */
  REMINDER_ESCALATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** When the reminder scan runs (cron, Asia/Seoul). */
  REMINDER_SCAN_CRON: z.string().min(9).default("0 * * * *"),
  /** When the weekly digest goes out (cron, Asia/Seoul): Monday 09:00 by default. */
  DIGEST_CRON: z.string().min(9).default("0 9 * * 1"),
  /** Attempts before an e-mail goes to the dead-letter list. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Open-data API (/api/v1): requests per minute per client address, in each server process; 0 turns the limit off. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(120),
  /** The front server's cache of public pages for anonymous visitors (docs/decisions/0022-page-cache.md): on, or off. */
  PAGE_CACHE: z.enum(["on", "off"], { error: "PAGE_CACHE must be on or off" }).default("on"),
  /** Memory of the page cache in each server process, in MB. */
  PAGE_CACHE_MAX_MB: z.coerce.number({ error: "PAGE_CACHE_MAX_MB must be a number of megabytes" }).int().min(1, "PAGE_CACHE_MAX_MB must be at least 1").max(65_536).default(256),
  /** How long a CDN or reverse proxy in front may keep a public page (Cache-Control s-maxage), in seconds. */
  PAGE_CACHE_SHARED_MAX_AGE: z.coerce.number({ error: "PAGE_CACHE_SHARED_MAX_AGE must be a number of seconds" }).int().min(0).max(86_400).default(10),
};

function sameSite(value: { PUBLIC_ORIGIN?: string; NEXTAUTH_URL?: string }, ctx: z.RefinementCtx): void {
  if (value.PUBLIC_ORIGIN && value.NEXTAUTH_URL && value.PUBLIC_ORIGIN !== value.NEXTAUTH_URL.replace(/\/$/, "")) {
    ctx.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message: `NEXTAUTH_URL (${value.NEXTAUTH_URL}) and PUBLIC_ORIGIN (${value.PUBLIC_ORIGIN}) name different sites: set both to the address the browsers use`,
    });
  }
}

const schema = z.object(shape).superRefine(sameSite);

export type Env = z.infer<typeof schema>;

/** Configuration before a database is known: what `npm start` and the scripts check first. */
const startSchema = z.object({ ...shape, DATABASE_URL: shape.DATABASE_URL.optional() }).superRefine(sameSite);

export type StartConfig = z.infer<typeof startSchema>;

/** An empty variable counts as unset (VAR= in a unit file or .env is a common way to clear one). */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
}

const NAMES = Object.keys(shape);
let parsedOnce: { key: string; value: Env } | null = null;

// A script that chose its database runs its work inside lib/db's withDatabase(url, fn) instead of
// rewriting process.env (issue 11); inside that call env().DATABASE_URL is that URL, so code that
// reads its settings through env() (reminder settings, the job queue) sees the same database as
// db(). lib/db registers where the current call's URL comes from (env.ts cannot import db.ts).
let scopedDatabaseUrl: () => string | undefined = () => undefined;

/** For lib/db.ts only: the URL of the current withDatabase() call, if any. */
export function provideScopedDatabaseUrl(source: () => string | undefined): void {
  scopedDatabaseUrl = source;
}

export function env(): Env {
  const databaseUrl = scopedDatabaseUrl() ?? process.env.DATABASE_URL;
  const key = JSON.stringify(NAMES.map((name) => (name === "DATABASE_URL" ? databaseUrl : process.env[name]) ?? ""));
  if (parsedOnce?.key === key) return parsedOnce.value;
  const parsed = schema.safeParse(withoutEmpty({ ...process.env, DATABASE_URL: databaseUrl }));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  parsedOnce = { key, value: parsed.data };
  return parsed.data;
}

const port = (name: string) => digits(name, `a port number from 1 to 65535, for example ${name}=3210`)
  .pipe(z.number().min(1, `${name} must be a port number from 1 to 65535`).max(65535, `${name} must be a port number from 1 to 65535`));

const testSchema = z.object({
  /** The server on which integration tests and the e2e suite create their throw-away databases (default: embedded). */
  TEST_DATABASE_URL: z.string()
    .regex(/^postgres(ql)?:\/\/[^/?#]+/, "TEST_DATABASE_URL must look like postgresql://user@127.0.0.1:5432/test (a postgres:// or postgresql:// URL)")
    .refine((v) => parseUrl(v) !== null, "TEST_DATABASE_URL is not a valid URL: percent-encode special characters in the password")
    .optional(),
  /** The e2e suite's web server port. */
  E2E_PORT: port("E2E_PORT").default(3210),
});

export type TestConfig = z.infer<typeof testSchema>;

/** What the test harnesses read: validated like the app's own variables, with the variable named in the error. */
export function testConfig(source: Record<string, string | undefined> = process.env): TestConfig {
  const parsed = testSchema.safeParse(withoutEmpty(source));
  if (!parsed.success) throw new Error(`Invalid test environment:\n${parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  return parsed.data;
}

/**
 * The configuration as the start script sees it (DATABASE_URL may be unset: the embedded
 * database), or the one line that says which variable is wrong and what to set.
 */
export function startConfig(source: Record<string, string | undefined> = process.env): { ok: true; config: StartConfig } | { ok: false; problem: string } {
  const parsed = startSchema.safeParse(withoutEmpty(source));
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "configuration");
  const message = issue?.message ?? "invalid";
  // zod's own wording (e.g. for a wrong type) does not name the variable; ours always does.
  const line = message.includes(name) ? message : `${name}: ${message}`;
  return { ok: false, problem: `Configuration error: ${line.replace(/\s+/g, " ")}` };
}

/** The value npm start gives NEXTAUTH_URL: as set, else PUBLIC_ORIGIN, else this machine's port. */
export function defaultAuthUrl(config: StartConfig, port: number): string {
  return config.NEXTAUTH_URL ?? config.PUBLIC_ORIGIN ?? `http://127.0.0.1:${port}`;
}
