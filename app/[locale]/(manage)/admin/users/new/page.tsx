import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { pick } from "@/lib/i18n/localized";
import { PageHeader } from "@/components/ui/page-header";
import { UserForm } from "@/components/users/user-form";
import { listProgramChoices } from "@/lib/data/users";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { createUserAction } from "./actions";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "users.new" });
  return { title: t("metaTitle"), robots: { index: false } };
}

export default async function NewUserPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "user.manage");
  const t = await getTranslations("users");
  const tm = await getTranslations("workspace.nav");
  const programs = await listProgramChoices(actor);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("breadcrumb"), href: "/admin/users" }, { label: t("new.title") }]}
        title={t("new.title")}
        description={t("new.description")}
      />
      <div className="container section">
        <div className="form-column">
          <UserForm
            mode="create"
            action={createUserAction}
            saved={{ name: "", role: "PROGRAM_MANAGER", programIds: [], managesUnassignedProjects: false, isDisabled: false }}
            programs={programs.map((p) => ({ id: p.id, name: pick(locale, p.nameKo, p.nameEn).text }))}
          />
        </div>
      </div>
    </>
  );
}
