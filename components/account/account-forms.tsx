"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { useConformForm } from "@/components/forms/use-conform-form";
import { FormMessage, PasswordField } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { changePasswordSchema } from "@/lib/validations/user";

// The signed-in user's own account: a new password (the current one required) and signing out
// of every session. Passwords are never rendered back from the server's answer; after a refusal
// the fields keep what was typed (the form is not reset), after a change they are emptied.

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

export function ChangePasswordForm({ action }: { action: Action }) {
  const t = useTranslations("account.password");
  const { state, pending, field, formProps } = useConformForm({ schema: changePasswordSchema, action });
  const errors = { currentPassword: field("currentPassword").errors, newPassword: field("newPassword").errors, confirmPassword: field("confirmPassword").errors };
  return (
    <form {...formProps} className="stack">
      <FormMessage state={state} />
      <PasswordField id="current-password" name="currentPassword" label={t("current")} errors={errors.currentPassword} autoComplete="current-password" />
      <PasswordField id="new-password" name="newPassword" label={t("new")} hint={t("newHint")} errors={errors.newPassword} autoComplete="new-password" />
      <PasswordField id="confirm-password" name="confirmPassword" label={t("confirm")} errors={errors.confirmPassword} autoComplete="new-password" />
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending} aria-disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}

export function SignOutEverywhereForm({ action }: { action: Action }) {
  const t = useTranslations("account.sessions");
  const locale = useLocale();
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction} className="stack" noValidate>
      <input type="hidden" name="locale" value={locale} />
      <FormMessage state={state} />
      <div className="btn-group">
        <button type="submit" className="btn btn--secondary" disabled={pending} aria-disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
