"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth";
import { cancelImport, requestApply, retryImport, saveMapping } from "@/lib/data/imports";
import { AppError } from "@/lib/errors";
import { SHEET_BY_KIND, SHEET_KINDS, type ColumnMapping, type SheetKind } from "@/lib/import/template";
import { runAction } from "@/lib/server/run-action";

const idSchema = z.object({ id: z.coerce.number().int().min(1) });

async function step(form: FormData, run: (id: number) => Promise<void>, context: string): Promise<ActionState> {
  return runAction(idSchema, form, async ({ id }) => {
    await run(id);
    revalidatePath("/[locale]/manage/import", "layout");
    return { ok: true, message: "" };
  }, context);
}

export async function applyImportAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return step(form, async (id) => requestApply(await requireActor("import.run"), id), "applyImport");
}
export async function cancelImportAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return step(form, async (id) => cancelImport(await requireActor("import.run"), id), "cancelImport");
}
export async function retryImportAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return step(form, async (id) => retryImport(await requireActor("import.run"), id), "retryImport");
}

const mappingSchema = z.object({
  name: z.string().trim().min(1, "required").max(100, "tooLong"),
  rules: z.string().max(20_000, "tooLong"),
});

/** Rules as typed on the page, one per line: "projects.Project No = projectKey". */
export async function saveMappingAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const t = await getTranslations("import");
  return runAction(mappingSchema, form, async ({ name, rules }) => {
    const mapping: ColumnMapping = {};
    const lines = rules.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    for (const [i, line] of lines.entries()) {
      const m = /^([A-Za-z]+)\.(.+?)\s*=\s*([A-Za-z]+)$/.exec(line);
      if (!m || !(SHEET_KINDS as readonly string[]).includes(m[1]!)) {
        return { ok: false, message: t("mappingInvalid", { line: i + 1 }), fieldErrors: { rules: [t("mappingInvalid", { line: i + 1 })] }, values: { name, rules } };
      }
      const kind = m[1] as SheetKind;
      if (!SHEET_BY_KIND[kind].fields.some((f) => f.field === m[3])) {
        const message = t("mappingFieldUnknown", { line: i + 1, kind, field: m[3]! });
        return { ok: false, message, fieldErrors: { rules: [message] }, values: { name, rules } };
      }
      (mapping[kind] ??= {})[m[2]!.trim()] = m[3]!;
    }
    if (!lines.length) throw new AppError("VALIDATION", "VALIDATION", { fieldErrors: { rules: ["required"] } });
    await saveMapping(await requireActor("import.run"), { name, mapping });
    revalidatePath("/[locale]/manage/import", "page");
    return { ok: true, message: t("mappingSaved") };
  }, "saveMapping");
}
