"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, Field, valueOf } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import type { Role } from "@/lib/permissions";

// The forms of user administration: create (with a first password) and edit (role, programmes,
// status, from a version). Refusals keep what was typed, except passwords, which the server
// never sends back; errors stand beside their fields.

const ROLE_CHOICES: Role[] = ["PROGRAM_MANAGER", "REVIEWER", "ADMIN"];

export type ProgramOption = { id: number; name: string };

export type UserFormSaved = {
  id?: number;
  version?: number;
  email?: string;
  name: string;
  role: Role;
  programIds: number[];
  managesUnassignedProjects: boolean;
  isDisabled: boolean;
};

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

function checked(state: ActionState, name: string, saved: boolean): boolean {
  // After a refusal the submitted values decide: an unticked box is absent from them.
  return state.values ? state.values[name] === "on" : saved;
}

export function UserForm({ mode, action, saved, shown, programs, isSelf = false }: {
  mode: "create" | "edit";
  action: Action;
  saved: UserFormSaved;
  /** JSON of what the edit form shows, for the conflict check (lib/data/concurrency.ts). */
  shown?: string;
  programs: ProgramOption[];
  /** The signed-in admin's own account: they may not lower their role or disable themselves. */
  isSelf?: boolean;
}) {
  const t = useTranslations("users");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const errors = state.fieldErrors ?? {};
  const id = (name: string) => `user-${name}`;
  // After a conflict the form carries the version saved now: saving again is a deliberate overwrite.
  const version = state.conflict?.currentVersion ?? saved.version;
  const role = valueOf(state, "role", saved.role);

  return (
    <form action={formAction} className="stack user-form" noValidate>
      {mode === "edit" && (
        <>
          <input type="hidden" name="id" value={saved.id} />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="shown" value={shown ?? "{}"} />
        </>
      )}
      <FormResult state={state} programs={programs} />

      {mode === "create" && (
        <Field id={id("email")} label={t("fields.email")} hint={t("hints.email")} errors={errors.email}>
          <input
            id={id("email")} name="email" type="email" className="input" autoComplete="off" spellCheck={false} autoCapitalize="none"
            maxLength={254} required defaultValue={valueOf(state, "email", saved.email ?? "")} {...describedBy(id("email"), true, errors.email)}
          />
        </Field>
      )}

      <Field id={id("name")} label={t("fields.name")} hint={t("hints.name")} errors={errors.name}>
        <input
          id={id("name")} name="name" className="input" autoComplete="off" maxLength={100} required
          defaultValue={valueOf(state, "name", saved.name)} {...describedBy(id("name"), true, errors.name)}
        />
      </Field>

      <fieldset className="checkbox-group" aria-describedby={errors.role ? id("role-error") : undefined}>
        <legend className="checkbox-group__legend">{t("fields.role")}</legend>
        <ul className="checkbox-group__list">
          {ROLE_CHOICES.map((r) => (
            <li key={r}>
              <label className="checkbox">
                <input type="radio" name="role" value={r} defaultChecked={role === r} disabled={isSelf && r !== "ADMIN"} />
                <span className="checkbox__label">
                  <strong>{t(`role.${r}`)}</strong> <span className="text-subtle">— {t(`roleHint.${r}`)}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
        {errors.role?.map((e) => <p key={e} id={id("role-error")} className="field__error">{e}</p>)}
      </fieldset>

      <fieldset className="checkbox-group" aria-describedby={[id("programs-hint"), errors.programIds ? id("programs-error") : ""].filter(Boolean).join(" ")}>
        <legend className="checkbox-group__legend">{t("fields.programIds")}</legend>
        <p id={id("programs-hint")} className="field__hint">{t("hints.programs")}</p>
        {programs.length === 0 ? (
          <p className="text-sm text-subtle">{t("hints.noPrograms")}</p>
        ) : (
          <ul className="checkbox-group__list">
            {programs.map((p) => (
              <li key={p.id}>
                <label className="checkbox">
                  <input type="checkbox" name={`program:${p.id}`} defaultChecked={checked(state, `program:${p.id}`, saved.programIds.includes(p.id))} />
                  <span className="checkbox__label">{p.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <label className="checkbox mt-4">
          <input
            type="checkbox" name="managesUnassignedProjects" aria-describedby={id("unassigned-hint")}
            defaultChecked={checked(state, "managesUnassignedProjects", saved.managesUnassignedProjects)}
          />
          <span className="checkbox__label">{t("fields.managesUnassignedProjects")}</span>
        </label>
        <p id={id("unassigned-hint")} className="field__hint">{t("hints.managesUnassignedProjects")}</p>
        {errors.programIds?.map((e) => <p key={e} id={id("programs-error")} className="field__error">{e}</p>)}
      </fieldset>

      {mode === "edit" && (
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox" name="isDisabled" disabled={isSelf} defaultChecked={checked(state, "isDisabled", saved.isDisabled)}
              {...describedBy(id("isDisabled"), true, errors.isDisabled)}
            />
            <span className="checkbox__label"><strong>{t("fields.isDisabled")}</strong></span>
          </label>
          <p id={id("isDisabled-hint")} className="field__hint">{t("hints.isDisabled")}</p>
          {errors.isDisabled?.map((e) => <p key={e} id={id("isDisabled-error")} className="field__error">{e}</p>)}
        </div>
      )}

      {mode === "create" && (
        <Field id={id("password")} label={t("fields.password")} hint={t("hints.password")} errors={errors.password}>
          <input
            id={id("password")} name="password" type="password" className="input" autoComplete="new-password" maxLength={200} required
            {...describedBy(id("password"), true, errors.password)}
          />
        </Field>
      )}

      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending} aria-disabled={pending}>
          {pending ? t(mode === "create" ? "new.submitting" : "edit.submitting") : t(mode === "create" ? "new.submit" : "edit.submit")}
        </button>
      </div>
    </form>
  );
}

/** New password for a user; ends their sessions. */
export function ResetPasswordForm({ action, userId }: { action: Action; userId: number }) {
  const t = useTranslations("users");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="stack" noValidate>
      <input type="hidden" name="id" value={userId} />
      <FormResult state={state} programs={[]} />
      <Field id="reset-password" label={t("fields.password")} hint={t("hints.password")} errors={errors.password}>
        <input
          id="reset-password" name="password" type="password" className="input" autoComplete="new-password" maxLength={200} required
          {...describedBy("reset-password", true, errors.password)}
        />
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--secondary" disabled={pending} aria-disabled={pending}>
          {pending ? t("reset.submitting") : t("reset.submit")}
        </button>
      </div>
    </form>
  );
}

/** The outcome of a save, announced; after a conflict, what the other administrator changed. */
function FormResult({ state, programs }: { state: ActionState; programs: ProgramOption[] }) {
  const t = useTranslations("users");
  if (!state.message) return null;
  const changes = state.conflict?.changes;
  const show = (field: string, value: string): string => {
    if (value === "") return t("conflict.empty");
    if (field === "role") return t.has(`role.${value}`) ? t(`role.${value}` as "role.ADMIN") : value;
    if (field === "managesUnassignedProjects" || field === "isDisabled") return value === "true" ? t("conflict.yes") : t("conflict.no");
    if (field === "programIds") return value.split(",").map((v) => programs.find((p) => String(p.id) === v)?.name ?? v).join(", ");
    return value;
  };
  return (
    <div className={`callout ${state.ok ? "callout--info" : "callout--danger"}`} role={state.ok ? "status" : "alert"}>
      <p>{state.message}</p>
      {changes && (
        <div>
          <p className="callout__title">{t("conflict.title")}</p>
          {changes.length === 0 ? (
            <p>{t("conflict.unknown")}</p>
          ) : (
            <ul>
              {changes.map((c) => (
                <li key={c.field}>
                  <strong>{t.has(`fields.${c.field}`) ? t(`fields.${c.field}` as "fields.name") : c.field}</strong>: {show(c.field, c.was)} → {show(c.field, c.now)}
                </li>
              ))}
            </ul>
          )}
          <p>{t("conflict.again")}</p>
        </div>
      )}
    </div>
  );
}
