import "server-only";
import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { db } from "@/lib/db";
import { recordAudit, recordRefusal } from "@/lib/data/audit";
import type { Actor } from "@/lib/permissions";

// Passwords, sign-in throttling and server-side sessions. The session cookie (a next-auth JWT)
// carries only the id of a user_session row; every request looks that row up with its user, so
// signing out, disabling a user or changing a role takes effect on the very next request.

export const SESSION_HOURS = 8;
const WINDOW_MINUTES = 15;
/** Failed attempts within the window after which an account, or an address, must wait. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

// argon2id with the library's defaults (OWASP-recommended memory cost); about 100 ms here.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A fixed hash to verify against when the account does not exist, so that timing does not tell.
let dummyHash: Promise<string> | null = null;

export type SignInResult =
  | { ok: true; sessionId: string; userId: number }
  | { ok: false; reason: "invalid" | "rate-limited" };

export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** Public: anyone may try; failures are slowed down, recorded, and never say whether the account exists. */
export async function signInWithPassword(input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 254);
  const since = new Date(Date.now() - WINDOW_MINUTES * 60_000);
  const [byAccount, byAddress] = await Promise.all([
    db().auditLog.count({ where: { action: "auth.signIn", outcome: "FAILED", actorEmail: email, at: { gte: since } } }),
    input.ip ? db().auditLog.count({ where: { action: "auth.signIn", outcome: "FAILED", ip: input.ip, at: { gte: since } } }) : 0,
  ]);
  const who = { id: null, email, ip: input.ip };
  if (byAccount >= MAX_FAILURES_PER_ACCOUNT || byAddress >= MAX_FAILURES_PER_ADDRESS) {
    await recordRefusal(who, { action: "auth.signIn", reason: "rate limited" }, "FAILED");
    return { ok: false, reason: "rate-limited" };
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true, isDisabled: true } });
  dummyHash ??= hashPassword(randomUUID());
  const valid = await verify(user?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !valid || user.isDisabled) {
    // Each failure costs a little more, on top of the hash: a steady guesser slows to a crawl.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** Math.min(byAccount, 3))));
    await recordRefusal({ ...who, id: user?.id ?? null }, { action: "auth.signIn", reason: !user ? "unknown account" : user.isDisabled ? "disabled account" : "wrong password" }, "FAILED");
    return { ok: false, reason: "invalid" };
  }
  const sessionId = randomUUID();
  await db().$transaction(async (tx) => {
    await tx.userSession.create({
      data: {
        id: sessionId, userId: user.id, ip: input.ip, userAgent: input.userAgent?.slice(0, 300),
        expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000),
      },
    });
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { id: user.id, email: user.email, ip: input.ip }, { action: "auth.signIn", entityType: "user", entityId: user.id });
  });
  return { ok: true, sessionId, userId: user.id };
}

/** The actor behind a session id, or null when the session ended, expired or its user is disabled. */
export async function loadActor(sessionId: string, ip: string | null): Promise<Actor | null> {
  if (!/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const session = await db().userSession.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      user: {
        select: {
          id: true, email: true, name: true, role: true, isDisabled: true, managesUnassignedProjects: true,
          programs: { select: { programId: true } },
        },
      },
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now() || session.user.isDisabled) return null;
  const { user } = session;
  return {
    id: user.id, email: user.email, name: user.name, role: user.role,
    programIds: user.programs.map((p) => p.programId),
    managesUnassignedProjects: user.managesUnassignedProjects,
    ip,
  };
}

/** Ends one session (sign-out). */
export async function endSession(sessionId: string, ip: string | null): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(sessionId)) return;
  await db().$transaction(async (tx) => {
    const session = await tx.userSession.findUnique({ where: { id: sessionId }, select: { user: { select: { id: true, email: true } } } });
    if (!session) return;
    await tx.userSession.delete({ where: { id: sessionId } });
    await recordAudit(tx, { id: session.user.id, email: session.user.email, ip }, { action: "auth.signOut", entityType: "user", entityId: session.user.id });
  });
}
