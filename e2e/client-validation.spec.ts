import type { Page, Request } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { signInAs } from "./fixtures/auth";
import enManage from "../lib/i18n/messages/en/manage.json" with { type: "json" };
import enValidation from "../lib/i18n/messages/en/validation.json" with { type: "json" };
import enStructure from "../lib/i18n/messages/en/structure.json" with { type: "json" };
import koManage from "../lib/i18n/messages/ko/manage.json" with { type: "json" };
import koStructure from "../lib/i18n/messages/ko/structure.json" with { type: "json" };
import koValidation from "../lib/i18n/messages/ko/validation.json" with { type: "json" };

// Client-side validation with Conform (docs/decisions/0027-client-validation-conform.md): the
// project form checks itself in the browser with the schema its server action parses
// (lib/validations/project.ts), in the same words the server would use, and sends nothing while
// a rule is broken. The messages are read from the message files the server translates with, so
// the spec checks "the server's message", not a copy of it.

const LOCALES = [
  { locale: "ko", manage: koManage, structure: koStructure, validation: koValidation },
  { locale: "en", manage: enManage, structure: enStructure, validation: enValidation },
] as const;

/** Every POST the page sends (server actions are POSTs; the client router's fetches are GETs). */
function recordPosts(page: Page): Request[] {
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request);
  });
  return posts;
}

for (const { locale, manage, structure, validation } of LOCALES) {
  test(`${locale}: forms refuse a broken rule in the browser, in the server's words and without a request; valid ones save`, async ({ managerPage: page }) => {
    test.setTimeout(90_000);
    const label = manage.fields;
    const save = page.getByRole("button", { name: manage.saveProject });
    // The editor page has other forms with a Korean title field (sub-projects): stay in this one.
    const form = page.locator("form").filter({ has: save });
    const suffix = `${locale}-${Date.now()}`;
    await page.goto(`/${locale}/manage/projects/new`);
    await expect(form.getByLabel(label.titleKo)).toBeVisible();
    const posts = recordPosts(page);

    // Nothing filled in: the title is required, said next to it, and the title gets the focus.
    await save.click();
    const title = form.getByLabel(label.titleKo);
    await expect(page.locator("#p-titleKo-error")).toHaveText(validation.required);
    await expect(title).toHaveAttribute("aria-invalid", "true");
    await expect(title).toHaveAttribute("aria-describedby", "p-titleKo-error");
    await expect(title).toBeFocused();
    expect(posts).toHaveLength(0);

    // A second rule: the end month before the start month (a rule across two fields).
    await title.fill(`클라이언트 검증 과제 ${suffix}`);
    await form.getByLabel(label.titleEn).fill(`Client validation ${suffix}`);
    await form.getByLabel(label.periodStart).fill("2026-01");
    await form.getByLabel(label.periodEnd).fill("2025-01");
    await save.click();
    await expect(page.locator("#p-periodEnd-error")).toHaveText(validation.endBeforeStart);
    await expect(form.getByLabel(label.periodEnd)).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel(label.periodEnd)).toBeFocused();
    // The corrected title no longer carries its error.
    await expect(page.locator("#p-titleKo-error")).toHaveCount(0);
    await expect(title).not.toHaveAttribute("aria-invalid", "true");
    expect(posts).toHaveLength(0);

    // Corrected, the form is sent and the project is created.
    await form.getByLabel(label.periodEnd).fill("2027-12");
    await save.click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/manage/projects/\\d+$`));
    expect(posts.length).toBeGreaterThan(0);

    // On the editor, a field is checked when it is left (blur), still without a request.
    const editorPosts = recordPosts(page);
    const editTitle = form.getByLabel(label.titleKo);
    await expect(editTitle).toHaveValue(`클라이언트 검증 과제 ${suffix}`);
    await editTitle.fill("");
    await editTitle.blur();
    await expect(page.locator("#p-titleKo-error")).toHaveText(validation.required);
    expect(editorPosts).toHaveLength(0);
    // Typing again clears the error as it is typed, and the valid form saves.
    await editTitle.fill(`클라이언트 검증 과제 ${suffix} (고침)`);
    await expect(page.locator("#p-titleKo-error")).toHaveCount(0);
    await save.click();
    await expect(form.getByRole("status").filter({ hasText: manage.projectSaved })).toBeVisible();
    expect(editorPosts.length).toBeGreaterThan(0);
    await page.reload();
    await expect(form.getByLabel(label.titleKo)).toHaveValue(`클라이언트 검증 과제 ${suffix} (고침)`);

    // A form that adds rows under the project (its identifiers): refused in the browser when
    // empty; after a save it starts empty again, and the next save in it, or in the project form,
    // carries the project's new version (no conflict).
    const add = page.getByRole("button", { name: structure.addIdentifier });
    const identifiers = page.locator("form").filter({ has: add });
    const number = identifiers.getByLabel(label.value, { exact: true });
    const before = editorPosts.length;
    await page.locator("summary", { hasText: structure.addIdentifier }).click();
    await add.click();
    await expect(page.locator("#id-new-value-error")).toHaveText(validation.required);
    await expect(number).toBeFocused();
    expect(editorPosts.length).toBe(before);
    for (const value of [`CV-${suffix}-1`, `CV-${suffix}-2`]) {
      await number.fill(value);
      await add.click();
      await expect(identifiers.getByRole("status").filter({ hasText: structure.identifierAdded })).toBeVisible();
      await expect(number).toHaveValue("");
      await expect(identifiers.getByLabel(label.scheme)).not.toHaveValue("");
      await expect(page.getByRole("cell", { name: value, exact: true })).toBeVisible();
    }

    // The milestone editor: an empty title is refused in the browser; a titled milestone is added.
    const addMilestone = page.getByRole("button", { name: manage.addMilestone });
    const milestone = page.locator("form").filter({ has: addMilestone });
    const postsBeforeMilestone = editorPosts.length;
    await page.locator("summary", { hasText: manage.addMilestone }).click();
    await addMilestone.click();
    await expect(page.locator("#msnew-titleKo-error")).toHaveText(validation.required);
    await expect(milestone.getByLabel(label.titleKo)).toBeFocused();
    expect(editorPosts.length).toBe(postsBeforeMilestone);
    await milestone.getByLabel(label.titleKo).fill(`검증 마일스톤 ${suffix}`);
    await addMilestone.click();
    await expect(milestone.getByRole("status").filter({ hasText: manage.milestoneSaved })).toBeVisible();
    await expect(milestone.getByLabel(label.titleKo)).toHaveValue("");
    await expect(page.getByRole("heading", { level: 3, name: `검증 마일스톤 ${suffix}` })).toBeVisible();

    await form.getByLabel(label.titleEn).fill(`Client validation ${suffix} (again)`);
    await save.click();
    await expect(form.getByRole("status").filter({ hasText: manage.projectSaved })).toBeVisible();
  });
}

// Without JavaScript (or before the page is interactive) the same forms still post to their
// server action: React renders them as a plain HTML form, the server checks them, and its answer
// comes back on the page. (A wrapper around the action in the form's hook once broke this; the
// fault drills post forms this way, `npm run drills`.)
test("without JavaScript the project form posts to the server, which refuses a missing title and saves a valid project", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await signInAs(context, baseURL ?? "", "PROGRAM_MANAGER");
  const page = await context.newPage();
  const number = `RS-2026-${String(Date.now()).slice(-8)}`;
  await page.goto("/ko/manage/projects/new");
  await page.getByLabel("과제번호").fill(number);
  await page.getByLabel("개발기간 시작").fill("2026-01");
  await page.getByLabel("개발기간 종료").fill("2027-12");
  await page.getByLabel("상태", { exact: true }).selectOption("PLANNED");
  await page.getByRole("button", { name: "과제 저장" }).click();
  // The server's refusal, on the page it sends back, beside the field; what was typed is kept.
  const title = page.getByLabel("과제명·제목(한국어)");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(koValidation.required).first()).toBeVisible();
  await expect(page.getByLabel("과제번호")).toHaveValue(number);

  await title.fill("자바스크립트 없이 등록한 과제 (e2e)");
  await page.getByRole("button", { name: "과제 저장" }).click();
  await expect(page).toHaveURL(/\/ko\/manage\/projects\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name: "자바스크립트 없이 등록한 과제 (e2e)" })).toBeVisible();
  await context.close();
});
