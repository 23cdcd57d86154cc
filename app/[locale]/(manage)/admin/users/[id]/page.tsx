import type { Metadata } from "next";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { notFound } from "next/navigation";
import { pick } from "@/lib/i18n/localized";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { ResetPasswordForm, UserForm } from "@/components/users/user-form";
import { getUser, listProgramChoices, profileForForm } from "@/lib/data/users";
import { Link } from "@/components/ui/link";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { id as idField } from "@/lib/validations/fields";
import { resetPasswordAction, updateUserAction } from "./actions";

type Props = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "users.edit" });
  return { title: t("metaTitle"), robots: { index: false } };
}

export default async function EditUserPage({ params, searchParams }: Props) {
  const { locale, id: rawId } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "user.manage");
  const id = idField.safeParse(rawId);
  if (!id.success) notFound();
  const [user, programs] = await Promise.all([getUser(actor, id.data), listProgramChoices(actor)]);
  if (!user) notFound();
  const t = await getTranslations("users");
  const tm = await getTranslations("workspace.nav");
  const format = await getFormatter();
  const justCreated = (await searchParams).created === "1";
  const isSelf = user.id === actor.id;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("breadcrumb"), href: "/admin/users" }, { label: user.name }]}
        eyebrow={t("edit.eyebrow")}
        title={user.name}
        description={user.email}
        meta={
          <span className="badge-list">
            <Badge tone="primary" size="sm">{t(`role.${user.role}`)}</Badge>
            <Badge tone={user.isDisabled ? "gray" : "success"} size="sm">{t(user.isDisabled ? "status.disabled" : "status.active")}</Badge>
            {user.usesDemoPassword && <Badge tone="warning" size="sm">{t("status.demoPassword")}</Badge>}
          </span>
        }
        actions={<Link className="btn btn--tertiary" href="/admin/users">{t("edit.back")}</Link>}
      />
      <div className="container">
        <div className="form-column">
          {justCreated && (
            <div className="callout callout--info section" role="status">
              <p>{t("new.created", { name: user.name })}</p>
            </div>
          )}
          <section className="section" aria-labelledby="facts-heading">
            <h2 id="facts-heading" className="section__title">{t("edit.facts")}</h2>
            <dl className="desc-list">
              <div><dt>{t("fields.email")}</dt><dd>{user.email}</dd></div>
              <div><dt>{t("edit.createdAt")}</dt><dd className="num">{when(user.createdAt)}</dd></div>
              <div><dt>{t("edit.lastSignIn")}</dt><dd className="num">{user.lastSignInAt ? when(user.lastSignInAt) : t("list.neverSignedIn")}</dd></div>
              <div><dt>{t("edit.sessions")}</dt><dd className="num">{t("edit.sessionCount", { count: user.activeSessions })}</dd></div>
            </dl>
          </section>
          <section className="section" aria-labelledby="profile-heading">
            <h2 id="profile-heading" className="section__title">{t("edit.profileTitle")}</h2>
            {isSelf && <p className="callout callout--info mt-4">{t("edit.self")}</p>}
            <div className="mt-4">
              <UserForm
                mode="edit"
                action={updateUserAction}
                saved={{
                  id: user.id, version: user.version, name: user.name, role: user.role, programIds: user.programs.map((p) => p.id),
                  managesUnassignedProjects: user.managesUnassignedProjects, isDisabled: user.isDisabled,
                }}
                shown={JSON.stringify(profileForForm(user))}
                programs={programs.map((p) => ({ id: p.id, name: pick(locale, p.nameKo, p.nameEn).text }))}
                isSelf={isSelf}
              />
            </div>
          </section>
          <section className="section" aria-labelledby="reset-heading">
            <h2 id="reset-heading" className="section__title">{t("reset.title")}</h2>
            <p className="text-subtle mt-4">{t("reset.description")}</p>
            <div className="mt-4">
              <ResetPasswordForm action={resetPasswordAction} userId={user.id} />
            </div>
          </section>
        </div>
      </div>
    </>
  );
}
