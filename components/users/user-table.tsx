import { getFormatter, getTranslations } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { Badge } from "@/components/ui/badge";
import type { UserListItem } from "@/lib/data/users";
import { Link } from "@/components/ui/link";
import { DataTable } from "@/components/ui/data-table";

/** The users: name (links to the edit page), e-mail, role, programmes, status, last sign-in. */
export async function UserTable({ users, locale, caption }: { users: UserListItem[]; locale: string; caption: string }) {
  const t = await getTranslations("users");
  const format = await getFormatter();
  return (
    <DataTable caption={caption} captionHidden>
      <thead>
        <tr>
          <th scope="col">{t("list.columns.name")}</th>
          <th scope="col">{t("list.columns.email")}</th>
          <th scope="col">{t("list.columns.role")}</th>
          <th scope="col">{t("list.columns.programs")}</th>
          <th scope="col">{t("list.columns.status")}</th>
          <th scope="col">{t("list.columns.lastSignIn")}</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => {
          const programs = u.programs.map((p) => pick(locale, p.nameKo, p.nameEn).text);
          if (u.managesUnassignedProjects) programs.push(t("unassignedProjects"));
          return (
            <tr key={u.id}>
              <th scope="row">
                <Link href={`/admin/users/${u.id}`} aria-label={t("list.editLabel", { name: u.name })}>{u.name}</Link>
              </th>
              <td>{u.email}</td>
              <td className="nowrap">{t(`role.${u.role}`)}</td>
              <td>{programs.length ? programs.join(", ") : <span className="text-subtle">{t("list.noPrograms")}</span>}</td>
              <td>
                <span className="badge-list">
                  <Badge tone={u.isDisabled ? "gray" : "success"} size="sm">{t(u.isDisabled ? "status.disabled" : "status.active")}</Badge>
                  {u.usesDemoPassword && <Badge tone="warning" size="sm">{t("status.demoPassword")}</Badge>}
                </span>
              </td>
              <td className="nowrap num">
                {u.lastSignInAt
                  ? <time dateTime={u.lastSignInAt.toISOString()}>{format.dateTime(u.lastSignInAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                  : <span className="text-subtle">{t("list.neverSignedIn")}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
