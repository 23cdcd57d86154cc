"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useConformForm } from "@/components/forms/use-conform-form";
import { describedBy, Field, FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE, type ActionState } from "@/lib/action-state";
import { MILESTONE_KINDS, MILESTONE_STATUSES } from "@/lib/domain/enums";
import { milestoneSchema } from "@/lib/validations/milestone";

export type EditableMilestone = Record<string, string> & { id: string; version: string; titleKo: string };
type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

/** The full editor of one milestone (or a new one when `milestone` is undefined). */
export function MilestoneForm({ projectId, milestone, shown, action }: { projectId: number; milestone?: EditableMilestone; shown?: string; action: Action }) {
  const t = useTranslations("manage");
  const te = useTranslations("enums");
  const { state, pending, field, formProps, versionToSend } = useConformForm({
    schema: milestoneSchema,
    action,
    defaultValue: { ...milestone, kind: milestone?.kind || MILESTONE_KINDS[0], status: milestone?.status || MILESTONE_STATUSES[0] },
  });
  const prefix = `ms${milestone?.id ?? "new"}`;
  const input = (name: string, max: number, hint?: string) => {
    const f = field(name);
    return (
      <Field id={`${prefix}-${name}`} label={t(`fields.${name}` as "fields.titleKo")} hint={hint} errors={f.errors}>
        <input id={`${prefix}-${name}`} name={name} className="input" maxLength={max} defaultValue={f.defaultValue} key={f.key} {...describedBy(`${prefix}-${name}`, Boolean(hint), f.errors)} />
      </Field>
    );
  };
  const select = (name: string, options: { value: string; label: string }[]) => {
    const f = field(name);
    return (
      <Field id={`${prefix}-${name}`} label={t(`fields.${name}` as "fields.kind")} errors={f.errors}>
        <select id={`${prefix}-${name}`} name={name} className="select" defaultValue={f.defaultValue} key={f.key} {...describedBy(`${prefix}-${name}`, false, f.errors)}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </Field>
    );
  };
  return (
    <form {...formProps} className="stack">
      <input type="hidden" name="projectId" value={projectId} />
      {milestone && <input type="hidden" name="id" value={milestone.id} />}
      {milestone && <input type="hidden" name="version" value={versionToSend(milestone.version)} />}
      {shown && <input type="hidden" name="shown" value={shown} />}
      {input("titleKo", 300)}
      {input("titleEn", 300)}
      {select("kind", MILESTONE_KINDS.map((k) => ({ value: k, label: te(`milestoneKind.${k}`) })))}
      {select("status", MILESTONE_STATUSES.map((s) => ({ value: s, label: te(`milestoneStatus.${s}`) })))}
      {input("due", 10, t("partialDateHint"))}
      {input("targetValue", 25)}
      {input("actualValue", 25)}
      {input("unitKo", 40)}
      {input("unitEn", 40)}
      {input("achieved", 10, t("partialDateHint"))}
      {input("descriptionKo", 4000)}
      {input("descriptionEn", 4000)}
      {input("evidenceKo", 2000)}
      {input("evidenceEn", 2000)}
      <div className="btn-group">
        <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : milestone ? t("saveMilestone") : t("addMilestone")}</button>
      </div>
      <FormMessage state={state} statusLabels="milestoneStatus" />
    </form>
  );
}

export function DeleteMilestoneForm({ id, version, action }: { id: string; version: string; action: Action }) {
  const t = useTranslations("manage");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  return (
    <form action={formAction} onSubmit={(e) => { if (!window.confirm(t("confirmDelete"))) e.preventDefault(); }}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="version" value={version} />
      <button type="submit" className="btn btn--text btn--sm" disabled={pending}>{t("deleteMilestone")}</button>
      <FormMessage state={state} />
    </form>
  );
}
