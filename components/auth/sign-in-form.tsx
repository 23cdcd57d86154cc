"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRef, useState, type FormEvent } from "react";
import { signInSchema } from "@/lib/validations/sign-in";

type Field = "email" | "password";

/**
 * E-mail and password, checked here with the server's schema (errors beside the fields), then
 * sent to next-auth's credentials provider. A refusal shows one message that never says whether
 * the account exists. On success the browser loads `redirectTo` (a path on this site, already
 * checked by the page) in full, so that the server renders the signed-in header.
 */
export function SignInForm({ redirectTo }: { redirectTo: string }) {
  const t = useTranslations("auth.login");
  const tv = useTranslations("validation");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = signInSchema.safeParse({ email: data.get("email") ?? "", password: data.get("password") ?? "" });
    setFormError(null);
    if (!parsed.success) {
      const errors: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        errors[field] ??= tv.has(issue.message) ? tv(issue.message as "invalid") : tv("invalid");
      }
      setFieldErrors(errors);
      form.querySelector<HTMLInputElement>(`[name="${errors.email ? "email" : "password"}"]`)?.focus();
      return;
    }
    setFieldErrors({});
    setPending(true);
    try {
      const result = await signIn("credentials", { redirect: false, email: parsed.data.email, password: parsed.data.password, callbackUrl: redirectTo });
      // next-auth answers a stale CSRF token with "ok" and a URL back to the sign-in page.
      if (result?.ok && !result.error && !result.url?.includes("csrf=true")) {
        window.location.assign(redirectTo);
        return; // keep the button disabled while the next page loads
      }
      const error = result?.error;
      setFormError(error === "RATE_LIMITED" ? t("rateLimited") : error === "INVALID" || error === "CredentialsSignin" ? t("invalidCredentials") : t("unexpected"));
    } catch {
      setFormError(t("unexpected"));
    }
    setPending(false);
    // Move focus to the message so that it is read out and the user starts again from there.
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  const describedBy = (field: Field) => (fieldErrors[field] ? `signin-${field}-error` : undefined);

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-describedby={formError ? "signin-error" : undefined}>
      {formError && (
        <div id="signin-error" ref={errorRef} className="callout callout--danger" role="alert" tabIndex={-1}>
          <p className="callout__title">{t("errorTitle")}</p>
          <p>{formError}</p>
        </div>
      )}
      <div className="field">
        <label className="field__label" htmlFor="signin-email">{t("email")}</label>
        <input
          id="signin-email" name="email" type="email" className="input" autoComplete="username" inputMode="email"
          spellCheck={false} autoCapitalize="none" maxLength={254} required
          aria-invalid={fieldErrors.email ? true : undefined} aria-describedby={describedBy("email")}
        />
        {fieldErrors.email && <p id="signin-email-error" className="field__error">{fieldErrors.email}</p>}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="signin-password">{t("password")}</label>
        <input
          id="signin-password" name="password" type="password" className="input" autoComplete="current-password" maxLength={200} required
          aria-invalid={fieldErrors.password ? true : undefined} aria-describedby={describedBy("password")}
        />
        {fieldErrors.password && <p id="signin-password-error" className="field__error">{fieldErrors.password}</p>}
      </div>
      <button type="submit" className="btn btn--primary btn--lg btn--block" disabled={pending} aria-disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
