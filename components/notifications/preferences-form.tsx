"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { Field, FormMessage, describedBy } from "@/components/workspace/form-parts";
import type { ActionState } from "@/lib/action-state";
import { notificationPreferencesSchema } from "@/lib/validations/notifications";

/** E-mail on/off for reminders and the digest, and the e-mails' language (lib/validations/notifications.ts). */
export function PreferencesForm({ action, saved, offsets }: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  saved: { emailReminders: boolean; emailDigest: boolean; locale: "ko" | "en" };
  offsets: string;
}) {
  const t = useTranslations("notifications.preferences");
  const { state, pending, field, formProps } = useConformForm({
    schema: notificationPreferencesSchema,
    action,
    // Ticked boxes send "on" (their default value); unticked ones send nothing.
    defaultValue: { emailReminders: saved.emailReminders ? "on" : undefined, emailDigest: saved.emailDigest ? "on" : undefined, locale: saved.locale },
  });
  const [reminders, digest, locale] = [field("emailReminders"), field("emailDigest"), field("locale")];
  return (
    <form {...formProps} className="stack">
      <div>
        <div className="checkbox">
          <input type="checkbox" id="pref-emailReminders" name="emailReminders" defaultChecked={reminders.defaultValue === "on"} key={reminders.key} aria-describedby="pref-emailReminders-hint" />
          <label className="checkbox__label" htmlFor="pref-emailReminders">{t("emailReminders")}</label>
        </div>
        <p className="field__hint" id="pref-emailReminders-hint">{t("emailRemindersHint", { offsets })}</p>
      </div>
      <div>
        <div className="checkbox">
          <input type="checkbox" id="pref-emailDigest" name="emailDigest" defaultChecked={digest.defaultValue === "on"} key={digest.key} aria-describedby="pref-emailDigest-hint" />
          <label className="checkbox__label" htmlFor="pref-emailDigest">{t("emailDigest")}</label>
        </div>
        <p className="field__hint" id="pref-emailDigest-hint">{t("emailDigestHint")}</p>
      </div>
      <Field id="pref-locale" label={t("locale")} errors={locale.errors}>
        <select id="pref-locale" name="locale" className="select" defaultValue={locale.defaultValue} key={locale.key} {...describedBy("pref-locale", false, locale.errors)}>
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
