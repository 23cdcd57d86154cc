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
import { mappingSchema, pickerSchema } from "@/lib/validations/import";

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

/**
 * The column picker of an import's page: per sheet of the uploaded file, the kind it holds
 * (`kind-<n>`) and for each template field the file's header that holds it (`field-<n>-<field>`).
 * Saved as a named mapping, chosen again on upload (page or `--mapping`).
 */
export async function saveMappingPickerAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const t = await getTranslations("import");
  return runAction(pickerSchema, form, async (input) => {
    const { name } = input;
    const values = input as Record<string, unknown>;
    const mapping: ColumnMapping = {};
    for (const [key, raw] of Object.entries(values)) {
      const m = /^kind-(\d{1,2})$/.exec(key);
      if (!m || typeof raw !== "string" || raw === "") continue;
      if (!(SHEET_KINDS as readonly string[]).includes(raw)) return { ok: false, message: t("mappingPickerInvalid"), values: { name } };
      const kind = raw as SheetKind;
      const rules: Record<string, string> = {};
      for (const field of SHEET_BY_KIND[kind].fields) {
        const header = values[`field-${m[1]}-${field.field}`];
        if (typeof header !== "string" || header === "") continue;
        if (header.length > 100) return { ok: false, message: t("mappingPickerInvalid"), values: { name } };
        if (rules[header]) return { ok: false, message: t("mappingHeaderTwice", { header }), values: { name } };
        rules[header] = field.field;
      }
      if (Object.keys(rules).length) mapping[kind] = { ...mapping[kind], ...rules };
    }
    if (!Object.keys(mapping).length) return { ok: false, message: t("mappingPickerEmpty"), values: { name } };
    await saveMapping(await requireActor("import.run"), { name, mapping });
    revalidatePath("/[locale]/manage/import", "layout");
    return { ok: true, message: t("mappingSaved") };
  }, "saveMappingPicker");
}
