import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { endSession, loadActor, MAX_FAILURES_PER_ACCOUNT, signInWithPassword } from "@/lib/data/auth";
import { updateUser } from "@/lib/data/users";
import type { Actor } from "@/lib/permissions";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedDemoAccounts } from "@/prisma/seed";
import { DEMO_ACCOUNTS } from "@/prisma/seed-data/demo-accounts";

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
    expect(await signIn(PM.email, PM.password)).toEqual({ ok: false, reason: "rate-limited" });
    expect(await db().userSession.count()).toBe(0);
    const audit = await signInAudit(PM.email);
    expect(audit).toHaveLength(MAX_FAILURES_PER_ACCOUNT + 1);
    expect(audit.at(-1)).toMatchObject({ outcome: "FAILED", reason: "rate limited" });
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
