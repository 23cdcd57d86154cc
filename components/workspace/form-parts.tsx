"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { ActionState } from "@/lib/action-state";

/** The result line of a form: success, refusal or unexpected error, announced to screen readers. */
export function FormMessage({ state, statusLabels }: { state: ActionState; statusLabels?: "milestoneStatus" | "status" }) {
  if (!state.message) return null;
  return (
    <div className={`callout ${state.ok ? "callout--info" : "callout--danger"}`} role={state.ok ? "status" : "alert"}>
      <p>{state.message}</p>
      {state.conflict && <ConflictChanges state={state} statusLabels={statusLabels} />}
    </div>
  );
}

function ConflictChanges({ state, statusLabels }: { state: ActionState; statusLabels?: "milestoneStatus" | "status" }) {
  const t = useTranslations("manage");
  const te = useTranslations("enums");
  const value = (field: string, v: string) =>
    field === "status" && statusLabels && te.has(`${statusLabels}.${v}`) ? te(`${statusLabels}.${v}` as "status.ACTIVE") : v;
  const changes = state.conflict?.changes ?? [];
  if (changes.length === 0) return <p className="text-sm">{t("conflictUnknownChanges")}</p>;
  return (
    <div>
      <p className="callout__title">{t("conflictTheyChanged")}</p>
      <ul className="text-sm">
        {changes.map((c) => (
          <li key={c.field}>
            <strong>{t.has(`fields.${c.field}`) ? t(`fields.${c.field}` as "fields.status") : c.field}</strong>: {value(c.field, c.was) || t("empty")} → {value(c.field, c.now) || t("empty")}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled field with its hint and errors wired to it for assistive technology. */
export function Field({ id, label, hint, errors, children }: { id: string; label: ReactNode; hint?: ReactNode; errors?: string[]; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>{label}</label>
      {hint && <p className="field__hint" id={`${id}-hint`}>{hint}</p>}
      {children}
      {errors?.map((e) => (
        <p key={e} className="field__error" id={`${id}-error`}>{e}</p>
      ))}
    </div>
  );
}

/** aria attributes for an input inside <Field>. */
export function describedBy(id: string, hint: boolean, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": errors?.length ? true : undefined };
}

/**
 * A password field (sign-up, reset, change): never pre-filled, `autoComplete` tells password
 * managers whether it is the current or a new password.
 */
export function PasswordField({ id, name, label, hint, errors, autoComplete }: {
  id: string; name: string; label: ReactNode; hint?: ReactNode; errors?: string[]; autoComplete: "current-password" | "new-password";
}) {
  return (
    <Field id={id} label={label} hint={hint} errors={errors}>
      <input id={id} name={name} type="password" className="input" autoComplete={autoComplete} maxLength={200} required {...describedBy(id, Boolean(hint), errors)} />
    </Field>
  );
}
