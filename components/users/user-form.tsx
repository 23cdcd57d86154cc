"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, PasswordField } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import type { Role } from "@/lib/permissions";
import { createUserSchema, resetPasswordSchema, updateUserSchema } from "@/lib/validations/user";

// The forms of user administration: create (with a first password) and edit (role, programmes,
// status, from a version). The browser checks them with the server's schemas first
// (components/forms/use-conform-form.ts); refusals keep what was typed; errors stand beside their fields.

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

/** A ticked box sends "on"; an unticked one sends nothing. */
const box = (isTicked: boolean) => (isTicked ? "on" : undefined);

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
  const { state, pending, field, formProps, versionToSend } = useConformForm({
    schema: mode === "create" ? createUserSchema : updateUserSchema,
    action,
    defaultValue: {
      email: saved.email ?? "", name: saved.name, role: saved.role,
      managesUnassignedProjects: box(saved.managesUnassignedProjects), isDisabled: box(saved.isDisabled),
      ...Object.fromEntries(programs.map((p) => [`program:${p.id}`, box(saved.programIds.includes(p.id))])),
    },
  });
  const errorsOf = (name: string) => field(name).errors;
  const errors = { email: errorsOf("email"), name: errorsOf("name"), role: errorsOf("role"), programIds: errorsOf("programIds"), isDisabled: errorsOf("isDisabled"), password: errorsOf("password") };
  const id = (name: string) => `user-${name}`;
  const isTicked = (name: string) => field(name).defaultValue === "on";
  const [email, name, role] = [field("email"), field("name"), field("role")];

  return (
    <form {...formProps} className="stack user-form">
      {mode === "edit" && (
        <>
          <input type="hidden" name="id" value={saved.id} />
          {/* After a conflict the form carries the version saved now: saving again is a deliberate overwrite. */}
          <input type="hidden" name="version" value={versionToSend(saved.version)} />
          <input type="hidden" name="shown" value={shown ?? "{}"} />
        </>
      )}
      <FormResult state={state} programs={programs} />

      {mode === "create" && (
        <Field id={id("email")} label={t("fields.email")} hint={t("hints.email")} errors={errors.email}>
          <input
            id={id("email")} name="email" type="email" className="input" autoComplete="off" spellCheck={false} autoCapitalize="none"
            maxLength={254} required defaultValue={email.defaultValue} key={email.key} {...describedBy(id("email"), true, errors.email)}
          />
        </Field>
      )}

      <Field id={id("name")} label={t("fields.name")} hint={t("hints.name")} errors={errors.name}>
        <input
          id={id("name")} name="name" className="input" autoComplete="off" maxLength={100} required
          defaultValue={name.defaultValue} key={name.key} {...describedBy(id("name"), true, errors.name)}
        />
      </Field>

      <fieldset className="checkbox-group" aria-describedby={errors.role ? id("role-error") : undefined}>
        <legend className="checkbox-group__legend">{t("fields.role")}</legend>
        <ul className="checkbox-group__list">
          {ROLE_CHOICES.map((r) => (
            <li key={r}>
              <label className="checkbox">
                <input type="radio" name="role" value={r} defaultChecked={role.defaultValue === r} key={`${r}-${role.key ?? ""}`} disabled={isSelf && r !== "ADMIN"} />
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
                  <input type="checkbox" name={`program:${p.id}`} defaultChecked={isTicked(`program:${p.id}`)} />
                  <span className="checkbox__label">{p.name}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <label className="checkbox mt-4">
          <input
            type="checkbox" name="managesUnassignedProjects" aria-describedby={id("unassigned-hint")}
            defaultChecked={isTicked("managesUnassignedProjects")}
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
              type="checkbox" name="isDisabled" disabled={isSelf} defaultChecked={isTicked("isDisabled")}
              {...describedBy(id("isDisabled"), true, errors.isDisabled)}
            />
            <span className="checkbox__label"><strong>{t("fields.isDisabled")}</strong></span>
          </label>
          <p id={id("isDisabled-hint")} className="field__hint">{t("hints.isDisabled")}</p>
          {errors.isDisabled?.map((e) => <p key={e} id={id("isDisabled-error")} className="field__error">{e}</p>)}
        </div>
      )}

      {mode === "create" && (
        <PasswordField id={id("password")} name="password" label={t("fields.password")} hint={t("hints.password")} errors={errors.password} autoComplete="new-password" />
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
  const { state, pending, field, formProps } = useConformForm({ schema: resetPasswordSchema, action });
  const errors = { password: field("password").errors };
  return (
    <form {...formProps} className="stack">
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
