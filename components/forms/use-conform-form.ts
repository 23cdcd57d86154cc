"use client";

import { useForm, type SubmissionResult } from "@conform-to/react";
import { useTranslations } from "next-intl";
import { startTransition, useActionState, useMemo } from "react";
import type { z } from "zod";
import { checkForm } from "@/components/forms/check-form";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

// Every workspace form's state, in one place (docs/decisions/0027-client-validation-conform.md).
// Conform checks the form in the browser with the same zod schema the server action parses
// (lib/validations/*) and the same translation of its message keys, on blur and on submit, so a
// missing title is refused before any request. The server stays the authority: runAction parses
// again, and what only it can know (conflicts, uniqueness, permissions) comes back through
// useActionState and is shown by Conform as if found here (`lastResult`).

type Action<S extends ActionState> = (state: S, form: FormData) => Promise<S>;

/** A form field as the form renders it: what to show first, and the errors to show now. */
export type FormField = { name: string; key: string | undefined; defaultValue: string; errors: string[] | undefined };

/** The server's answer as Conform reads it: errors (and what was sent) after a refusal; a reset after a save. */
export function submissionResultOf(state: ActionState): SubmissionResult<string[]> | undefined {
  if (state === INITIAL_ACTION_STATE) return undefined;
  // After a save the page is revalidated: start again from the newly saved values (`defaultValue`).
  if (state.ok) return { status: "success", initialValue: null };
  const error = state.fieldErrors ?? {};
  return {
    status: "error",
    // Without JavaScript (the form posted natively) the page is rendered again with what was sent.
    initialValue: state.values ?? null,
    error,
    // Server-only errors count as validated fields, so Conform shows them until the field changes.
    state: { validated: Object.fromEntries(Object.keys(error).map((name) => [name, true])) },
  };
}

export function useConformForm<S extends ActionState = ActionState>({ schema, action, initialState, defaultValue }: {
  /** The form's schema from lib/validations, the one its server action parses with. */
  schema: z.ZodType;
  action: Action<S>;
  /** Forms with more in their state than ActionState (a counter, a preview) start from this. */
  initialState?: S;
  /** The saved values the form shows when opened (and again after each save). */
  defaultValue?: Record<string, string | undefined>;
}) {
  const tv = useTranslations("validation");
  const [state, formAction, pending] = useActionState<S, FormData>(action, (initialState ?? INITIAL_ACTION_STATE) as Awaited<S>);
  const lastResult = useMemo(() => (state === initialState ? undefined : submissionResultOf(state)), [state, initialState]);
  const [form, fields] = useForm<Record<string, string>, unknown>({
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => checkForm(formData, schema, tv),
    // Valid in the browser: send it to the server action ourselves. A <form action> submission
    // would make React reset the form afterwards and lose what the user typed after a refusal.
    onSubmit: (event, { formData }) => {
      event.preventDefault();
      startTransition(() => formAction(formData));
    },
  });

  const field = (name: string): FormField => {
    const meta = fields[name];
    const initial = meta?.initialValue;
    return { name, key: meta?.key, defaultValue: typeof initial === "string" ? initial : "", errors: meta?.errors };
  };

  return {
    state,
    pending,
    field,
    /** Errors of the whole form (no single field), from the browser's check. */
    formErrors: form.errors,
    /** Spread on <form>: the action stays for submissions before the page is interactive. */
    formProps: { id: form.id, action: formAction, onSubmit: form.onSubmit, noValidate: true },
    /** The version to send back: the saved one, or a newer one a conflict reported (a deliberate overwrite). */
    versionToSend: (saved: number | string | undefined) =>
      String(Math.max(Number(saved ?? 0) || 0, state.conflict?.currentVersion ?? 0) || ""),
  };
}
