import { beforeEach, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { createTranslator } from "use-intl/core";
import { checkForm } from "@/components/forms/check-form";
import enMessages from "@/lib/i18n/messages/en/index";
import koMessages from "@/lib/i18n/messages/ko/index";
import { runAction } from "@/lib/server/run-action";
import { milestoneProgressSchema, milestoneSchema } from "@/lib/validations/milestone";
import { projectSchema } from "@/lib/validations/project";

// The browser and the server refuse a form in the same words (decision 0027): the client-side
// check (Conform + the form's schema, components/forms/check-form.ts) and runAction's parse give
// the same fields with the same messages, in Korean and in English, because both word a problem
// with validationMessage (lib/validations/messages.ts) over the same `validation` messages.

const MESSAGES = { ko: koMessages, en: enMessages } as const;
const request = vi.hoisted(() => ({ locale: "ko" as "ko" | "en" }));
vi.mock("next-intl/server", async () => {
  const { createTranslator: translator } = await import("use-intl/core");
  const all = { ko: (await import("@/lib/i18n/messages/ko/index")).default, en: (await import("@/lib/i18n/messages/en/index")).default };
  return {
    getTranslations: async (namespace: string) => translator({ locale: request.locale, messages: all[request.locale], namespace: namespace as never }),
    getLocale: async () => request.locale,
  };
});

const form = (values: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.append(key, value);
  return data;
};

const CASES: { name: string; schema: z.ZodType; values: Record<string, string> }[] = [
  { name: "an empty project form", schema: projectSchema, values: { titleKo: "", periodStart: "", periodEnd: "", status: "" } },
  { name: "a too long title, a bad month and an unknown status", schema: projectSchema,
    values: { titleKo: "가".repeat(501), titleEn: "Pilot", periodStart: "2024-13", periodEnd: "2025-01", status: "NOPE", publishedDurationMonths: "many" } },
  { name: "an end before the start", schema: projectSchema, values: { titleKo: "과제", titleEn: "Pilot", periodStart: "2026-01", periodEnd: "2025-01", status: "PLANNED" } },
  { name: "an edit without its version", schema: projectSchema, values: { id: "5", titleKo: "과제", periodStart: "2024-01", periodEnd: "2025-01", status: "ACTIVE" } },
  { name: "zod's own message (no key of ours): the generic one", schema: projectSchema,
    values: { titleKo: "과제", titleEn: "Pilot", periodStart: "2024-01", periodEnd: "2025-01", status: "ACTIVE", shown: "x".repeat(50_001) } },
  { name: "a milestone with a bad value and a date without the achieved status", schema: milestoneSchema,
    values: { projectId: "1", titleKo: "", kind: "OUTPUT", status: "PLANNED", actualValue: "abc", achieved: "2025-13-40" } },
  { name: "a progress update achieved too early", schema: milestoneProgressSchema, values: { id: "1", version: "2", status: "IN_PROGRESS", achieved: "2025-10" } },
];

describe.each(["ko", "en"] as const)("in %s, the browser's check words every refusal as the server does", (locale) => {
  beforeEach(() => { request.locale = locale; });
  const tv = createTranslator({ locale, messages: MESSAGES[locale], namespace: "validation" });

  it.each(CASES)("$name", async ({ schema, values }) => {
    const server = await runAction(schema, form(values), async () => { throw new Error("the form should have been refused"); }, "test");
    const client = checkForm(form(values), schema, tv);
    expect(server.ok).toBe(false);
    expect(server.fieldErrors && Object.keys(server.fieldErrors).length).toBeGreaterThan(0);
    expect(client.status === "success" ? "passed" : client.error).toEqual(server.fieldErrors);
  });

  it("a valid form passes both", async () => {
    const values = { titleKo: "과제", titleEn: "Pilot", periodStart: "2024-01", periodEnd: "2025-01", status: "ACTIVE" };
    const server = await runAction(projectSchema, form(values), async () => ({ ok: true, message: "ran" }), "test");
    expect(server).toEqual({ ok: true, message: "ran" });
    expect(checkForm(form(values), projectSchema, tv).status).toBe("success");
  });
});
