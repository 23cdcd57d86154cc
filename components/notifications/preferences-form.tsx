"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field, FormMessage, describedBy, valueOf } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";

/** E-mail on/off for reminders and the digest, and the e-mails' language (lib/validations/notifications.ts). */
export function PreferencesForm({ action, saved, offsets }: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  saved: { emailReminders: boolean; emailDigest: boolean; locale: "ko" | "en" };
  offsets: string;
}) {
  const t = useTranslations("notifications.preferences");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const errors = state.fieldErrors ?? {};
  const checked = (name: "emailReminders" | "emailDigest") => (state.values ? state.values[name] === "on" : saved[name]);
  const key = state.values ? JSON.stringify(state.values) : "saved";
  return (
    <form action={formAction} className="stack" noValidate>
      <div>
        <div className="checkbox">
          <input type="checkbox" id="pref-emailReminders" name="emailReminders" defaultChecked={checked("emailReminders")} key={`r-${key}`} aria-describedby="pref-emailReminders-hint" />
          <label className="checkbox__label" htmlFor="pref-emailReminders">{t("emailReminders")}</label>
        </div>
        <p className="field__hint" id="pref-emailReminders-hint">{t("emailRemindersHint", { offsets })}</p>
      </div>
      <div>
        <div className="checkbox">
          <input type="checkbox" id="pref-emailDigest" name="emailDigest" defaultChecked={checked("emailDigest")} key={`d-${key}`} aria-describedby="pref-emailDigest-hint" />
          <label className="checkbox__label" htmlFor="pref-emailDigest">{t("emailDigest")}</label>
        </div>
        <p className="field__hint" id="pref-emailDigest-hint">{t("emailDigestHint")}</p>
      </div>
      <Field id="pref-locale" label={t("locale")} errors={errors.locale}>
        <select id="pref-locale" name="locale" className="select" defaultValue={valueOf(state, "locale", saved.locale)} key={`l-${key}`} {...describedBy("pref-locale", false, errors.locale)}>
          <option value="ko">한국어</option>
          <option value="en">English</option>
        </select>
      </Field>
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending}>{pending ? t("saving") : t("save")}</button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
