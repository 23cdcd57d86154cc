import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { UserTable } from "@/components/users/user-table";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listUsers } from "@/lib/data/users";
import { Link } from "@/components/ui/link";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { userListQuerySchema } from "@/lib/validations/user";

type Props = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "users.list" });
  return { title: t("metaTitle"), robots: { index: false } };
}

export default async function UsersPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "user.manage");
  const { page } = userListQuerySchema.parse(await searchParams);
  const t = await getTranslations("users");
  const tm = await getTranslations("workspace.nav");
  const result = await listUsers(actor, { page });
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("breadcrumb") }]}
        title={t("list.title")}
        description={t("list.description")}
        actions={<Link className="btn btn--primary" href="/admin/users/new">{t("list.new")}</Link>}
      />
      <div className="container section">
        <UserTable users={result.items} locale={locale} caption={t("list.caption", { count: result.total })} />
        <Pagination page={result.page} pageCount={result.pageCount} hrefForPage={(p) => `/admin/users?page=${p}`} label={t("list.pagination")} />
      </div>
    </>
  );
}
