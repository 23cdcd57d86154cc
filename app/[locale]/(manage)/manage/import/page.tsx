import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { listImports, listMappings, maxUploadBytes } from "@/lib/data/imports";
import { importErrorMessage } from "@/lib/import/messages";
import { Link } from "@/components/ui/link";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { saveMappingAction } from "./actions";
import { MappingForm } from "./forms";
import { DataTable } from "@/components/ui/data-table";

type Props = { params: Promise<{ locale: string }>; searchParams: Promise<{ page?: string; error?: string; ref?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "import" });
  return { title: t("title"), robots: { index: false } };
}

/** Upload a file (its dry run runs as a job), the saved column mappings, and the imports so far. */
export default async function ImportPage({ params, searchParams }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "import.run");
  const query = await searchParams;
  const page = Math.min(Math.max(1, Number(query.page) || 1), 10_000);
  const t = await getTranslations("import");
  const tm = await getTranslations("manage");
  const te = await getTranslations("errors");
  const [imports, mappings] = await Promise.all([listImports(actor, { page }), listMappings(actor)]);
  const maxMb = Math.round(maxUploadBytes() / 1024 / 1024);
  const loc = locale === "en" ? "en" : "ko";
  const uploadError = query.error
    ? query.error === "unexpected" ? te("unexpected", { reference: String(query.ref ?? "").slice(0, 12) })
      : query.error === "uploadFailed" ? t("uploadFailed")
        : te.has(query.error) ? te(query.error as "FORBIDDEN") : importErrorMessage(query.error, { maxMb }, loc)
    : null;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Seoul" });
  return (
    <>
      <PageHeader breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("title") }]} title={t("title")} description={t("intro")} />
      <div className="container section stack">
        <p><a className="btn btn--secondary" href="/api/imports/template" download>{t("template")}</a></p>
        <p className="text-sm">{t("templateHelp")}</p>
        {uploadError ? <div className="callout callout--danger" role="alert"><p>{uploadError}</p></div> : null}
        <form method="post" action={`/api/imports?locale=${locale}`} encType="multipart/form-data" className="stack">
          <input type="hidden" name="locale" value={locale} />
          <div className="field">
            <label className="field__label" htmlFor="import-file">{t("file")}</label>
            <p className="field__hint" id="import-file-hint">{t("fileHelp", { maxMb })}</p>
            <input id="import-file" name="file" type="file" required accept=".xlsx,.csv,.tsv,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby="import-file-hint" />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="import-mapping">{t("mapping")}</label>
            <select id="import-mapping" name="mapping" className="input" defaultValue="">
              <option value="">{t("mappingNone")}</option>
              {mappings.map((m) => <option key={m.id} value={m.name}>{m.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label><input type="checkbox" name="publish" /> {t("publish")}</label>
          </div>
          <div className="btn-group"><button type="submit" className="btn btn--primary">{t("upload")}</button></div>
        </form>

        <h2>{t("history")}</h2>
        {imports.rows.length === 0 ? <EmptyState title={t("historyEmpty")} /> : (
          <DataTable caption={t("history")} captionHidden>
            <thead><tr><th scope="col">#</th><th scope="col">{t("col.when")}</th><th scope="col">{t("col.who")}</th><th scope="col">{t("col.file")}</th><th scope="col">{t("col.status")}</th><th scope="col" className="num">{t("col.counts")}</th></tr></thead>
            <tbody>
              {imports.rows.map((r) => (
                <tr key={r.id}>
                  <td><Link href={`/manage/import/${r.id}`}>{t("detail", { id: r.id })}</Link></td>
                  <td className="nowrap">{dateFormat.format(r.createdAt)}</td>
                  <td>{r.actorEmail}</td>
                  <td>{r.fileName}</td>
                  <td>{t(`status.${r.status}`)}</td>
                  <td className="num nowrap">{[r.created, r.updated, r.unchanged, r.errorCount].map((n) => n ?? "–").join(" / ")}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <Pagination page={page} pageCount={Math.max(1, Math.ceil(imports.total / imports.pageSize))} hrefForPage={(p) => `/manage/import${p > 1 ? `?page=${p}` : ""}`} />

        <h2>{t("mappingsTitle")}</h2>
        {mappings.length ? <ul>{mappings.map((m) => <li key={m.id}><strong>{m.name}</strong>: <code>{Object.entries(m.mapping as Record<string, Record<string, string>>).flatMap(([kind, rules]) => Object.entries(rules).map(([h, f]) => `${kind}.${h} = ${f}`)).join("; ")}</code></li>)}</ul> : null}
        <MappingForm action={saveMappingAction} />
      </div>
    </>
  );
}
