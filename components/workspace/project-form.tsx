"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { describedBy, Field, FormMessage, valueOf } from "@/components/workspace/form-parts";
import { IntakeFields } from "@/components/workspace/intake-fields";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS } from "@/lib/domain/enums";

export type ProjectFormValues = Record<string, string> & { id?: string; version?: string };

/** Create or edit a project's own fields; one schema (lib/validations/project.ts) checks both sides. */
export function ProjectForm({ action, saved, shown, programs, allowNoProgram, isNew, checkAgencyNumber }: {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  /** New projects: the as-you-type duplicate check of the 과제번호. */
  checkAgencyNumber?: (value: string) => Promise<{ status: "invalid" | "free" | "taken"; message: string }>;
  saved: ProjectFormValues;
  shown: string;
  programs: { id: number; name: string }[];
  allowNoProgram: boolean;
  isNew: boolean;
}) {
  const t = useTranslations("manage");
  const te = useTranslations("enums");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const errors = state.fieldErrors ?? {};
  const v = (name: string) => valueOf(state, name, saved[name] ?? "");
  const version = String(state.conflict?.currentVersion ?? saved.version ?? "");
  const input = (name: string, props: { max?: number; hint?: string; type?: string; placeholder?: string } = {}) => (
    <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.titleKo")} hint={props.hint} errors={errors[name]}>
      <input id={`p-${name}`} name={name} className="input" type={props.type ?? "text"} maxLength={props.max} placeholder={props.placeholder}
        defaultValue={v(name)} key={`${name}-${version}`} {...describedBy(`p-${name}`, Boolean(props.hint), errors[name])} />
    </Field>
  );
  const area = (name: string, max: number) => (
    <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.summaryKo")} errors={errors[name]}>
      <textarea id={`p-${name}`} name={name} className="input" rows={3} maxLength={max} defaultValue={v(name)} key={`${name}-${version}`} {...describedBy(`p-${name}`, false, errors[name])} />
    </Field>
  );
  const select = (name: string, options: { value: string; label: string }[], optional: boolean) => (
    <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.area")} errors={errors[name]}>
      <select id={`p-${name}`} name={name} className="select" defaultValue={v(name)} key={`${name}-${version}`} {...describedBy(`p-${name}`, false, errors[name])}>
        {optional && <option value="">{t("none")}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
  const check = (name: string) => (
    <div className="checkbox">
      <input type="checkbox" id={`p-${name}`} name={name} defaultChecked={v(name) === "on" || v(name) === "true"} key={`${name}-${version}`} />
      <label className="checkbox__label" htmlFor={`p-${name}`}>{t(`fields.${name}` as "fields.consortiumIsPartial")}</label>
    </div>
  );
  return (
    <form action={formAction} className="stack" noValidate>
      {saved.id && <input type="hidden" name="id" value={saved.id} />}
      {!isNew && <input type="hidden" name="version" value={version} />}
      <input type="hidden" name="shown" value={shown} />
      {isNew && checkAgencyNumber && (
        <IntakeFields check={checkAgencyNumber} saved={{ agencyNumber: v("agencyNumber"), slug: v("slug") }} errors={errors} key={`intake-${state.values ? "sent" : "new"}`} />
      )}
      {input("titleKo", { max: 500 })}
      {input("titleEn", { max: 500 })}
      {area("summaryKo", 4000)}
      {area("summaryEn", 4000)}
      {input("productKo", { max: 300 })}
      {input("productEn", { max: 300 })}
      {select("programId", programs.map((p) => ({ value: String(p.id), label: p.name })), allowNoProgram)}
      {select("area", STRATEGIC_TECH_AREAS.map((a) => ({ value: a, label: te(`area.${a}`) })), true)}
      {select("researchStage", RESEARCH_STAGES.map((s) => ({ value: s, label: te(`stage.${s}`) })), true)}
      {input("periodStart", { type: "month", hint: t("monthHint"), placeholder: "2024-03" })}
      {input("periodEnd", { type: "month", hint: t("monthHint"), placeholder: "2024-03" })}
      {input("publishedDurationMonths", { hint: t("durationHint") })}
      {input("publishedSubProjectCount", { hint: t("subProjectCountHint") })}
      {select("status", PROJECT_STATUSES.map((s) => ({ value: s, label: te(`status.${s}`) })), false)}
      {check("consortiumIsPartial")}
      {check("researchersArePartial")}
      {errors.version && <p className="field__error">{errors.version.join(" ")}</p>}
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending}>{pending ? t("saving") : t("saveProject")}</button>
      </div>
      <FormMessage state={state} statusLabels="status" />
    </form>
  );
}
