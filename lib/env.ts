import { z } from "zod";

// The only reader of process.env (house style rule 3). Parsed on every call, not at import,
// because test harnesses and the start script set variables after modules are loaded.
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set. Start the app with `npm start` (it provides an embedded PostgreSQL) or set DATABASE_URL." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Public origin used in canonical links and JSON-LD, e.g. https://portfolio.example.kr */
  PUBLIC_ORIGIN: z.string().url().optional(),
  LOG_QUERIES: z.enum(["0", "1"]).default("0"),
  /** Signs the session cookie. The start scripts create one in .data/ for local use. */
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** The site's public URL as next-auth sees it; https:// makes the session cookies Secure. */
  NEXTAUTH_URL: z.string().url().optional(),
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
  /** Set by the start scripts when the database is the embedded one (not "external"). */
  KEIT_EMBEDDED_DATABASE: z.enum(["0", "1"]).default("0"),
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
});

export type Env = z.infer<typeof schema>;

export function env(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
