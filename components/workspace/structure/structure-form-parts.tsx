"use client";

import { useTranslations } from "next-intl";
import type { z } from "zod";
import { useConformForm, type FormField } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";

// Pieces shared by the forms under a project (funding, consortium, researchers, sub-projects,
// identifiers). Each form carries the project's version; every saved change moves it on.

export type StructureAction = (state: ActionState, form: FormData) => Promise<ActionState>;

/** A structure form's state: checked in the browser with its schema, then by the server action. */
export function useStructureForm(schema: z.ZodType, action: StructureAction, saved?: Record<string, string | undefined>) {
  return useConformForm({ schema, action, defaultValue: saved });
}

/** Hidden fields every form under a project sends. */
export function ProjectFields({ projectId, version }: { projectId: number; version: string }) {
  return (
    <>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="version" value={version} />
    </>
  );
}

/** The errors of the institution combobox's fields. */
export function institutionErrors(field: (name: string) => FormField): Record<string, string[] | undefined> {
  const names = ["institutionId", "institutionName", "institutionNameEn", "institutionType", "businessRegistrationNumber"];
  return Object.fromEntries(names.map((name) => [name, field(name).errors]));
}

/** Field-level errors with no field of their own (version, form) and the result line. */
export function StructureFormFooter({ state, field }: { state: ActionState; field: (name: string) => FormField }) {
  const loose = ["version", "form", "projectId", "id"].flatMap((name) => field(name).errors ?? []);
  return (
    <>
      {loose.map((e) => <p key={e} className="field__error">{e}</p>)}
      <FormMessage state={state} />
    </>
  );
}

type InputProps = {
  prefix: string;
  field: FormField;
  max?: number;
  hint?: string;
  type?: string;
  inputMode?: "numeric" | "text";
  placeholder?: string;
  required?: boolean;
};

/** A text input labelled from manage.fields. */
export function TextField({ prefix, field, max, hint, type, inputMode, placeholder, required }: InputProps) {
  const t = useTranslations("manage");
  const id = `${prefix}-${field.name}`;
  return (
    <Field id={id} label={t(`fields.${field.name}` as "fields.titleKo")} hint={hint} errors={field.errors}>
      <input id={id} name={field.name} className="input" type={type ?? "text"} maxLength={max} inputMode={inputMode} placeholder={placeholder}
        aria-required={required || undefined} defaultValue={field.defaultValue} key={field.key} {...describedBy(id, Boolean(hint), field.errors)} />
    </Field>
  );
}

/** A select labelled from manage.fields; without an empty choice it starts at the first option. */
export function SelectField({ prefix, field, options, emptyLabel }: {
  prefix: string; field: FormField; options: { value: string; label: string }[]; emptyLabel?: string;
}) {
  const t = useTranslations("manage");
  const id = `${prefix}-${field.name}`;
  return (
    <Field id={id} label={t(`fields.${field.name}` as "fields.kind")} errors={field.errors}>
      <select id={id} name={field.name} className="select" defaultValue={field.defaultValue || (emptyLabel === undefined ? options[0]?.value : "")} key={field.key}
        {...describedBy(id, false, field.errors)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}
