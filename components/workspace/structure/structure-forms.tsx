"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormMessage } from "@/components/workspace/form-parts";
import { INITIAL_ACTION_STATE } from "@/lib/action-state";
import { IDENTIFIER_SCHEMES, PARTICIPATION_ROLES, PERSON_ROLES } from "@/lib/domain/enums";
import {
  fundingLineSchema, identifierSchema, participationSchema, projectPersonSchema, subProjectSchema,
} from "@/lib/validations/project-structure";
import { InstitutionCombobox, type InstitutionSearch } from "./institution-combobox";
import {
  institutionErrors, ProjectFields, SelectField, StructureFormFooter, TextField, useStructureForm, type StructureAction,
} from "./structure-form-parts";

// The add, edit and remove forms under a project. Lists and tables are rendered on the server
// (sections.tsx); these are checked in the browser with the server action's schema, keep what the
// user typed after a refusal and send the project's version.

type Option = { value: string; label: string };
type Base = { projectId: number; projectVersion: number; action: StructureAction };
type Chooser = { search: InstitutionSearch; canCreateInstitution: boolean };

function SubmitButton({ pending, label }: { pending: boolean; label: string }) {
  const t = useTranslations("structure");
  return (
    <div className="btn-group">
      <button type="submit" className="btn btn--primary btn--sm" disabled={pending}>{pending ? t("saving") : label}</button>
    </div>
  );
}

/** Adds a funding line, or edits one (`line` given). Amounts left empty are unknown, never 0. */
export function FundingLineForm({ projectId, projectVersion, action, line, shown, subProjects }: Base & {
  line?: Record<string, string> & { id: string };
  shown?: string;
  subProjects: Option[];
}) {
  const t = useTranslations("structure");
  const { state, pending, field, formProps, versionToSend } = useStructureForm(fundingLineSchema, action, line);
  const prefix = `fl-${line?.id ?? "new"}`;
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={versionToSend(projectVersion)} />
      {line && <input type="hidden" name="id" value={line.id} />}
      {shown && <input type="hidden" name="shown" value={shown} />}
      <SelectField prefix={prefix} field={field("subProjectId")} options={subProjects} emptyLabel={t("wholeProject")} />
      <TextField prefix={prefix} field={field("fiscalYear")} max={4} inputMode="numeric" placeholder="2024" hint={t("yearOrStageHint")} />
      <TextField prefix={prefix} field={field("stage")} max={2} inputMode="numeric" />
      <TextField prefix={prefix} field={field("governmentWon")} max={40} inputMode="numeric" hint={t("wonHint")} />
      <TextField prefix={prefix} field={field("privateCashWon")} max={40} inputMode="numeric" />
      <TextField prefix={prefix} field={field("privateInKindWon")} max={40} inputMode="numeric" />
      <TextField prefix={prefix} field={field("noteKo")} max={2000} />
      <TextField prefix={prefix} field={field("noteEn")} max={2000} />
      <SubmitButton pending={pending} label={line ? t("saveFundingLine") : t("addFundingLine")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Adds a sub-project, or edits one (`subProject` given). */
export function SubProjectForm({ projectId, projectVersion, action, subProject, shown, search, canCreateInstitution }: Base & Chooser & {
  subProject?: Record<string, string> & { id: string; leadInstitutionId: string; leadInstitutionName: string };
  shown?: string;
}) {
  const t = useTranslations("structure");
  const { state, pending, field, formProps, versionToSend, saves } = useStructureForm(subProjectSchema, action, subProject);
  const prefix = `sp-${subProject?.id ?? "new"}`;
  const lead = subProject?.leadInstitutionId ? { id: subProject.leadInstitutionId, name: subProject.leadInstitutionName } : undefined;
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={versionToSend(projectVersion)} />
      {subProject && <input type="hidden" name="id" value={subProject.id} />}
      {shown && <input type="hidden" name="shown" value={shown} />}
      <TextField prefix={prefix} field={field("seq")} max={2} inputMode="numeric" required />
      <TextField prefix={prefix} field={field("titleKo")} max={500} required />
      <TextField prefix={prefix} field={field("titleEn")} max={500} />
      <InstitutionCombobox key={`lead-${saves}`} prefix={prefix} label={t("leadLabel")} required={false} values={state.values}
        errors={institutionErrors(field)} saved={lead} search={search} canCreate={canCreateInstitution} />
      <TextField prefix={prefix} field={field("periodStart")} type="month" placeholder="2024-03" hint={t("subPeriodHint")} />
      <TextField prefix={prefix} field={field("periodEnd")} type="month" placeholder="2024-03" />
      <SubmitButton pending={pending} label={subProject ? t("saveSubProject") : t("addSubProject")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Adds an institution in a role to the project or one of its sub-projects. */
export function ParticipationForm({ projectId, projectVersion, action, subProjects, search, canCreateInstitution }: Base & Chooser & { subProjects: Option[] }) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const { state, pending, field, formProps, versionToSend, saves } = useStructureForm(participationSchema, action);
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={versionToSend(projectVersion)} />
      <InstitutionCombobox key={`inst-${saves}`} prefix="pa-new" label={t("institutionLabel")} required values={state.values}
        errors={institutionErrors(field)} search={search} canCreate={canCreateInstitution} />
      <SelectField prefix="pa-new" field={field("role")} options={PARTICIPATION_ROLES.map((r) => ({ value: r, label: te(`role.${r}`) }))} />
      {subProjects.length > 0 && <SelectField prefix="pa-new" field={field("subProjectId")} options={subProjects} emptyLabel={t("wholeProject")} />}
      <SubmitButton pending={pending} label={t("addParticipation")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Adds a researcher with role, affiliation and position. */
export function PersonForm({ projectId, projectVersion, action, search, canCreateInstitution }: Base & Chooser) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const { state, pending, field, formProps, versionToSend, saves } = useStructureForm(projectPersonSchema, action, { role: "RESEARCHER" });
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={versionToSend(projectVersion)} />
      <TextField prefix="pp-new" field={field("nameKo")} max={100} required />
      <TextField prefix="pp-new" field={field("nameEn")} max={100} />
      <SelectField prefix="pp-new" field={field("role")} options={PERSON_ROLES.map((r) => ({ value: r, label: te(`personRole.${r}`) }))} />
      <InstitutionCombobox key={`aff-${saves}`} prefix="pp-new" label={t("affiliationLabel")} required={false} values={state.values}
        errors={institutionErrors(field)} search={search} canCreate={canCreateInstitution} />
      <TextField prefix="pp-new" field={field("positionKo")} max={100} />
      <TextField prefix="pp-new" field={field("positionEn")} max={100} />
      <SubmitButton pending={pending} label={t("addPerson")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Adds an identifier such as the NTIS project number. */
export function IdentifierForm({ projectId, projectVersion, action }: Base) {
  const t = useTranslations("structure");
  const te = useTranslations("enums");
  const { state, pending, field, formProps, versionToSend } = useStructureForm(identifierSchema, action);
  return (
    <form {...formProps} className="stack">
      <ProjectFields projectId={projectId} version={versionToSend(projectVersion)} />
      <SelectField prefix="id-new" field={field("scheme")} options={IDENTIFIER_SCHEMES.map((s) => ({ value: s, label: te(`identifierScheme.${s}`) }))} />
      <TextField prefix="id-new" field={field("value")} max={100} required />
      <SubmitButton pending={pending} label={t("addIdentifier")} />
      <StructureFormFooter state={state} field={field} />
    </form>
  );
}

/** Removes one row after a confirmation; `name` tells screen-reader users which row. */
export function RemoveRowForm({ projectId, projectVersion, action, id, name }: Base & { id: number; name: string }) {
  const t = useTranslations("structure");
  const [state, formAction, pending] = useActionState(action, INITIAL_ACTION_STATE);
  const version = String(Math.max(projectVersion, state.conflict?.currentVersion ?? 0));
  return (
    <form action={formAction} onSubmit={(e) => { if (!window.confirm(t("confirmRemove", { name }))) e.preventDefault(); }}>
      <ProjectFields projectId={projectId} version={version} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn btn--text btn--sm" disabled={pending} aria-label={t("removeNamed", { name })}>{t("remove")}</button>
      {[...(state.fieldErrors?.version ?? []), ...(state.fieldErrors?.id ?? [])].map((e) => <p key={e} className="field__error">{e}</p>)}
      <FormMessage state={state} />
    </form>
  );
}
