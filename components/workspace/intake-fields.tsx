"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { describedBy, Field } from "@/components/workspace/form-parts";
import { proposeSlug } from "@/lib/domain/slug";

type Check = { status: "invalid" | "free" | "taken"; message: string };

/**
 * A new project's first fields: the 과제번호, checked for duplicates as it is typed, and the address
 * (slug) proposed from it or, without one, from the English title, until the person edits it.
 */
export function IntakeFields({ check, saved, errors }: {
  check: (value: string) => Promise<Check>;
  saved: { agencyNumber: string; slug: string };
  errors: Record<string, string[] | undefined>;
}) {
  const t = useTranslations("manage");
  const [number, setNumber] = useState(saved.agencyNumber);
  const [titleEn, setTitleEn] = useState("");
  const [slug, setSlug] = useState(saved.slug);
  const [slugEdited, setSlugEdited] = useState(saved.slug !== "");
  const [result, setResult] = useState<Check | null>(null);
  const [checking, setChecking] = useState(false);
  const latest = useRef("");

  // The English title field is rendered further down by the project form; follow what is typed there.
  useEffect(() => {
    const input = document.getElementById("p-titleEn") as HTMLInputElement | null;
    if (!input) return;
    const follow = () => setTitleEn(input.value);
    follow();
    input.addEventListener("input", follow);
    return () => input.removeEventListener("input", follow);
  }, []);

  const proposed = proposeSlug({ agencyNumber: number, titleEn });
  const shownSlug = slugEdited ? slug : proposed;

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  const onNumberChange = (raw: string) => {
    setNumber(raw);
    const value = raw.trim();
    latest.current = value;
    if (timer.current) clearTimeout(timer.current);
    if (value.length < 4) {
      setResult(null);
      setChecking(false);
      return;
    }
    setChecking(true);
    timer.current = setTimeout(() => {
      void check(value).then((r) => {
        if (latest.current !== value) return;
        setResult(r);
        setChecking(false);
      }, () => setChecking(false));
    }, 350);
  };

  const numberErrors = errors.agencyNumber ?? (result?.status === "taken" || result?.status === "invalid" ? [result.message] : undefined);
  return (
    <>
      <Field id="p-agencyNumber" label={t("fields.agencyNumber")} hint={t("agencyNumberHint")} errors={numberErrors}>
        <input id="p-agencyNumber" name="agencyNumber" className="input" maxLength={50} autoComplete="off" placeholder="RS-2024-00412345"
          value={number} onChange={(e) => onNumberChange(e.target.value)} {...describedBy("p-agencyNumber", true, numberErrors)} />
      </Field>
      <p className="field__hint" role="status" aria-live="polite">
        {checking ? t("agencyNumberChecking") : result?.status === "free" ? result.message : ""}
      </p>
      <Field id="p-slug" label={t("fields.slug")} hint={t("slugProposedHint")} errors={errors.slug}>
        <input id="p-slug" name="slug" className="input" maxLength={120} value={shownSlug}
          onChange={(e) => { setSlug(e.target.value); setSlugEdited(e.target.value !== ""); }} {...describedBy("p-slug", true, errors.slug)} />
      </Field>
    </>
  );
}
