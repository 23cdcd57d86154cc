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
  /** Set by the start scripts when the database is the embedded one (not "external"). */
  KEIT_EMBEDDED_DATABASE: z.enum(["0", "1"]).default("0"),
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
