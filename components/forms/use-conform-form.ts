"use client";

import { useForm, type SubmissionResult } from "@conform-to/react";
import { useTranslations } from "next-intl";
import { startTransition, useActionState, useMemo, useState } from "react";
import type { z } from "zod";
import { checkForm } from "@/components/forms/check-form";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

// Every workspace form's state, in one place (docs/decisions/0027-client-validation-conform.md).
// Conform checks the form in the browser with the same zod schema the server action parses
// (lib/validations/*) and the same wording of its message keys, on blur and on submit, so a
// missing title is refused before any request. The server stays the authority: runAction parses
// again, and what only it can know (conflicts, uniqueness, permissions) comes back through
// useActionState and is shown by Conform as if found here (`lastResult`).

type Action<S extends ActionState> = (state: S, form: FormData) => Promise<S>;

/** A form field as the form renders it: what to show first, what it holds now, and the errors to show now. */
export type FormField = { name: string; key: string; defaultValue: string; value: string | undefined; errors: string[] | undefined };

/** The answer and how many saves the form has seen, so its fields start afresh after each save. */
type Answered<S> = { answer: S; saves: number };

/** The server's answer as Conform reads it: the errors after a refusal, none after a save. */
export function submissionResultOf(state: ActionState): SubmissionResult<string[]> | undefined {
  if (state === INITIAL_ACTION_STATE) return undefined;
  if (state.ok) return { status: "success", error: {} };
  const error = state.fieldErrors ?? {};
  return {
    status: "error",
    error,
    // Server-only errors count as checked fields, so Conform shows them until the field changes.
    state: { validated: Object.fromEntries(Object.keys(error).map((name) => [name, true])) },
  };
}

export function useConformForm<S extends ActionState = ActionState>({ schema, action, initialState, defaultValue }: {
  /** The form's schema from lib/validations, the one its server action parses with. */
  schema: z.ZodType;
  action: Action<S>;
  /** Forms with more in their state than ActionState start from this. */
  initialState?: S;
  /** The saved values the form shows when opened, and again after each save (the page is revalidated). */
  defaultValue?: Record<string, string | undefined>;
}) {
  const tv = useTranslations("validation");
  // The server action itself, not a wrapper: React then renders the form so that it also posts
  // without JavaScript (or before the page is interactive), and the answer comes back on the page.
  const [answer, dispatch, pending] = useActionState<S, FormData>(
    action as (previous: Awaited<S>, form: FormData) => Promise<S>,
    (initialState ?? INITIAL_ACTION_STATE) as Awaited<S>,
  );
  const state = answer as S;
  // How many saves the form has seen, counted as each answer arrives (React's "adjust state when
  // a value changes" pattern: React renders again at once with the new count, before any child).
  const [answered, setAnswered] = useState<Answered<S>>({ answer: state, saves: 0 });
  if (answered.answer !== state) setAnswered({ answer: state, saves: answered.saves + (state.ok ? 1 : 0) });
  const saves = answered.saves;
  const lastResult = useMemo(() => submissionResultOf(state), [state]);
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
      startTransition(() => dispatch(formData));
    },
  });

  // After a refusal the fields keep what was typed (nothing resets them; a page rendered again
  // without JavaScript shows what was sent). After a save they are mounted afresh (`key`) with
  // the values now saved, or empty in a form that adds rows.
  const sent = state.ok ? undefined : state.values;
  const field = (name: string): FormField => {
    const meta = fields[name];
    const value = meta?.value;
    return {
      name,
      key: `${name}-${saves}`,
      defaultValue: sent?.[name] ?? defaultValue?.[name] ?? "",
      value: typeof value === "string" ? value : undefined,
      errors: meta?.errors,
    };
  };

  return {
    state,
    pending,
    field,
    /** How many saves this form has seen: parts with their own state remount on it. */
    saves,
    /** Spread on <form>: the action stays for submissions before the page is interactive. */
    formProps: { id: form.id, action: dispatch, onSubmit: form.onSubmit, noValidate: true },
    /** The version to send back: the saved one, or a newer one a conflict reported (a deliberate overwrite). */
    versionToSend: (saved: number | string | undefined) =>
      String(Math.max(Number(saved ?? 0) || 0, state.conflict?.currentVersion ?? 0) || ""),
  };
}
