import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/data/db-errors";
import { recordAudit, recordRefusal, type Who } from "@/lib/data/audit";
import { hashPassword } from "@/lib/data/auth";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { firstAdminSchema, type FirstAdminInput } from "@/lib/validations/setup";
import { isDemoPassword } from "@/lib/demo-accounts";

// The first administrator of a database without one (docs/decisions/0021-first-run-and-operations.md).
// A server that starts on such a database prints a one-time link (issueSetupToken); whoever
// opens it within the hour sets the administrator's e-mail, name and password. The token is
// random (256 bits) and stored only as its SHA-256; it works once, and no token works once an
// enabled administrator exists. Everything here runs before anyone can sign in, so the token is
// the authorization: these functions take no actor.

export const SETUP_TOKEN_MINUTES = 60;
/** Held while the first administrator is created, so that two links used at once make one admin. */
const FIRST_ADMIN_LOCK = 72707371;

export type SetupTokenState = "valid" | "unknown" | "expired" | "used" | "adminExists";

function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Tokens are 43 base64url characters; anything else is not worth a database lookup. */
function wellFormed(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** True when an enabled administrator exists (then no setup link is printed or accepted). */
export async function administratorExists(client: Pick<Prisma.TransactionClient, "user"> = db()): Promise<boolean> {
  return (await client.user.count({ where: { role: "ADMIN", isDisabled: false } })) > 0;
}

/**
 * A new setup token for a database without an enabled administrator, or null when one exists.
 * Called once per server start (lib/server/startup.ts). Earlier tokens stay valid until they
 * expire, so several servers starting together each print a working link.
 */
export async function issueSetupToken(now = new Date()): Promise<{ token: string; expiresAt: Date } | null> {
  if (await administratorExists()) return null;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SETUP_TOKEN_MINUTES * 60_000);
  await db().$transaction([
    // Expired and used tokens are of no further use.
    db().setupToken.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { not: null } }] } }),
    db().setupToken.create({ data: { tokenHash: tokenHash(token), createdAt: now, expiresAt }, select: { id: true } }),
  ]);
  return { token, expiresAt };
}

async function stateOf(client: Pick<Prisma.TransactionClient, "user" | "setupToken">, token: string, now: Date): Promise<SetupTokenState> {
  if (await administratorExists(client)) return "adminExists";
  if (!wellFormed(token)) return "unknown";
  const row = await client.setupToken.findUnique({ where: { tokenHash: tokenHash(token) }, select: { expiresAt: true, usedAt: true } });
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt <= now) return "expired";
  return "valid";
}

/** What the setup page shows for a token: the form only when "valid". Public; reads only. */
export async function setupTokenState(token: string, now = new Date()): Promise<SetupTokenState> {
  return stateOf(db(), token, now);
}

function refusal(state: Exclude<SetupTokenState, "valid">): AppError {
  return new AppError("FORBIDDEN", state === "adminExists" ? "setupAdminExists" : "setupLinkInvalid");
}

/**
 * Creates the first administrator from a valid setup token, uses the token up, and records both
 * in the audit trail in the same transaction. Refused (and the refusal recorded) when the token
 * is unknown, expired or used, or when an administrator exists by then.
 */
export async function createFirstAdministrator(input: FirstAdminInput, ip: string | null, now = new Date()): Promise<{ id: number }> {
  const parsed = firstAdminSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new AppError("VALIDATION", "VALIDATION", { fieldErrors });
  }
  const data = parsed.data;
  if (isDemoPassword(data.password)) throw fieldError("password", "passwordIsDemo");
  const passwordHash = await hashPassword(data.password);
  const who: Who = { id: null, email: data.email, ip };
  const outcome: { refused: Exclude<SetupTokenState, "valid"> | null } = { refused: null };
  try {
    const created = await db().$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`;
      const state = await stateOf(tx, data.token, now);
      if (state !== "valid") {
        outcome.refused = state;
        return null;
      }
      const { count } = await tx.setupToken.updateMany({ where: { tokenHash: tokenHash(data.token), usedAt: null }, data: { usedAt: now } });
      if (count !== 1) {
        outcome.refused = "used";
        return null;
      }
      // The e-mail may belong to a disabled administrator or another role: it is taken, say so.
      if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
        throw fieldError("email", "emailTaken");
      }
      const user = await tx.user.create({ data: { email: data.email, name: data.name, role: "ADMIN", passwordHash }, select: { id: true } });
      await recordAudit(tx, { ...who, id: user.id }, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { email: data.email, name: data.name, role: "ADMIN", programIds: [], managesUnassignedProjects: false },
        reason: "first administrator, through the one-time setup link",
      });
      return user;
    });
    if (created) return created;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw fieldError("email", "emailTaken");
    }
    throw error;
  }
  const state = outcome.refused ?? "unknown";
  await recordRefusal(who, { action: "setup.firstAdmin", entityType: "user", reason: `setup link refused: ${state}` }, "DENIED");
  throw refusal(state);
}
