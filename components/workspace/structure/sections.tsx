// Size (above 300 lines): five sibling sections sharing one cached read and three helpers; each
// is a screenful, kept side by side so they stay alike.
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { cache } from "react";
import { LocalizedText } from "@/components/projects/localized-text";
import { pick } from "@/lib/i18n/localized";
import { shownFundingLineValues } from "@/lib/data/project-structure/funding-lines";
import { getProjectStructure, type ProjectStructure } from "@/lib/data/project-structure/read";
import { shownSubProjectValues } from "@/lib/data/project-structure/sub-projects";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { formatPeriod } from "@/lib/format/period";
import type { Actor } from "@/lib/permissions";
import type { StructureAction } from "./structure-form-parts";
import type { InstitutionSearch } from "./institution-combobox";
import { FundingLineForm, IdentifierForm, ParticipationForm, PersonForm, RemoveRowForm, SubProjectForm } from "./structure-forms";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

// The project editor's sections for what sits under a project: sub-projects, consortium,
// researchers, funding and identifiers. Tables are rendered here on the server (money formatted
// only here, at the edge); the forms are client components. Each section is one line in the
// project editor page; they share one read of the project per request.

/**
 * The route's server actions, passed in by the page like every other form's (components never
 * import from app/: imports flow app → components → lib, checked by `npm run lint`).
 */
export type StructureActions = {
  saveFundingLine: StructureAction; deleteFundingLine: StructureAction;
  addParticipation: StructureAction; removeParticipation: StructureAction;
  addProjectPerson: StructureAction; removeProjectPerson: StructureAction;
  saveSubProject: StructureAction; deleteSubProject: StructureAction;
  addIdentifier: StructureAction; removeIdentifier: StructureAction;
  searchInstitutions: InstitutionSearch;
};

type Props = { actor: Actor; projectId: number; locale: string; actions: StructureActions };

const loadStructure = cache((actor: Actor, projectId: number) => getProjectStructure(actor, projectId));

type T = Awaited<ReturnType<typeof getTranslations<"structure">>>;

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <SectionHeader id={`${id}-heading`} title={title} />
      {children}
    </section>
  );
}

function Disclosure({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="disclosure mt-4">
      <summary>{summary}</summary>
      <div className="disclosure__body">{children}</div>
    </details>
  );
}

function Amount({ won, locale, t }: { won: bigint | null; locale: string; t: T }) {
  if (won === null) return <span className="text-subtle">{t("unknownAmount")}</span>;
  return <span className="num" title={formatWonExact(won, locale)}>{formatWon(won, locale)}</span>;
}

function subProjectLabel(s: ProjectStructure, id: number | null, t: T) {
  if (id === null) return t("wholeProject");
  const sub = s.subProjects.find((x) => x.id === id);
  return sub ? t("subProjectSeq", { seq: sub.seq }) : t("wholeProject");
}

function subProjectOptions(s: ProjectStructure, locale: string, t: T) {
  return s.subProjects.map((sub) => ({ value: String(sub.id), label: t("subProjectOption", { seq: sub.seq, title: pick(locale, sub.titleKo, sub.titleEn).text }) }));
}

/** 세부과제: number, title, lead institution, period; edit and delete each, add one. */
export async function SubProjectsEditor({ actor, projectId, locale, actions }: Props) {
  const s = await loadStructure(actor, projectId);
  const t = await getTranslations("structure");
  const edit = { projectId: s.id, projectVersion: s.version, search: actions.searchInstitutions, canCreateInstitution: s.canCreateInstitution };
  return (
    <Section id="sub-projects" title={t("subProjectsTitle")}>
      {s.subProjects.length === 0 ? <p className="text-subtle">{t("subProjectsEmpty")}</p> : (
        <DataTable caption={t("subProjectsCaption")}>
          <thead>
            <tr>
              <th scope="col">{t("colSeq")}</th>
              <th scope="col">{t("colTitle")}</th>
              <th scope="col">{t("colLead")}</th>
              <th scope="col">{t("colPeriod")}</th>
            </tr>
          </thead>
          <tbody>
            {s.subProjects.map((sub) => (
              <tr key={sub.id}>
                <td>{sub.seq}</td>
                <th scope="row"><LocalizedText locale={locale} ko={sub.titleKo} en={sub.titleEn} /></th>
                <td>{sub.leadInstitution ? <LocalizedText locale={locale} ko={sub.leadInstitution.nameKo} en={sub.leadInstitution.nameEn} /> : <span className="text-subtle">{t("notRecorded")}</span>}</td>
                <td>{sub.periodStart && sub.periodEnd ? formatPeriod(sub.periodStart, sub.periodEnd, locale) : <span className="text-subtle">{t("sameAsProject")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {s.canEdit && s.subProjects.map((sub) => {
        const shown = shownSubProjectValues({ ...sub, leadInstitutionId: sub.leadInstitution?.id ?? null });
        const saved = { ...shown, id: String(sub.id), leadInstitutionId: shown.leadInstitutionId ?? "", leadInstitutionName: sub.leadInstitution?.nameKo ?? "" };
        const name = t("subProjectSeq", { seq: sub.seq });
        return (
          <Disclosure key={sub.id} summary={t("editRow", { name })}>
            <SubProjectForm {...edit} action={actions.saveSubProject} subProject={saved} shown={JSON.stringify(shown)} />
            <RemoveRowForm projectId={s.id} projectVersion={s.version} action={actions.deleteSubProject} id={sub.id} name={name} />
            {sub.isInUse && <p className="field__hint">{t("subProjectInUseHint")}</p>}
          </Disclosure>
        );
      })}
      {s.canEdit && (
        <Disclosure summary={t("addSubProject")}>
          <SubProjectForm {...edit} action={actions.saveSubProject} />
        </Disclosure>
      )}
    </Section>
  );
}

/** 참여기관: institution, role, sub-project, type; remove each, add one. */
export async function ConsortiumEditor({ actor, projectId, locale, actions }: Props) {
  const s = await loadStructure(actor, projectId);
  const t = await getTranslations("structure");
  const te = await getTranslations("enums");
  return (
    <Section id="consortium" title={t("consortiumTitle")}>
      {s.participations.length === 0 ? <p className="text-subtle">{t("consortiumEmpty")}</p> : (
        <DataTable caption={t("consortiumCaption")}>
          <thead>
            <tr>
              <th scope="col">{t("colInstitution")}</th>
              <th scope="col">{t("colRole")}</th>
              <th scope="col">{t("colScope")}</th>
              <th scope="col">{t("colType")}</th>
              {s.canEdit && <th scope="col"><span className="sr-only">{t("colActions")}</span></th>}
            </tr>
          </thead>
          <tbody>
            {s.participations.map((p) => (
              <tr key={p.id}>
                <th scope="row"><LocalizedText locale={locale} ko={p.institution.nameKo} en={p.institution.nameEn} /></th>
                <td>{te(`role.${p.role}`)}</td>
                <td>{subProjectLabel(s, p.subProjectId, t)}</td>
                <td>{te(`instType.${p.institution.type}`)}</td>
                {s.canEdit && (
                  <td>
                    <RemoveRowForm projectId={s.id} projectVersion={s.version} action={actions.removeParticipation} id={p.id}
                      name={`${pick(locale, p.institution.nameKo, p.institution.nameEn).text} (${te(`role.${p.role}`)})`} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {s.consortiumIsPartial && <p className="table-note">{t("consortiumPartial")}</p>}
      {s.canEdit && (
        <Disclosure summary={t("addParticipation")}>
          <ParticipationForm projectId={s.id} projectVersion={s.version} action={actions.addParticipation} subProjects={subProjectOptions(s, locale, t)}
            search={actions.searchInstitutions} canCreateInstitution={s.canCreateInstitution} />
        </Disclosure>
      )}
    </Section>
  );
}

/** 참여 연구진: name, role, affiliation, position; remove each, add one. */
export async function ResearchersEditor({ actor, projectId, locale, actions }: Props) {
  const s = await loadStructure(actor, projectId);
  const t = await getTranslations("structure");
  const te = await getTranslations("enums");
  return (
    <Section id="researchers" title={t("researchersTitle")}>
      {s.people.length === 0 ? <p className="text-subtle">{t("researchersEmpty")}</p> : (
        <DataTable caption={t("researchersCaption")}>
          <thead>
            <tr>
              <th scope="col">{t("colName")}</th>
              <th scope="col">{t("colRole")}</th>
              <th scope="col">{t("colAffiliation")}</th>
              <th scope="col">{t("colPosition")}</th>
              {s.canEdit && <th scope="col"><span className="sr-only">{t("colActions")}</span></th>}
            </tr>
          </thead>
          <tbody>
            {s.people.map((p) => (
              <tr key={p.id}>
                <th scope="row"><LocalizedText locale={locale} ko={p.person.nameKo} en={p.person.nameEn} /></th>
                <td>{te(`personRole.${p.role}`)}</td>
                <td>{p.institution ? <LocalizedText locale={locale} ko={p.institution.nameKo} en={p.institution.nameEn} /> : <span className="text-subtle">{t("notRecorded")}</span>}</td>
                <td><LocalizedText locale={locale} ko={p.positionKo} en={p.positionEn} /></td>
                {s.canEdit && (
                  <td>
                    <RemoveRowForm projectId={s.id} projectVersion={s.version} action={actions.removeProjectPerson} id={p.id}
                      name={pick(locale, p.person.nameKo, p.person.nameEn).text} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {s.researchersArePartial && <p className="table-note">{t("researchersPartial")}</p>}
      {s.canEdit && (
        <Disclosure summary={t("addPerson")}>
          <PersonForm projectId={s.id} projectVersion={s.version} action={actions.addProjectPerson} search={actions.searchInstitutions} canCreateInstitution={s.canCreateInstitution} />
        </Disclosure>
      )}
    </Section>
  );
}

/** 연구비: the rolled-up totals, every line with its scope; edit and delete each, add one. */
export async function FundingEditor({ actor, projectId, locale, actions }: Props) {
  const s = await loadStructure(actor, projectId);
  const t = await getTranslations("structure");
  const period = (l: ProjectStructure["fundingLines"][number]) =>
    l.fiscalYear !== null ? t("fiscalYear", { year: l.fiscalYear }) : l.stage !== null ? t("stageNumber", { stage: l.stage }) : t("wholePeriod");
  const lineName = (l: ProjectStructure["fundingLines"][number]) => `${subProjectLabel(s, l.subProjectId, t)} · ${period(l)}`;
  const options = subProjectOptions(s, locale, t);
  return (
    <Section id="funding-edit" title={t("fundingTitle")}>
      <div className="stat-grid">
        <div className="stat">
          <span className="stat__label">{t("colGovernment")}</span>
          <span className="stat__value" data-testid="structure-government-total"><Amount won={s.governmentTotalWon} locale={locale} t={t} /></span>
          {s.governmentTotalWon !== null && <span className="stat__note num">{formatWonExact(s.governmentTotalWon, locale)}</span>}
        </div>
        <div className="stat">
          <span className="stat__label">{t("colPrivateCash")}</span>
          <span className="stat__value"><Amount won={s.privateCashTotalWon} locale={locale} t={t} /></span>
        </div>
        <div className="stat">
          <span className="stat__label">{t("colPrivateInKind")}</span>
          <span className="stat__value"><Amount won={s.privateInKindTotalWon} locale={locale} t={t} /></span>
        </div>
      </div>
      <p className="table-note">{s.hasWholePeriodLine ? t("totalsFromWholePeriod") : t("totalsFromParts")}</p>
      {s.fundingLines.length === 0 ? <p className="text-subtle">{t("fundingEmpty")}</p> : (
        <DataTable caption={t("fundingCaption")} className="mt-8">
          <thead>
            <tr>
              <th scope="col">{t("colScope")}</th>
              <th scope="col">{t("colPeriodScope")}</th>
              <th scope="col" className="num">{t("colGovernment")}</th>
              <th scope="col" className="num">{t("colPrivateCash")}</th>
              <th scope="col" className="num">{t("colPrivateInKind")}</th>
              <th scope="col">{t("colNote")}</th>
            </tr>
          </thead>
          <tbody>
            {s.fundingLines.map((l) => (
              <tr key={l.id}>
                <th scope="row">
                  {subProjectLabel(s, l.subProjectId, t)}
                  {l.institution && <span className="desc-list__note"><LocalizedText locale={locale} ko={l.institution.nameKo} en={l.institution.nameEn} /></span>}
                </th>
                <td>{period(l)}</td>
                <td className="num"><Amount won={l.governmentWon} locale={locale} t={t} /></td>
                <td className="num"><Amount won={l.privateCashWon} locale={locale} t={t} /></td>
                <td className="num"><Amount won={l.privateInKindWon} locale={locale} t={t} /></td>
                <td>
                  <LocalizedText locale={locale} ko={l.noteKo} en={l.noteEn} />
                  {l.source && <span className="desc-list__note">{t("fromSource")}: <LocalizedText locale={locale} ko={l.source.titleKo} en={l.source.titleEn} /></span>}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {s.fundingLines.some((l) => l.agreementId !== null) && <p className="table-note">{t("agreementLinesNote")}</p>}
      {s.canEdit && s.fundingLines.filter((l) => l.agreementId === null).map((l) => {
        const shown = shownFundingLineValues(l);
        const name = lineName(l);
        return (
          <Disclosure key={l.id} summary={t("editRow", { name })}>
            {l.source && <p className="field__hint">{t("fromSourceHint")}</p>}
            <FundingLineForm projectId={s.id} projectVersion={s.version} action={actions.saveFundingLine} line={{ ...shown, id: String(l.id) }}
              shown={JSON.stringify(shown)} subProjects={options} />
            <RemoveRowForm projectId={s.id} projectVersion={s.version} action={actions.deleteFundingLine} id={l.id} name={name} />
          </Disclosure>
        );
      })}
      {s.canEdit && (
        <Disclosure summary={t("addFundingLine")}>
          <FundingLineForm projectId={s.id} projectVersion={s.version} action={actions.saveFundingLine} subProjects={options} />
        </Disclosure>
      )}
    </Section>
  );
}

/** 과제번호: NTIS and agency numbers; remove each, add one. */
export async function IdentifiersEditor({ actor, projectId, actions }: Props) {
  const s = await loadStructure(actor, projectId);
  const t = await getTranslations("structure");
  const te = await getTranslations("enums");
  return (
    <Section id="identifiers" title={t("identifiersTitle")}>
      {s.identifiers.length === 0 ? <p className="text-subtle">{t("identifiersEmpty")}</p> : (
        <DataTable caption={t("identifiersCaption")} variant="compact">
          <thead>
            <tr>
              <th scope="col">{t("colScheme")}</th>
              <th scope="col">{t("colValue")}</th>
              {s.canEdit && <th scope="col"><span className="sr-only">{t("colActions")}</span></th>}
            </tr>
          </thead>
          <tbody>
            {s.identifiers.map((i) => (
              <tr key={i.id}>
                <th scope="row">{te(`identifierScheme.${i.scheme}`)}</th>
                <td className="num">{i.value}</td>
                {s.canEdit && (
                  <td>
                    <RemoveRowForm projectId={s.id} projectVersion={s.version} action={actions.removeIdentifier} id={i.id} name={`${te(`identifierScheme.${i.scheme}`)} ${i.value}`} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      {s.canEdit && (
        <Disclosure summary={t("addIdentifier")}>
          <IdentifierForm projectId={s.id} projectVersion={s.version} action={actions.addIdentifier} />
        </Disclosure>
      )}
    </Section>
  );
}
