"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, PasswordField } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import { Link } from "@/lib/i18n/navigation";
import { firstAdminSchema } from "@/lib/validations/setup";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/**
 * The first administrator's e-mail, name and password (twice). Errors stand beside their fields;
 * after success the form gives way to a link to sign in (the setup link is used up by then).
 */
export function FirstAdminForm({ action, token }: { action: Action; token: string }) {
  const t = useTranslations("auth.setup");
  const { state, pending, field, formProps } = useConformForm({ schema: firstAdminSchema, action });
  const [email, name] = [field("email"), field("name")];
  const errors = { email: email.errors, name: name.errors, password: field("password").errors, passwordConfirm: field("passwordConfirm").errors };
  const id = (name: string) => `setup-${name}`;

  if (state.ok && state.message) {
    return (
      <div className="callout callout--info" role="status">
        <p>{state.message}</p>
        <p><Link className="btn btn--primary" href="/login">{t("signIn")}</Link></p>
      </div>
    );
  }

  return (
    <form {...formProps} className="stack">
      <input type="hidden" name="token" value={token} />
      {state.message && (
        <div className="callout callout--danger" role="alert">
          <p>{state.message}</p>
        </div>
      )}
      <Field id={id("email")} label={t("email")} hint={t("emailHint")} errors={errors.email}>
        <input
          id={id("email")} name="email" type="email" className="input" autoComplete="username" spellCheck={false} autoCapitalize="none"
          maxLength={254} required defaultValue={email.defaultValue} key={email.key} {...describedBy(id("email"), true, errors.email)}
        />
      </Field>
      <Field id={id("name")} label={t("name")} hint={t("nameHint")} errors={errors.name}>
        <input
          id={id("name")} name="name" className="input" autoComplete="name" maxLength={100} required
          defaultValue={name.defaultValue} key={name.key} {...describedBy(id("name"), true, errors.name)}
        />
      </Field>
      <PasswordField id={id("password")} name="password" label={t("password")} hint={t("passwordHint")} errors={errors.password} autoComplete="new-password" />
      <PasswordField id={id("passwordConfirm")} name="passwordConfirm" label={t("passwordConfirm")} errors={errors.passwordConfirm} autoComplete="new-password" />
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending} aria-disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
