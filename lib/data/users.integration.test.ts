import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadActor, signInWithPassword } from "@/lib/data/auth";
import {
  createUser, getUser, listEnabledDemoPasswordUsers, listProgramChoices, listUsers, profileForForm, resetPassword,
  setPasswordFromCommandLine, updateUser,
} from "@/lib/data/users";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { demoPasswordRefusal } from "@/lib/server/demo-passwords";
import { resetDatabase } from "@/lib/testing/reset-database";
import { createUserSchema, updateUserSchema, type CreateUserInput, type UpdateUserInput } from "@/lib/validations/user";
import { seedDemoAccounts, seedPublishedPortfolio } from "@/prisma/seed";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";

// User administration against a real PostgreSQL: who may do it, what bad input does (nothing),
// and how two administrators saving at once are kept apart.

const demo = (role: string) => DEMO_ACCOUNTS.find((a) => a.role === role)!;

async function actorFor(role: string): Promise<Actor> {
  const { email, password } = demo(role);
  const result = await signInWithPassword({ email, password, ip: null, userAgent: null });
  if (!result.ok) throw new Error(`${email}: ${result.reason}`);
  return (await loadActor(result.sessionId, null))!;
}

const canSignIn = async (email: string, password: string) => (await signInWithPassword({ email, password, ip: null, userAgent: null })).ok;

/** Everything user administration could change. */
async function snapshot() {
  const [users, assignments, sessions, writes] = await Promise.all([
    db().user.findMany({ orderBy: { id: "asc" } }),
    db().programAssignment.findMany({ orderBy: [{ userId: "asc" }, { programId: "asc" }], select: { userId: true, programId: true } }),
    db().userSession.findMany({ orderBy: { id: "asc" }, select: { id: true } }),
    db().auditLog.count({ where: { outcome: "SUCCESS", action: { startsWith: "user." } } }),
  ]);
  return { users, assignments, sessions, writes };
}

async function expectAppError(promise: Promise<unknown>, code: string, fieldErrors?: Record<string, string[]>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (fieldErrors) expect((error as AppError).details).toEqual({ fieldErrors });
  return error as AppError;
}

let alchemistId: number;
const valid = (): CreateUserInput => ({
  email: "new.pm@keit.example", name: "김담당", role: "PROGRAM_MANAGER", programIds: [alchemistId],
  managesUnassignedProjects: false, password: "a-long-enough-password",
});

async function editable(email: string): Promise<UpdateUserInput> {
  const user = await db().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const admin = await actorFor("ADMIN");
  const detail = (await getUser(admin, user.id))!;
  return {
    id: detail.id, version: detail.version, shown: JSON.stringify(profileForForm(detail)), name: detail.name, role: detail.role,
    programIds: detail.programs.map((p) => p.id), managesUnassignedProjects: detail.managesUnassignedProjects, isDisabled: detail.isDisabled,
  };
}

beforeEach(async () => {
  await resetDatabase();
  await seedPublishedPortfolio(db());
  await seedDemoAccounts(db());
  alchemistId = (await db().program.findUniqueOrThrow({ where: { code: "alchemist" }, select: { id: true } })).id;
});

describe("the demo accounts", () => {
  it("are seeded once, into an empty user table only, each audited", async () => {
    expect(await seedDemoAccounts(db())).toEqual({ created: [] });
    const users = await db().user.findMany({ orderBy: { id: "asc" }, select: { email: true, role: true, usesDemoPassword: true, managesUnassignedProjects: true, programs: { select: { program: { select: { code: true } } } } } });
    expect(users).toEqual([
      { email: "admin@keit.example", role: "ADMIN", usesDemoPassword: true, managesUnassignedProjects: false, programs: [] },
      { email: "pm@keit.example", role: "PROGRAM_MANAGER", usesDemoPassword: true, managesUnassignedProjects: true, programs: [{ program: { code: "alchemist" } }] },
      { email: "reviewer@keit.example", role: "REVIEWER", usesDemoPassword: true, managesUnassignedProjects: false, programs: [] },
    ]);
    expect(await db().auditLog.count({ where: { action: "user.create", actorId: null, outcome: "SUCCESS" } })).toBe(3);
    for (const a of DEMO_ACCOUNTS) expect(await canSignIn(a.email, a.password)).toBe(true);
  });

  it("keep a production server on an external database from starting until their passwords change", async () => {
    expect(await demoPasswordRefusal({ production: false, embeddedDatabase: false })).toBeNull();
    expect(await demoPasswordRefusal({ production: true, embeddedDatabase: true })).toBeNull();
    const refusal = await demoPasswordRefusal({ production: true, embeddedDatabase: false });
    expect(refusal).toContain("npm run user:set-password -- --email admin@keit.example");
    expect(refusal).toContain("reviewer@keit.example");

    await setPasswordFromCommandLine("ADMIN@keit.example", "operator-chosen-secret");
    await db().user.update({ where: { email: "reviewer@keit.example" }, data: { isDisabled: true } });
    expect(await listEnabledDemoPasswordUsers()).toEqual(["pm@keit.example"]);
    await setPasswordFromCommandLine("pm@keit.example", "another-chosen-secret");
    expect(await demoPasswordRefusal({ production: true, embeddedDatabase: false })).toBeNull();
    expect(await db().auditLog.count({ where: { action: "user.resetPassword", actorId: null, outcome: "SUCCESS" } })).toBe(2);
  });

  it("cannot get a demo password back, nor one that is too short, from the command line", async () => {
    await expectAppError(setPasswordFromCommandLine("admin@keit.example", "keit-demo-pm-2026"), "VALIDATION", { password: ["passwordIsDemo"] });
    await expectAppError(setPasswordFromCommandLine("admin@keit.example", "short"), "VALIDATION", { password: ["passwordTooShort"] });
    await expectAppError(setPasswordFromCommandLine("nobody@keit.example", "long-enough-password"), "NOT_FOUND");
    expect(await listEnabledDemoPasswordUsers()).toHaveLength(3);
  });
});

describe("an administrator", () => {
  it("creates a user who can then sign in, with an audit row and no password in it", async () => {
    const admin = await actorFor("ADMIN");
    const { id } = await createUser(admin, valid());
    const user = (await getUser(admin, id))!;
    expect(user).toMatchObject({ email: "new.pm@keit.example", name: "김담당", role: "PROGRAM_MANAGER", isDisabled: false, usesDemoPassword: false, version: 1 });
    expect(user.programs.map((p) => p.code)).toEqual(["alchemist"]);
    expect(await canSignIn("New.PM@keit.example", "a-long-enough-password")).toBe(true);

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.create", actorId: admin.id }, select: { outcome: true, entityId: true, after: true } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", entityId: String(id) });
    expect(JSON.stringify(audit.after)).not.toContain("a-long-enough-password");
    expect(JSON.stringify(audit.after)).not.toContain("argon2");

    const list = await listUsers(admin);
    expect(list.total).toBe(4);
    expect(list.items.map((u) => u.email)).toContain("new.pm@keit.example");
    expect((await listProgramChoices(admin)).map((p) => p.code)).toEqual(["alchemist"]);
  });

  it("updates role, programmes and status, bumping the version, in one audited change", async () => {
    const admin = await actorFor("ADMIN");
    const input = await editable("pm@keit.example");
    const { version } = await updateUser(admin, { ...input, name: "이름 바꾼 담당자", programIds: [], managesUnassignedProjects: false });
    expect(version).toBe(input.version + 1);
    const after = (await getUser(admin, input.id))!;
    expect(after).toMatchObject({ name: "이름 바꾼 담당자", version: input.version + 1, managesUnassignedProjects: false, programs: [] });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.update", entityId: String(input.id) }, select: { before: true, after: true, actorId: true } });
    expect(audit).toMatchObject({ actorId: admin.id, before: { name: "데모 사업담당자", programIds: [alchemistId] }, after: { name: "이름 바꾼 담당자", programIds: [] } });

    // Programmes belong to program managers only: another role keeps none.
    const again = await editable("pm@keit.example");
    await updateUser(admin, { ...again, role: "REVIEWER", programIds: [alchemistId], managesUnassignedProjects: true });
    expect((await getUser(admin, input.id))!).toMatchObject({ role: "REVIEWER", programs: [], managesUnassignedProjects: false });
  });

  it("disables a user, which ends their sessions; enabling lets them sign in again", async () => {
    const admin = await actorFor("ADMIN");
    await signInWithPassword({ email: "reviewer@keit.example", password: demo("REVIEWER").password, ip: null, userAgent: null });
    const input = await editable("reviewer@keit.example");
    expect(await db().userSession.count({ where: { userId: input.id } })).toBe(1);
    await updateUser(admin, { ...input, isDisabled: true });
    expect(await db().userSession.count({ where: { userId: input.id } })).toBe(0);
    expect(await canSignIn("reviewer@keit.example", demo("REVIEWER").password)).toBe(false);
    expect(await db().auditLog.count({ where: { action: "user.disable", entityId: String(input.id) } })).toBe(1);
    await updateUser(admin, { ...(await editable("reviewer@keit.example")), isDisabled: false });
    expect(await canSignIn("reviewer@keit.example", demo("REVIEWER").password)).toBe(true);
  });

  it("resets a password: the old one stops working, sessions end, the demo mark goes", async () => {
    const admin = await actorFor("ADMIN");
    const pm = await actorFor("PROGRAM_MANAGER");
    expect(await db().userSession.count({ where: { userId: pm.id } })).toBe(1);
    expect(await resetPassword(admin, { id: pm.id, password: "brand-new-password-1" })).toEqual({ endedSessions: 1 });
    expect(await db().userSession.count({ where: { userId: pm.id } })).toBe(0);
    expect(await canSignIn("pm@keit.example", demo("PROGRAM_MANAGER").password)).toBe(false);
    expect(await canSignIn("pm@keit.example", "brand-new-password-1")).toBe(true);
    expect((await getUser(admin, pm.id))!.usesDemoPassword).toBe(false);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "user.resetPassword", entityId: String(pm.id) }, select: { actorId: true, after: true } });
    expect(audit).toEqual({ actorId: admin.id, after: { usesDemoPassword: false, endedSessions: 1 } });
    expect(JSON.stringify(audit)).not.toContain("brand-new-password-1");
  });

  it("may not demote or disable themselves", async () => {
    const admin = await actorFor("ADMIN");
    const self = await editable("admin@keit.example");
    const before = await snapshot();
    await expectAppError(updateUser(admin, { ...self, role: "PROGRAM_MANAGER" }), "VALIDATION", { role: ["cannotDemoteSelf"] });
    await expectAppError(updateUser(admin, { ...self, isDisabled: true }), "VALIDATION", { isDisabled: ["cannotDisableSelf"] });
    expect(await snapshot()).toEqual(before);
  });
});

describe("anyone else", () => {
  for (const role of ["PROGRAM_MANAGER", "REVIEWER"] as const) {
    it(`(${role}) is refused every user function, changes nothing, and leaves a DENIED audit row`, async () => {
      const actor = await actorFor(role);
      const target = await editable("admin@keit.example");
      const before = await snapshot();
      await expectAppError(listUsers(actor), "FORBIDDEN");
      await expectAppError(getUser(actor, target.id), "FORBIDDEN");
      await expectAppError(listProgramChoices(actor), "FORBIDDEN");
      await expectAppError(createUser(actor, { ...valid(), role: "ADMIN" }), "FORBIDDEN");
      await expectAppError(updateUser(actor, { ...target, name: "탈취" }), "FORBIDDEN");
      await expectAppError(resetPassword(actor, { id: target.id, password: "taken-over-password" }), "FORBIDDEN");
      expect(await snapshot()).toEqual(before);
      expect(await canSignIn("admin@keit.example", demo("ADMIN").password)).toBe(true);
      const denied = await db().auditLog.findMany({ where: { actorId: actor.id, outcome: "DENIED" }, select: { action: true } });
      expect(denied).toHaveLength(6);
      expect(new Set(denied.map((d) => d.action))).toEqual(new Set(["user.manage"]));
    });
  }

  it("(not signed in) is refused as unauthenticated", async () => {
    const input = await editable("pm@keit.example");
    const before = await snapshot();
    await expectAppError(createUser(null, valid()), "UNAUTHENTICATED");
    await expectAppError(updateUser(null, input), "UNAUTHENTICATED");
    await expectAppError(resetPassword(null, { id: input.id, password: "taken-over-password" }), "UNAUTHENTICATED");
    expect(await snapshot()).toEqual(before);
  });
});

describe("bad input", () => {
  const cases: [string, Partial<CreateUserInput>, Record<string, string[]>][] = [
    ["an empty e-mail", { email: "" }, { email: ["emailRequired"] }],
    ["an invalid e-mail", { email: "not-an-email" }, { email: ["emailInvalid"] }],
    ["a too long e-mail", { email: `${"a".repeat(250)}@keit.example` }, { email: ["emailTooLong"] }],
    ["an empty name", { name: "   " }, { name: ["required"] }],
    ["a too long name", { name: "가".repeat(101) }, { name: ["tooLong"] }],
    ["a short password", { password: "short-pass" }, { password: ["passwordTooShort"] }],
    ["a too long password", { password: "p".repeat(201) }, { password: ["passwordTooLong"] }],
    ["a demo password", { password: "keit-demo-admin-2026" }, { password: ["passwordIsDemo"] }],
    ["a taken e-mail, in other case", { email: "PM@keit.example" }, { email: ["emailTaken"] }],
    ["an unknown programme", { programIds: [999_999] }, { programIds: ["programUnknown"] }],
  ];
  for (const [label, change, fieldErrors] of cases) {
    it(`${label} is a field error and writes nothing`, async () => {
      const admin = await actorFor("ADMIN");
      const before = await snapshot();
      await expectAppError(createUser(admin, { ...valid(), ...change }), "VALIDATION", fieldErrors);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("an unknown role is refused by the form's schema and by the data layer", async () => {
    const admin = await actorFor("ADMIN");
    const before = await snapshot();
    await expectAppError(createUser(admin, { ...valid(), role: "SUPERUSER" as "ADMIN" }), "VALIDATION", { role: ["choose"] });
    expect(await snapshot()).toEqual(before);
  });

  it("stores NFD Hangul as NFC and markup verbatim", async () => {
    const admin = await actorFor("ADMIN");
    const nfd = "홍길동".normalize("NFD");
    expect(nfd).not.toBe("홍길동");
    const a = await createUser(admin, { ...valid(), email: "nfd@keit.example", name: ` ${nfd} ` });
    const b = await createUser(admin, { ...valid(), email: "markup@keit.example", name: "<script>alert(1)</script>" });
    expect((await db().user.findUniqueOrThrow({ where: { id: a.id } })).name).toBe("홍길동");
    expect((await db().user.findUniqueOrThrow({ where: { id: b.id } })).name).toBe("<script>alert(1)</script>");
  });

  it("arrives from a form as strings and checkbox names, and parses to the same input", () => {
    const form = { email: " Kim@KEIT.example ", name: "김", role: "PROGRAM_MANAGER", password: "a-long-enough-password", "program:3": "on", "program:1": "on", managesUnassignedProjects: "on" };
    const parsed = createUserSchema.parse(form);
    expect(parsed).toEqual({ email: "kim@keit.example", name: "김", role: "PROGRAM_MANAGER", password: "a-long-enough-password", programIds: [1, 3], managesUnassignedProjects: true });
    expect(createUserSchema.parse(parsed)).toEqual(parsed);
    const update = updateUserSchema.parse({ id: "4", version: "2", name: "김", role: "REVIEWER" });
    expect(update).toMatchObject({ id: 4, version: 2, programIds: [], managesUnassignedProjects: false, isDisabled: false });
    expect(updateUserSchema.safeParse({ id: "x", version: "", name: "", role: "REVIEWER" }).error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["id", "invalid"], ["version", "versionMissing"], ["name", "required"],
    ]);
  });
});

describe("two administrators saving the same user", () => {
  it("from the same version: exactly one wins, the other is told what changed", async () => {
    const admin = await actorFor("ADMIN");
    const input = await editable("pm@keit.example");
    const results = await Promise.allSettled([
      updateUser(admin, { ...input, name: "첫 번째 저장" }),
      updateUser(admin, { ...input, name: "두 번째 저장", role: "REVIEWER" }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = lost[0]!.reason as AppError;
    expect(error.code).toBe("CONFLICT");
    const saved = (await getUser(admin, input.id))!;
    expect(saved.version).toBe(input.version + 1);
    expect(["첫 번째 저장", "두 번째 저장"]).toContain(saved.name);
    const conflict = (error.details as { conflict: { changes: { field: string; was: string; now: string }[]; currentVersion: number } }).conflict;
    expect(conflict.currentVersion).toBe(input.version + 1);
    expect(conflict.changes).toContainEqual({ field: "name", was: "데모 사업담당자", now: saved.name });
    expect(await db().auditLog.count({ where: { action: "user.update", entityId: String(input.id) } })).toBe(1);
  });

  it("a save from an old version is refused and changes nothing", async () => {
    const admin = await actorFor("ADMIN");
    const input = await editable("reviewer@keit.example");
    await updateUser(admin, { ...input, name: "먼저 저장" });
    const before = await snapshot();
    await expectAppError(updateUser(admin, { ...input, isDisabled: true }), "CONFLICT");
    expect(await snapshot()).toEqual(before);
  });
});
