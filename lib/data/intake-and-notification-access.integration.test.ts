import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { listEmails, listMyEmails, retryEmail } from "@/lib/data/email-outbox";
import { listNotificationRecipients, saveNotificationPreferences } from "@/lib/data/notifications";
import { createProject, findAgencyNumber } from "@/lib/data/workspace-projects";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { resetDatabase } from "@/lib/testing/reset-database";
import { makeProgram, makeUser } from "@/lib/testing/reminder-fixtures";
import { notificationPreferencesSchema } from "@/lib/validations/notifications";
import { projectSchema } from "@/lib/validations/project";

// Registering a project by its 과제번호 (address proposed from it, duplicates refused), and who may
// see and change notification settings and the outbox.

let pm: Actor;
let otherPm: Actor;
let reviewer: Actor;
let admin: Actor;
let programId: number;

beforeEach(async () => {
  await resetDatabase();
  programId = (await makeProgram("alpha", "알파 사업", "Alpha")).id;
  const other = (await makeProgram("beta", "베타 사업", "Beta")).id;
  pm = await makeUser("pm@keit.example", "PROGRAM_MANAGER", { programIds: [programId] });
  otherPm = await makeUser("pm.beta@keit.example", "PROGRAM_MANAGER", { programIds: [other] });
  reviewer = await makeUser("reviewer@keit.example", "REVIEWER");
  admin = await makeUser("admin@keit.example", "ADMIN");
});

const form = (values: Record<string, string>) => projectSchema.parse({
  titleKo: "수소 연료전지 실증", periodStart: "2025-01", periodEnd: "2027-12", status: "PLANNED", programId: String(programId), ...values,
});

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe("registering a project by its number", () => {
  it("proposes the address from the number, else from the English title; a typed address wins", () => {
    expect(form({ agencyNumber: " rs-2025-00012345 " })).toMatchObject({ agencyNumber: "RS-2025-00012345", slug: "rs-2025-00012345" });
    expect(form({ titleEn: "Fuel cell demonstration" }).slug).toBe("fuel-cell-demonstration");
    expect(form({ agencyNumber: "RS-2025-00012345", slug: "my-address" }).slug).toBe("my-address");
    const bad = projectSchema.safeParse({ titleKo: "x", periodStart: "2025-01", periodEnd: "2027-12", status: "PLANNED", agencyNumber: "가나" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${String(i.path[0])}:${i.message}`).sort()).toEqual(["agencyNumber:agencyNumberInvalid", "slug:required"]);
  });

  it("records the number as the project's agency identifier and refuses it twice, telling the form as it is typed", async () => {
    expect(await findAgencyNumber(pm, "RS-2025-00012345")).toEqual({ taken: false, projectTitleKo: null });
    const { id } = await createProject(pm, form({ agencyNumber: "RS-2025-00012345" }));
    expect(await db().projectIdentifier.findMany({ where: { projectId: id }, select: { scheme: true, value: true } })).toEqual([{ scheme: "AGENCY", value: "RS-2025-00012345" }]);
    expect((await db().project.findUniqueOrThrow({ where: { id } })).slug).toBe("rs-2025-00012345");
    expect(await findAgencyNumber(pm, "RS-2025-00012345")).toEqual({ taken: true, projectTitleKo: "수소 연료전지 실증" });
    // Another programme's manager learns the number is taken, not the draft's title.
    expect(await findAgencyNumber(otherPm, "RS-2025-00012345")).toEqual({ taken: true, projectTitleKo: null });
    const before = await db().project.count();
    const error = await expectCode(createProject(pm, form({ agencyNumber: "rs-2025-00012345", slug: "another-address" })), "VALIDATION");
    expect(error.details).toEqual({ fieldErrors: { agencyNumber: ["agencyNumberTaken"] } });
    expect(await db().project.count()).toBe(before);
    await expectCode(findAgencyNumber(reviewer, "RS-2025-00012345"), "FORBIDDEN");
  });
});

describe("notification settings and the outbox", () => {
  it("are each user's own; the outbox, recipients and retries are for administrators only, refusals audited", async () => {
    await expectCode(listEmails(pm), "FORBIDDEN");
    await expectCode(listNotificationRecipients(reviewer), "FORBIDDEN");
    await expectCode(retryEmail(pm, 1), "FORBIDDEN");
    await expectCode(listMyEmails(null), "UNAUTHENTICATED");
    expect(await db().auditLog.count({ where: { outcome: "DENIED", action: "notifications.manage" } })).toBe(3);
    await saveNotificationPreferences(reviewer, notificationPreferencesSchema.parse({ locale: "en" }));
    const recipients = await listNotificationRecipients(admin);
    const byEmail = Object.fromEntries(recipients.items.map((r) => [r.email, r]));
    expect(byEmail["reviewer@keit.example"]).toMatchObject({ emailReminders: false, emailDigest: false, locale: "en", receivesReminders: false, receivesDigest: false });
    expect(byEmail["pm@keit.example"]).toMatchObject({ emailReminders: true, emailDigest: true, locale: "ko", receivesReminders: true, receivesDigest: true });
    expect(byEmail["admin@keit.example"]).toMatchObject({ receivesEscalations: true });
    await expectCode(retryEmail(admin, 999_999), "NOT_FOUND");
    expect(notificationPreferencesSchema.safeParse({ locale: "fr" }).success).toBe(false);
  });
});
