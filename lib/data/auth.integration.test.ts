import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  ATTEMPT_RETENTION_DAYS, changeOwnPassword, endAllSessions, endSession, loadActor, MAX_FAILURES_PER_ACCOUNT, purgeExpired,
  signInWithPassword, throttleDelaySeconds,
} from "@/lib/data/auth";
import { isAppError } from "@/lib/errors";
import { updateUser } from "@/lib/data/users";
import type { Actor } from "@/lib/permissions";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedDemoAccounts } from "@/prisma/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";

// Sign-in, throttling and server-side sessions against a real PostgreSQL. The accounts are the
// seed's demo accounts (one set of factories: house style rule 13).

const account = (role: string) => {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!found) throw new Error(`no demo ${role}`);
  return found;
};
const ADMIN = account("ADMIN");
const PM = account("PROGRAM_MANAGER");

const signIn = (email: string, password: string, ip: string | null = null) =>
  signInWithPassword({ email, password, ip, userAgent: "vitest" });

async function signedIn(email: string, password: string): Promise<{ sessionId: string; actor: Actor }> {
  const result = await signIn(email, password);
  if (!result.ok) throw new Error(`${email} could not sign in: ${result.reason}`);
  const actor = await loadActor(result.sessionId, null);
  if (!actor) throw new Error(`no actor for ${email}`);
  return { sessionId: result.sessionId, actor };
}

const signInAudit = (email: string) =>
  db().auditLog.findMany({ where: { action: "auth.signIn", actorEmail: email }, orderBy: { id: "asc" }, select: { outcome: true, reason: true, actorId: true, ip: true } });

async function profileOf(email: string) {
  const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true, version: true, name: true, role: true, managesUnassignedProjects: true, programs: { select: { programId: true } } } });
  return { ...user, programIds: user.programs.map((p) => p.programId) };
}

beforeEach(async () => {
  await resetDatabase();
  await seedDemoAccounts(db());
});

describe("signing in", () => {
  it("creates a session and an audit row for the right password, whatever the e-mail's case and spaces", async () => {
    const result = await signIn(`  ${PM.email.toUpperCase()} `, PM.password, "203.0.113.7");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const user = await db().user.findUniqueOrThrow({ where: { email: PM.email }, select: { id: true, lastSignInAt: true } });
    expect(result.userId).toBe(user.id);
    expect(user.lastSignInAt).not.toBeNull();
    const sessions = await db().userSession.findMany({ where: { userId: user.id }, select: { id: true, ip: true, userAgent: true, expiresAt: true } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: result.sessionId, ip: "203.0.113.7", userAgent: "vitest" });
    expect(sessions[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await signInAudit(PM.email)).toEqual([{ outcome: "SUCCESS", reason: null, actorId: user.id, ip: "203.0.113.7" }]);

    const actor = await loadActor(result.sessionId, "203.0.113.7");
    expect(actor).toMatchObject({ id: user.id, email: PM.email, role: "PROGRAM_MANAGER", managesUnassignedProjects: true, ip: "203.0.113.7" });
  });

  it("gives the same answer for a wrong password, an unknown e-mail and a disabled user, and records each", async () => {
    await db().user.update({ where: { email: ADMIN.email }, data: { isDisabled: true } });
    const wrongPassword = await signIn(PM.email, `${PM.password}x`);
    const unknown = await signIn("nobody@keit.example", PM.password);
    const disabled = await signIn(ADMIN.email, ADMIN.password);
    for (const result of [wrongPassword, unknown, disabled]) expect(result).toEqual({ ok: false, reason: "invalid" });

    expect(await db().userSession.count()).toBe(0);
    const pmId = (await profileOf(PM.email)).id;
    expect(await signInAudit(PM.email)).toEqual([{ outcome: "FAILED", reason: "wrong password", actorId: pmId, ip: null }]);
    expect(await signInAudit("nobody@keit.example")).toEqual([{ outcome: "FAILED", reason: "unknown account", actorId: null, ip: null }]);
    expect(await signInAudit(ADMIN.email)).toMatchObject([{ outcome: "FAILED", reason: "disabled account" }]);
  });

  it(`refuses even the right password after ${MAX_FAILURES_PER_ACCOUNT} failures, and records the refusal`, async () => {
    for (let n = 0; n < MAX_FAILURES_PER_ACCOUNT; n++) expect(await signIn(PM.email, "wrong-password-123")).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(PM.email, PM.password)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await db().userSession.count()).toBe(0);
    const audit = await signInAudit(PM.email);
    expect(audit).toHaveLength(MAX_FAILURES_PER_ACCOUNT + 1);
    expect(audit.at(-1)).toMatchObject({ outcome: "FAILED", reason: expect.stringMatching(/^rate limited \(account\)/) });
    // Another account is not affected.
    expect((await signIn(ADMIN.email, ADMIN.password)).ok).toBe(true);
  }, 60_000);
});

describe("sessions", () => {
  it("ends with endSession: the next loadActor returns null", async () => {
    const { sessionId, actor } = await signedIn(PM.email, PM.password);
    await endSession(sessionId, "203.0.113.8");
    expect(await loadActor(sessionId, null)).toBeNull();
    expect(await db().userSession.count({ where: { id: sessionId } })).toBe(0);
    expect(await db().auditLog.count({ where: { action: "auth.signOut", actorId: actor.id, outcome: "SUCCESS", ip: "203.0.113.8" } })).toBe(1);
  });

  it("stops working on the next call once the user is disabled", async () => {
    const admin = (await signedIn(ADMIN.email, ADMIN.password)).actor;
    const { sessionId } = await signedIn(PM.email, PM.password);
    const pm = await profileOf(PM.email);
    await updateUser(admin, { id: pm.id, version: pm.version, name: pm.name, role: pm.role, programIds: pm.programIds, managesUnassignedProjects: pm.managesUnassignedProjects, isDisabled: true });
    expect(await loadActor(sessionId, null)).toBeNull();
  });

  it("checks the user's status itself, even while the session row still exists", async () => {
    const { sessionId } = await signedIn(PM.email, PM.password);
    await db().user.update({ where: { email: PM.email }, data: { isDisabled: true } });
    expect(await db().userSession.count({ where: { id: sessionId } })).toBe(1);
    expect(await loadActor(sessionId, null)).toBeNull();
  });

  it("shows a new role on the next call", async () => {
    const admin = (await signedIn(ADMIN.email, ADMIN.password)).actor;
    const { sessionId, actor } = await signedIn(PM.email, PM.password);
    expect(actor.role).toBe("PROGRAM_MANAGER");
    const pm = await profileOf(PM.email);
    await updateUser(admin, { id: pm.id, version: pm.version, name: pm.name, role: "REVIEWER", programIds: pm.programIds, managesUnassignedProjects: true, isDisabled: false });
    const next = await loadActor(sessionId, null);
    expect(next).toMatchObject({ id: pm.id, role: "REVIEWER", programIds: [], managesUnassignedProjects: false });
  });

  it("returns null for an expired, unknown or malformed session id", async () => {
    const { sessionId } = await signedIn(PM.email, PM.password);
    await db().userSession.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - 10_000), expiresAt: new Date(Date.now() - 1000) } });
    expect(await loadActor(sessionId, null)).toBeNull();
    expect(await loadActor("00000000-0000-4000-8000-000000000000", null)).toBeNull();
    expect(await loadActor("'; DROP TABLE app_user; --", null)).toBeNull();
  });
});

const attempts = (email: string) =>
  db().signInAttempt.groupBy({ by: ["outcome"], where: { email }, _count: true }).then((rows) => Object.fromEntries(rows.map((r) => [r.outcome, r._count])));

/** Moves an account's attempts into the past, as if `seconds` had passed. */
const age = (email: string, seconds: number) =>
  db().$executeRaw`UPDATE sign_in_attempt SET at = at - make_interval(secs => ${seconds}) WHERE email = ${email}`;

describe("sign-in throttling (issue 9, findings 2 and 3)", () => {
  afterEach(() => {
    delete process.env.SIGN_IN_ADDRESS_LIMIT;
  });

  it("evaluates at most the limit of 30 parallel wrong passwords; the others are throttled; another account from the same address still signs in", async () => {
    const ip = "198.51.100.20";
    const results = await Promise.all(Array.from({ length: 30 }, () => signIn(PM.email, "wrong-password-123", ip)));
    const invalid = results.filter((r) => !r.ok && r.reason === "invalid").length;
    const limited = results.filter((r) => !r.ok && r.reason === "rate-limited").length;
    expect(invalid).toBe(MAX_FAILURES_PER_ACCOUNT);
    expect(limited).toBe(30 - MAX_FAILURES_PER_ACCOUNT);
    expect(await attempts(PM.email)).toEqual({ FAILED: MAX_FAILURES_PER_ACCOUNT, THROTTLED: 30 - MAX_FAILURES_PER_ACCOUNT });
    // The audit trail: one entry per evaluated failure, and one for the whole throttled burst.
    const audit = await signInAudit(PM.email);
    expect(audit.filter((a) => a.reason === "wrong password")).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(audit.filter((a) => a.reason?.startsWith("rate limited"))).toHaveLength(1);

    const admin = await signIn(ADMIN.email, ADMIN.password, ip);
    expect(admin.ok).toBe(true);
  }, 120_000);

  it("makes the wait grow with each evaluated failure, and refusals do not extend it", async () => {
    expect(throttleDelaySeconds(4, 5)).toBe(0);
    expect(throttleDelaySeconds(5, 5)).toBe(30);
    expect(throttleDelaySeconds(6, 5)).toBe(60);
    expect(throttleDelaySeconds(30, 5)).toBe(900);

    for (let n = 0; n < MAX_FAILURES_PER_ACCOUNT; n++) await signIn(PM.email, "wrong-password-123");
    const first = await signIn(PM.email, PM.password);
    expect(first).toMatchObject({ ok: false, reason: "rate-limited" });
    const firstWait = !first.ok && first.reason === "rate-limited" ? first.retryAfterSeconds : 0;
    expect(firstWait).toBeGreaterThan(25);
    expect(firstWait).toBeLessThanOrEqual(30);
    // Ten more refusals later the wait has not grown: refusals are not failures.
    for (let n = 0; n < 10; n++) await signIn(PM.email, "wrong-password-123");
    const later = await signIn(PM.email, PM.password);
    expect(!later.ok && later.reason === "rate-limited" && later.retryAfterSeconds).toBeLessThanOrEqual(firstWait);

    // After the wait one more attempt is evaluated; a wrong one doubles the next wait.
    await age(PM.email, 31);
    expect(await signIn(PM.email, "wrong-password-123")).toEqual({ ok: false, reason: "invalid" });
    const doubled = await signIn(PM.email, PM.password);
    expect(!doubled.ok && doubled.reason === "rate-limited" && doubled.retryAfterSeconds).toBeGreaterThan(55);
    // Once that wait has passed, the right password signs in and the count starts afresh.
    await age(PM.email, 61);
    expect((await signIn(PM.email, PM.password)).ok).toBe(true);
    expect((await signIn(PM.email, "wrong-password-123"))).toEqual({ ok: false, reason: "invalid" });
  }, 120_000);

  it("holds back an address after many failures, but not an account that signed in from it before", async () => {
    process.env.SIGN_IN_ADDRESS_LIMIT = "3";
    const office = "192.0.2.44";
    expect((await signIn(ADMIN.email, ADMIN.password, office)).ok).toBe(true);
    for (const n of [1, 2, 3]) expect(await signIn(`victim-${n}@keit.example`, "guess-guess-guess", office)).toEqual({ ok: false, reason: "invalid" });
    // A new account from the sprayed address waits ...
    expect(await signIn("victim-4@keit.example", "guess-guess-guess", office)).toMatchObject({ ok: false, reason: "rate-limited" });
    expect(await signIn(PM.email, PM.password, office)).toMatchObject({ ok: false, reason: "rate-limited" });
    // ... from another address it does not, and a colleague known at this address signs in.
    expect((await signIn(PM.email, PM.password, "192.0.2.45")).ok).toBe(true);
    expect((await signIn(ADMIN.email, ADMIN.password, office)).ok).toBe(true);
  }, 120_000);

  it("prunes attempts after the retention period and ends expired and idle sessions", async () => {
    await signIn(PM.email, "wrong-password-123");
    const { sessionId } = await signedIn(ADMIN.email, ADMIN.password);
    await db().signInAttempt.updateMany({ where: { email: PM.email }, data: { at: new Date(Date.now() - (ATTEMPT_RETENTION_DAYS + 1) * 86_400_000) } });
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    const purged = await purgeExpired();
    expect(purged).toEqual({ sessions: 1, attempts: 1 });
    expect(await db().signInAttempt.count({ where: { email: ADMIN.email } })).toBe(1);
  });
});

describe("session lifetime (idle and absolute)", () => {
  it("ends a session idle for longer than SESSION_IDLE_MINUTES (30 by default)", async () => {
    const { sessionId } = await signedIn(PM.email, PM.password);
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 29 * 60_000) } });
    expect(await loadActor(sessionId, null)).not.toBeNull();
    // That request counted as activity.
    const seen = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeenAt: true } });
    expect(Date.now() - seen.lastSeenAt.getTime()).toBeLessThan(10_000);
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await loadActor(sessionId, null)).toBeNull();
    expect(await db().userSession.count({ where: { id: sessionId } })).toBe(0);
  });

  it("ends a session after SESSION_MAX_HOURS (12 by default), however active", async () => {
    const { sessionId } = await signedIn(PM.email, PM.password);
    const row = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { createdAt: true, expiresAt: true } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(11.9 * 3_600_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThan(12.1 * 3_600_000);
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(), createdAt: new Date(Date.now() - 13 * 3_600_000), expiresAt: new Date(Date.now() - 1000) } });
    expect(await loadActor(sessionId, null)).toBeNull();
  });

  it("reads the idle timeout from SESSION_IDLE_MINUTES", async () => {
    process.env.SESSION_IDLE_MINUTES = "5";
    try {
      const { sessionId } = await signedIn(PM.email, PM.password);
      await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - 6 * 60_000) } });
      expect(await loadActor(sessionId, null)).toBeNull();
    } finally {
      delete process.env.SESSION_IDLE_MINUTES;
    }
  });
});

describe("one's own password and sessions", () => {
  const NEW_PASSWORD = "a-brand-new-password-2026";

  it("changes the password only with the current one, and ends the other sessions", async () => {
    const mine = await signedIn(PM.email, PM.password);
    const other = await signedIn(PM.email, PM.password);
    const wrong = await changeOwnPassword(mine.actor, mine.sessionId, { currentPassword: "not-it-at-all", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.details).toEqual({ fieldErrors: { currentPassword: ["currentPasswordWrong"] } });
    const mismatch = await changeOwnPassword(mine.actor, mine.sessionId, { currentPassword: PM.password, newPassword: NEW_PASSWORD, confirmPassword: "different-one-123" }).catch((e: unknown) => e);
    expect(isAppError(mismatch) && mismatch.details).toEqual({ fieldErrors: { confirmPassword: ["passwordMismatch"] } });
    expect(await loadActor(other.sessionId, null)).not.toBeNull();

    expect(await changeOwnPassword(mine.actor, mine.sessionId, { currentPassword: PM.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).toEqual({ endedSessions: 1 });
    expect(await loadActor(other.sessionId, null)).toBeNull();
    expect(await loadActor(mine.sessionId, null)).not.toBeNull();
    expect(await signIn(PM.email, PM.password)).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn(PM.email, NEW_PASSWORD)).ok).toBe(true);
    const user = await db().user.findUniqueOrThrow({ where: { email: PM.email }, select: { usesDemoPassword: true } });
    expect(user.usesDemoPassword).toBe(false);
    expect(await db().auditLog.count({ where: { action: "auth.changePassword", actorId: mine.actor.id, outcome: "SUCCESS" } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "auth.changePassword", actorId: mine.actor.id, outcome: "FAILED" } })).toBe(1);
  }, 60_000);

  it("signs out of every session at once", async () => {
    const a = await signedIn(REVIEWER_EMAIL(), REVIEWER_PASSWORD());
    const b = await signedIn(REVIEWER_EMAIL(), REVIEWER_PASSWORD());
    expect(await endAllSessions(a.actor)).toEqual({ endedSessions: 2 });
    expect(await loadActor(a.sessionId, null)).toBeNull();
    expect(await loadActor(b.sessionId, null)).toBeNull();
    await expect(endAllSessions(null)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  }, 60_000);
});

function REVIEWER_EMAIL() {
  return account("REVIEWER").email;
}
function REVIEWER_PASSWORD() {
  return account("REVIEWER").password;
}
