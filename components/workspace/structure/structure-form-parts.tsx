"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

// Pieces shared by the forms under a project (funding, consortium, researchers, sub-projects,
// identifiers). Each form carries the project's version; every saved change moves it on.

export type StructureAction = (state: ActionState, form: FormData) => Promise<ActionState>;

/** An action result numbered in order, so parts with their own state (the institution combobox)
 * start afresh after every answer: empty after a save, with what was typed after a refusal. */
export type CountedState = ActionState & { count: number };

export function useStructureAction(action: StructureAction) {
  return useActionState<CountedState, FormData>(
    async (previous, form) => ({ ...(await action(previous, form)), count: previous.count + 1 }),
    { ...INITIAL_ACTION_STATE, count: 0 },
  );
}

/** The project version to send: the page's, or a newer one a conflict reported. */
export function versionToSend(state: ActionState, projectVersion: number): string {
  return String(Math.max(projectVersion, state.conflict?.currentVersion ?? 0));
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

/** Field-level errors with no field of their own (version, form) and the result line. */
export function StructureFormFooter({ state }: { state: ActionState }) {
  const loose = [...(state.fieldErrors?.version ?? []), ...(state.fieldErrors?.form ?? []), ...(state.fieldErrors?.projectId ?? []), ...(state.fieldErrors?.id ?? [])];
  return (
    <>
      {loose.map((e) => <p key={e} className="field__error">{e}</p>)}
      <FormMessage state={state} />
    </>
  );
}

type InputProps = {
  prefix: string;
  name: string;
  state: ActionState;
  saved?: Record<string, string>;
  max?: number;
  hint?: string;
  type?: string;
  inputMode?: "numeric" | "text";
  placeholder?: string;
  required?: boolean;
  /** Remounts the input when this changes (a new saved value to show). */
  revision: string;
};

/** A text input labelled from manage.fields, keeping what the user typed after a refusal. */
export function TextField({ prefix, name, state, saved, max, hint, type, inputMode, placeholder, required, revision }: InputProps) {
  const t = useTranslations("manage");
  const id = `${prefix}-${name}`;
  const errors = state.fieldErrors?.[name];
  const value = state.values?.[name] ?? saved?.[name] ?? "";
  return (
    <Field id={id} label={t(`fields.${name}` as "fields.titleKo")} hint={hint} errors={errors}>
      <input id={id} name={name} className="input" type={type ?? "text"} maxLength={max} inputMode={inputMode} placeholder={placeholder}
        aria-required={required || undefined} defaultValue={value} key={`${name}-${revision}`} {...describedBy(id, Boolean(hint), errors)} />
    </Field>
  );
}

/** A select labelled from manage.fields. */
export function SelectField({ prefix, name, state, saved, options, emptyLabel, revision }: {
  prefix: string; name: string; state: ActionState; saved?: Record<string, string>;
  options: { value: string; label: string }[]; emptyLabel?: string; revision: string;
}) {
  const t = useTranslations("manage");
  const id = `${prefix}-${name}`;
  const errors = state.fieldErrors?.[name];
  const value = state.values?.[name] ?? saved?.[name] ?? (emptyLabel === undefined ? options[0]?.value : "");
  return (
    <Field id={id} label={t(`fields.${name}` as "fields.kind")} errors={errors}>
      <select id={id} name={name} className="select" defaultValue={value} key={`${name}-${revision}`} {...describedBy(id, false, errors)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}
