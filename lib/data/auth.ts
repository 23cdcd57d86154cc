import "server-only";
import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { db } from "@/lib/db";
import { recordAudit, recordOutcome, recordRefusal } from "@/lib/data/audit";
import { authorize } from "@/lib/data/guard";
import { env } from "@/lib/env";
import { AppError, fieldError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { logger } from "@/lib/server/logger";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/validations/user";
import { isDemoPassword } from "@/lib/demo-accounts";

// Passwords, sign-in throttling and server-side sessions. The session cookie (a next-auth JWT)
// carries only the id of a user_session row; every request looks that row up with its user, so
// signing out, disabling a user or changing a role takes effect on the very next request.
// Throttling: docs/decisions/0018-sign-in-throttling.md.

/** Defaults; SIGN_IN_ACCOUNT_LIMIT / SIGN_IN_ADDRESS_LIMIT override them. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 100;
/** Failures of an account count for this long (or until its next successful sign-in). */
const ACCOUNT_WINDOW_MINUTES = 60;
/** Failures from one address count for this long. */
const ADDRESS_WINDOW_MINUTES = 15;
/** Over the account limit, the wait before the next attempt: 30 s, doubling per further failure, at most 15 min. */
const FIRST_DELAY_SECONDS = 30;
const MAX_DELAY_SECONDS = 15 * 60;
/** An account that signed in from an address this recently is not held back by that address's limit. */
const KNOWN_ADDRESS_DAYS = 30;
/** Sign-in attempts are kept this long, then pruned. */
export const ATTEMPT_RETENTION_DAYS = 30;

export const accountLimit = () => env().SIGN_IN_ACCOUNT_LIMIT;
export const addressLimit = () => env().SIGN_IN_ADDRESS_LIMIT;

// argon2id with the library's defaults (OWASP-recommended memory cost); about 100 ms here.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A fixed hash to verify against when the account does not exist, so that timing does not tell.
let dummyHash: Promise<string> | null = null;

export type SignInResult =
  | { ok: true; sessionId: string; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

export function normalizeEmail(email: string): string {
  return email.normalize("NFC").trim().toLowerCase();
}

/** The wait after `failures` evaluated failures (none below the limit). */
export function throttleDelaySeconds(failures: number, limit: number): number {
  if (failures < limit) return 0;
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** Math.min(failures - limit, 20));
}

type Gate =
  | { allowed: true; attemptId: bigint; failures: number }
  | { allowed: false; by: "account" | "address"; retryAfterSeconds: number; firstOfBurst: boolean };

/**
 * Checks and records one attempt atomically: under a transaction-level advisory lock per account
 * (and one per address), counts the failures (a PENDING attempt, whose password is still being
 * checked, counts as one) and either records a PENDING attempt or a THROTTLED one. Thirty parallel
 * attempts therefore see each other: at most the limit are evaluated. A THROTTLED attempt never
 * counts, so refusals do not extend the wait.
 */
async function gate(email: string, ip: string | null): Promise<Gate> {
  const limit = accountLimit();
  const perAddress = addressLimit();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('keit.sign-in.account'), hashtext(${email}))`;
    if (ip) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('keit.sign-in.address'), hashtext(${ip}))`;
    const [account] = await tx.$queryRaw<{ failures: bigint; last_failure: Date | null; last_throttled: Date | null }[]>`
      WITH since AS (
        SELECT greatest(now() - make_interval(mins => ${ACCOUNT_WINDOW_MINUTES}),
                        coalesce((SELECT max(at) FROM sign_in_attempt WHERE email = ${email} AND outcome = 'SUCCESS'), '-infinity')) AS t
      )
      SELECT count(*) FILTER (WHERE outcome IN ('FAILED', 'PENDING')) AS failures,
             max(at) FILTER (WHERE outcome IN ('FAILED', 'PENDING')) AS last_failure,
             max(at) FILTER (WHERE outcome = 'THROTTLED') AS last_throttled
        FROM sign_in_attempt, since WHERE email = ${email} AND at > since.t`;
    const failures = Number(account?.failures ?? 0);
    const lastFailure = account?.last_failure ?? null;
    let refusal: { by: "account" | "address"; retryAfterSeconds: number; lastThrottled: Date | null; lastEvaluated: Date | null } | null = null;
    if (failures >= limit && lastFailure) {
      const retryAt = lastFailure.getTime() + throttleDelaySeconds(failures, limit) * 1000;
      if (retryAt > Date.now()) refusal = { by: "account", retryAfterSeconds: Math.ceil((retryAt - Date.now()) / 1000), lastThrottled: account?.last_throttled ?? null, lastEvaluated: lastFailure };
    }
    if (!refusal && ip) {
      const [address] = await tx.$queryRaw<{ failures: bigint; oldest: Date | null; last_failure: Date | null; last_throttled: Date | null; known: boolean }[]>`
        SELECT count(*) FILTER (WHERE outcome IN ('FAILED', 'PENDING')) AS failures,
               min(at) FILTER (WHERE outcome IN ('FAILED', 'PENDING')) AS oldest,
               max(at) FILTER (WHERE outcome IN ('FAILED', 'PENDING')) AS last_failure,
               max(at) FILTER (WHERE outcome = 'THROTTLED') AS last_throttled,
               EXISTS (SELECT 1 FROM sign_in_attempt WHERE email = ${email} AND ip = ${ip} AND outcome = 'SUCCESS'
                         AND at > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})) AS known
          FROM sign_in_attempt WHERE ip = ${ip} AND at > now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`;
      // A colleague who signed in from this (shared) address before is not held back by a script
      // elsewhere in the office; their own account's limit still applies.
      if (address && Number(address.failures) >= perAddress && !address.known && address.oldest) {
        const retryAt = address.oldest.getTime() + ADDRESS_WINDOW_MINUTES * 60_000;
        refusal = { by: "address", retryAfterSeconds: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)), lastThrottled: address.last_throttled, lastEvaluated: address.last_failure };
      }
    }
    if (refusal) {
      await tx.signInAttempt.create({ data: { email, ip, outcome: "THROTTLED" } });
      // One audit entry per burst: the first refusal after an evaluated attempt.
      const firstOfBurst = !refusal.lastThrottled || (refusal.lastEvaluated !== null && refusal.lastThrottled < refusal.lastEvaluated);
      return { allowed: false, by: refusal.by, retryAfterSeconds: refusal.retryAfterSeconds, firstOfBurst };
    }
    const attempt = await tx.signInAttempt.create({ data: { email, ip, outcome: "PENDING" }, select: { id: true } });
    return { allowed: true, attemptId: attempt.id, failures };
  }, BURST);
}

/**
 * A burst of parallel attempts queues for pool connections and for the account's lock: give the
 * short gate transaction time to start rather than failing it (which would answer "unavailable").
 */
const BURST = { maxWait: 20_000, timeout: 20_000 };

/** Public: anyone may try; failures are slowed down, recorded, and never say whether the account exists. */
export async function signInWithPassword(input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<SignInResult> {
  const email = normalizeEmail(input.email).slice(0, 254) || "(empty)";
  const ip = input.ip?.slice(0, 64) ?? null;
  const who = { id: null, email, ip };
  const decision = await gate(email, ip);
  if (!decision.allowed) {
    logger().warn({ event: "auth.throttled", email, ip, by: decision.by, retryAfterSeconds: decision.retryAfterSeconds }, "sign-in throttled");
    if (decision.firstOfBurst) {
      await recordRefusal(who, { action: "auth.signIn", reason: `rate limited (${decision.by}); further refusals of this burst are not recorded` }, "FAILED");
    }
    return { ok: false, reason: "rate-limited", retryAfterSeconds: decision.retryAfterSeconds };
  }
  const user = await db().user.findUnique({ where: { email }, select: { id: true, email: true, passwordHash: true, isDisabled: true } });
  dummyHash ??= hashPassword(randomUUID());
  const valid = await verify(user?.passwordHash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !valid || user.isDisabled) {
    // Each failure costs a little more, on top of the hash: a steady guesser slows down.
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** Math.min(decision.failures, 3))));
    const reason = !user ? "unknown account" : user.isDisabled ? "disabled account" : "wrong password";
    await db().$transaction(async (tx) => {
      await tx.signInAttempt.update({ where: { id: decision.attemptId }, data: { outcome: "FAILED" } });
      await recordOutcome(tx, { ...who, id: user?.id ?? null }, { action: "auth.signIn", reason }, "FAILED");
    }, BURST);
    logger().warn({ event: "auth.signInFailed", email, ip, reason }, "sign-in failed");
    return { ok: false, reason: "invalid" };
  }
  const sessionId = randomUUID();
  await db().$transaction(async (tx) => {
    await tx.signInAttempt.update({ where: { id: decision.attemptId }, data: { outcome: "SUCCESS" } });
    await tx.userSession.create({
      data: {
        id: sessionId, userId: user.id, ip, userAgent: input.userAgent?.slice(0, 300),
        expiresAt: new Date(Date.now() + env().SESSION_MAX_HOURS * 3_600_000),
      },
    });
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await recordAudit(tx, { id: user.id, email: user.email, ip }, { action: "auth.signIn", entityType: "user", entityId: user.id });
  }, BURST);
  logger().info({ event: "auth.signIn", userId: user.id, ip }, "signed in");
  housekeepingSoon();
  return { ok: true, sessionId, userId: user.id };
}

/** The actor behind a session id, or null when the session ended, expired, went idle or its user is disabled. */
export async function loadActor(sessionId: string, ip: string | null): Promise<Actor | null> {
  if (!/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  const session = await db().userSession.findUnique({
    where: { id: sessionId },
    select: {
      expiresAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true, email: true, name: true, role: true, isDisabled: true, managesUnassignedProjects: true,
          programs: { select: { programId: true } },
        },
      },
    },
  });
  if (!session || session.user.isDisabled) return null;
  const now = Date.now();
  const idleMs = env().SESSION_IDLE_MINUTES * 60_000;
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMs <= now) {
    // Ended by time: the row goes now (housekeeping would remove it later anyway).
    await db().userSession.deleteMany({ where: { id: sessionId } });
    return null;
  }
  // Activity keeps the session alive; written at most once a minute per session.
  if (now - session.lastSeenAt.getTime() > 60_000) {
    await db().userSession.updateMany({ where: { id: sessionId, lastSeenAt: session.lastSeenAt }, data: { lastSeenAt: new Date(now) } });
  }
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

/** Signs the actor out everywhere: every session of theirs ends, this one included. Permission: signed in. */
export async function endAllSessions(actor: Actor | null): Promise<{ endedSessions: number }> {
  const who = await authorize(actor, "session.own", { programId: null, entityType: "user", entityId: actor?.id });
  return db().$transaction(async (tx) => {
    const { count } = await tx.userSession.deleteMany({ where: { userId: who.id! } });
    await recordAudit(tx, who, { action: "auth.signOutEverywhere", entityType: "user", entityId: who.id!, after: { endedSessions: count } });
    return { endedSessions: count };
  });
}

/**
 * The actor changes their own password: the current one is required, the new one must differ and
 * not be a published demo password. Every other session of theirs ends; `keepSessionId` (the one
 * they are using) stays. Permission: signed in.
 */
export async function changeOwnPassword(actor: Actor | null, keepSessionId: string | null, input: ChangePasswordInput): Promise<{ endedSessions: number }> {
  const who = await authorize(actor, "session.own", { programId: null, entityType: "user", entityId: actor?.id });
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    throw new AppError("VALIDATION", "VALIDATION", { fieldErrors });
  }
  const data = parsed.data;
  if (isDemoPassword(data.newPassword)) throw fieldError("newPassword", "passwordIsDemo");
  const user = await db().user.findUniqueOrThrow({ where: { id: who.id! }, select: { passwordHash: true } });
  if (!(await verify(user.passwordHash, data.currentPassword).catch(() => false))) {
    await recordRefusal(who, { action: "auth.changePassword", entityType: "user", entityId: who.id!, reason: "wrong current password" }, "FAILED");
    logger().warn({ event: "auth.changePasswordFailed", userId: who.id }, "password change refused: wrong current password");
    throw fieldError("currentPassword", "currentPasswordWrong");
  }
  const passwordHash = await hashPassword(data.newPassword);
  return db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: who.id! }, data: { passwordHash, usesDemoPassword: false } });
    const { count } = await tx.userSession.deleteMany({ where: { userId: who.id!, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
    await recordAudit(tx, who, { action: "auth.changePassword", entityType: "user", entityId: who.id!, after: { endedOtherSessions: count } });
    return { endedSessions: count };
  });
}

/**
 * Removes sessions that expired or went idle, and sign-in attempts older than the retention
 * period. No actor: run by the server itself (at most hourly, after a sign-in) and at start.
 */
export async function purgeExpired(): Promise<{ sessions: number; attempts: number }> {
  const idleSince = new Date(Date.now() - env().SESSION_IDLE_MINUTES * 60_000);
  const sessions = await db().userSession.deleteMany({ where: { OR: [{ expiresAt: { lte: new Date() } }, { lastSeenAt: { lte: idleSince } }] } });
  const attempts = await db().signInAttempt.deleteMany({ where: { at: { lt: new Date(Date.now() - ATTEMPT_RETENTION_DAYS * 86_400_000) } } });
  return { sessions: sessions.count, attempts: attempts.count };
}

let lastHousekeeping = 0;

function housekeepingSoon(): void {
  if (Date.now() - lastHousekeeping < 3_600_000) return;
  lastHousekeeping = Date.now();
  purgeExpired().then(
    (done) => logger().info({ event: "housekeeping", ...done }, "purged expired sessions and old sign-in attempts"),
    (error: unknown) => logger().error({ event: "housekeeping", err: error }, "purging expired sessions failed"),
  );
}
