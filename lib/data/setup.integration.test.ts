import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { signInWithPassword } from "@/lib/data/auth";
import { administratorExists, createFirstAdministrator, issueSetupToken, setupTokenState } from "@/lib/data/setup";
import { createUserFromCommandLine } from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import { resetDatabase } from "@/lib/testing/reset-database";
import { seedDemoAccounts, seedPublishedPortfolio } from "@/prisma/seed";

// The first administrator of a production database, against a real PostgreSQL: the one-time
// setup link (issued only without an administrator, one hour, one use, audited) and the
// command line's user:create (same rules as the user admin, audited).

const PASSWORD = "first-admin-password-2026";
const form = (token: string, overrides: Partial<Record<string, string>> = {}) => ({
  token, email: "Admin@Agency.example", name: "첫 관리자", password: PASSWORD, passwordConfirm: PASSWORD, ...overrides,
});

async function refusedWith(promise: Promise<unknown>, code: string, key?: string): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (key) expect((error as AppError).messageKey).toBe(key);
  return error as AppError;
}

beforeEach(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
});

describe("the one-time setup link", () => {
  it("is issued on a database without an administrator, stored only as a hash, valid for one hour", async () => {
    const issued = await issueSetupToken();
    expect(issued).not.toBeNull();
    expect(issued!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db().setupToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.tokenHash).not.toContain(issued!.token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect(await setupTokenState(issued!.token)).toBe("valid");
  });

  it("is not issued once an administrator exists (the demo admin of the embedded database counts)", async () => {
    await seedDemoAccounts(db());
    expect(await administratorExists()).toBe(true);
    expect(await issueSetupToken()).toBeNull();
    expect(await db().setupToken.count()).toBe(0);
  });

  it("creates the administrator once, audited in the same transaction, and then refuses", async () => {
    const { token } = (await issueSetupToken())!;
    const { id } = await createFirstAdministrator(form(token), "203.0.113.7");
    const user = await db().user.findUniqueOrThrow({ where: { id } });
    expect(user).toMatchObject({ email: "admin@agency.example", name: "첫 관리자", role: "ADMIN", isDisabled: false, usesDemoPassword: false });
    expect(user.passwordHash).not.toContain(PASSWORD);
    expect((await signInWithPassword({ email: "admin@agency.example", password: PASSWORD, ip: null, userAgent: null })).ok).toBe(true);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.create", entityId: String(id) } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", actorId: id, ip: "203.0.113.7", reason: "first administrator, through the one-time setup link" });
    expect(audit.after).toMatchObject({ email: "admin@agency.example", role: "ADMIN" });
    expect((await db().setupToken.findFirstOrThrow()).usedAt).not.toBeNull();

    // The same link again, and a link issued before the administrator existed: both refused.
    expect(await setupTokenState(token)).toBe("adminExists");
    await refusedWith(createFirstAdministrator(form(token, { email: "second@agency.example" }), null), "FORBIDDEN", "setupAdminExists");
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(1);
    const denied = await db().auditLog.findFirstOrThrow({ where: { action: "setup.firstAdmin" } });
    expect(denied).toMatchObject({ outcome: "DENIED", actorEmail: "second@agency.example", reason: "setup link refused: adminExists" });
    expect(await issueSetupToken()).toBeNull();
  });

  it("refuses an unknown, a malformed, a used and an expired token, and changes nothing", async () => {
    const issuedAt = new Date(Date.now() - 61 * 60_000);
    const old = (await issueSetupToken(issuedAt))!;
    expect(await setupTokenState(old.token)).toBe("expired");
    await refusedWith(createFirstAdministrator(form(old.token), null), "FORBIDDEN", "setupLinkInvalid");
    expect(await setupTokenState("x".repeat(43))).toBe("unknown");
    expect(await setupTokenState("<script>")).toBe("unknown");
    await refusedWith(createFirstAdministrator(form("y".repeat(43)), null), "FORBIDDEN", "setupLinkInvalid");
    // Used, but no administrator (for example the one created was disabled since): still refused.
    const { token } = (await issueSetupToken())!;
    const { id } = await createFirstAdministrator(form(token), null);
    await db().user.update({ where: { id }, data: { isDisabled: true } });
    expect(await setupTokenState(token)).toBe("used");
    await refusedWith(createFirstAdministrator(form(token, { email: "other@agency.example" }), null), "FORBIDDEN", "setupLinkInvalid");
    expect(await db().user.count()).toBe(1);
    expect(await db().auditLog.count({ where: { action: "setup.firstAdmin", outcome: "DENIED" } })).toBe(3);
  });

  it("names the field of bad input: short, different or demo password, bad e-mail, empty name", async () => {
    const { token } = (await issueSetupToken())!;
    const fields = async (overrides: Record<string, string>) =>
      ((await refusedWith(createFirstAdministrator(form(token, overrides), null), "VALIDATION")).details as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(await fields({ password: "short", passwordConfirm: "short" })).toEqual({ password: ["passwordTooShort"] });
    expect(await fields({ passwordConfirm: "something-else-entirely" })).toEqual({ passwordConfirm: ["passwordMismatch"] });
    expect(await fields({ password: "keit-demo-admin-2026", passwordConfirm: "keit-demo-admin-2026" })).toEqual({ password: ["passwordIsDemo"] });
    expect(await fields({ email: "not-an-email" })).toEqual({ email: ["emailInvalid"] });
    expect(await fields({ name: "   " })).toEqual({ name: ["required"] });
    expect(await db().user.count()).toBe(0);
    expect(await setupTokenState(token)).toBe("valid");
  });

  it("makes one administrator when two links are used at the same moment", async () => {
    const a = (await issueSetupToken())!;
    const b = (await issueSetupToken())!;
    const results = await Promise.allSettled([
      createFirstAdministrator(form(a.token, { email: "a@agency.example" }), null),
      createFirstAdministrator(form(b.token, { email: "b@agency.example" }), null),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().user.count({ where: { role: "ADMIN" } })).toBe(1);
  });
});

describe("user:create on the command line", () => {
  it("creates a user with the user admin's rules, audited as user.create by nobody", async () => {
    const { id } = await createUserFromCommandLine({ email: " Ops@Agency.example ", name: "운영자", role: "ADMIN", password: PASSWORD });
    expect(await db().user.findUniqueOrThrow({ where: { id } })).toMatchObject({ email: "ops@agency.example", role: "ADMIN", usesDemoPassword: false });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.create", entityId: String(id) } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", actorId: null, reason: "created on the command line (npm run user:create)" });
    expect(await issueSetupToken()).toBeNull();
  });

  it("refuses a short or demo password and a taken e-mail, creating nothing", async () => {
    await createUserFromCommandLine({ email: "ops@agency.example", name: "운영자", role: "REVIEWER", password: PASSWORD });
    const before = await db().user.count();
    const key = async (input: Parameters<typeof createUserFromCommandLine>[0]) =>
      ((await refusedWith(createUserFromCommandLine(input), "VALIDATION")).details as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(await key({ email: "x@agency.example", name: "X", role: "ADMIN", password: "short" })).toEqual({ password: ["passwordTooShort"] });
    expect(await key({ email: "x@agency.example", name: "X", role: "ADMIN", password: "keit-demo-pm-2026" })).toEqual({ password: ["passwordIsDemo"] });
    expect(await key({ email: "OPS@agency.example", name: "X", role: "ADMIN", password: PASSWORD })).toEqual({ email: ["emailTaken"] });
    expect(await db().user.count()).toBe(before);
  });
});
