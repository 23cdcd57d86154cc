import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import type { PublicProject } from "@/lib/data/public-projects";

export async function ResearcherList({ project, locale }: { project: PublicProject; locale: string }) {
  const t = await getTranslations("project");
  const te = await getTranslations("enums");
  return (
    <>
      <ul className="cluster" aria-label={t("researchersHeading")}>
        {project.people.map((p, index) => (
          <li key={index} className="card card--subtle">
            <strong><LocalizedText locale={locale} ko={p.person.nameKo} en={p.person.nameEn} /></strong>
            <span className="text-sm text-subtle">
              {" "}
              {p.role === "PRINCIPAL_INVESTIGATOR" ? te("personRole.PRINCIPAL_INVESTIGATOR") : null}
              {p.institution ? <> {p.role === "PRINCIPAL_INVESTIGATOR" ? "· " : ""}<LocalizedText locale={locale} ko={p.institution.nameKo} en={p.institution.nameEn} /></> : null}
              {p.positionKo || p.positionEn ? <> · <LocalizedText locale={locale} ko={p.positionKo} en={p.positionEn} /></> : null}
            </span>
          </li>
        ))}
      </ul>
      {project.researchersArePartial && <p className="table-note">{t("researchersPartial")}</p>}
    </>
  );
}
