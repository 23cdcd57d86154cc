"use client";

import { useTranslations } from "next-intl";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import { IntakeFields } from "@/components/workspace/intake-fields";
import type { ActionState } from "@/lib/action-state";
import { PROJECT_STATUSES, RESEARCH_STAGES, STRATEGIC_TECH_AREAS } from "@/lib/domain/enums";
import { projectSchema } from "@/lib/validations/project";

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
  const { state, pending, field, formProps, versionToSend } = useConformForm({ schema: projectSchema, action, defaultValue: saved });
  const input = (name: string, props: { max?: number; hint?: string; type?: string; placeholder?: string } = {}) => {
    const f = field(name);
    return (
      <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.titleKo")} hint={props.hint} errors={f.errors}>
        <input id={`p-${name}`} name={name} className="input" type={props.type ?? "text"} maxLength={props.max} placeholder={props.placeholder}
          defaultValue={f.defaultValue} key={f.key} {...describedBy(`p-${name}`, Boolean(props.hint), f.errors)} />
      </Field>
    );
  };
  const area = (name: string, max: number) => {
    const f = field(name);
    return (
      <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.summaryKo")} errors={f.errors}>
        <textarea id={`p-${name}`} name={name} className="input" rows={3} maxLength={max} defaultValue={f.defaultValue} key={f.key} {...describedBy(`p-${name}`, false, f.errors)} />
      </Field>
    );
  };
  const select = (name: string, options: { value: string; label: string }[], optional: boolean) => {
    const f = field(name);
    return (
      <Field id={`p-${name}`} label={t(`fields.${name}` as "fields.area")} errors={f.errors}>
        <select id={`p-${name}`} name={name} className="select" defaultValue={f.defaultValue} key={f.key} {...describedBy(`p-${name}`, false, f.errors)}>
          {optional && <option value="">{t("none")}</option>}
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </Field>
    );
  };
  const check = (name: string) => {
    const f = field(name);
    return (
      <div className="checkbox">
        <input type="checkbox" id={`p-${name}`} name={name} value="true" defaultChecked={f.defaultValue === "on" || f.defaultValue === "true"} key={f.key} />
        <label className="checkbox__label" htmlFor={`p-${name}`}>{t(`fields.${name}` as "fields.consortiumIsPartial")}</label>
      </div>
    );
  };
  const versionErrors = field("version").errors;
  return (
    <form {...formProps} className="stack">
      {saved.id && <input type="hidden" name="id" value={saved.id} />}
      {/* The version and the values shown when the form opened: how the server tells a conflict. */}
      {!isNew && <input type="hidden" name="version" value={versionToSend(saved.version)} />}
      <input type="hidden" name="shown" value={shown} />
      {isNew && checkAgencyNumber && (
        <IntakeFields check={checkAgencyNumber} saved={{ agencyNumber: field("agencyNumber").defaultValue, slug: field("slug").defaultValue }}
          errors={{ agencyNumber: field("agencyNumber").errors, slug: field("slug").errors }} />
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
      {versionErrors && <p className="field__error">{versionErrors.join(" ")}</p>}
      <div className="btn-group">
        <button type="submit" className="btn btn--primary" disabled={pending}>{pending ? t("saving") : t("saveProject")}</button>
      </div>
      <FormMessage state={state} statusLabels="status" />
    </form>
  );
}
