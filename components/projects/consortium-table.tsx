import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import type { PublicProject } from "@/lib/data/public-projects";
import { Link } from "@/components/ui/link";
import { DataTable } from "@/components/ui/data-table";

export async function ConsortiumTable({ project, locale }: { project: PublicProject; locale: string }) {
  const t = await getTranslations("project");
  const te = await getTranslations("enums");
  const subProject = (id: number | null) => project.subProjects.find((s) => s.id === id);
  return (
    <>
      <DataTable caption={t("consortiumTable")} captionHidden>
        <thead>
          <tr>
            <th scope="col">{t("institution")}</th>
            <th scope="col">{t("role")}</th>
            <th scope="col">{t("type")}</th>
          </tr>
        </thead>
        <tbody>
          {project.participations.map((p, index) => {
            const sub = subProject(p.subProjectId);
            return (
              <tr key={index}>
                <th scope="row">
                  <Link href={`/institutions/${p.institution.id}`}>
                    <LocalizedText locale={locale} ko={p.institution.nameKo} en={p.institution.nameEn} />
                  </Link>
                </th>
                <td>{te(`role.${p.role}`)}{sub ? ` · ${t("subProjectSeq", { seq: sub.seq })}` : ""}</td>
                <td>{te(`instType.${p.institution.type}`)}</td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      {project.consortiumIsPartial && <p className="table-note">{t("consortiumPartial")}</p>}
    </>
  );
}
