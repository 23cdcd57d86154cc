import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { getImport, type ImportDetail } from "@/lib/data/imports";
import { isAppError } from "@/lib/errors";
import { importErrorMessage } from "@/lib/import/messages";
import { Link } from "@/components/ui/link";
import { requirePageActor } from "@/lib/server/require-page-actor";
import { TEMPLATE, resolveHeaders } from "@/lib/import/template";
import { applyImportAction, cancelImportAction, retryImportAction, saveMappingPickerAction } from "../actions";
import { DataTable } from "@/components/ui/data-table";
import { ImportProgress, ImportStepButton, MappingPicker, type PickerKind, type PickerSheet } from "../forms";

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, id } = await params;
  const t = await getTranslations({ locale, namespace: "import" });
  return { title: t("detail", { id }), robots: { index: false } };
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function pickerKinds(t: (key: "kinds.projects") => string): PickerKind[] {
  return TEMPLATE.map((spec) => ({
    kind: spec.kind, label: t(`kinds.${spec.kind}` as "kinds.projects"),
    // Template headers are Korean; the first English alias follows (docs/import.md lists them all).
    fields: spec.fields.map((f) => ({ field: f.field, label: f.aliases[0] ? `${f.header} · ${f.aliases[0]}` : f.header, required: f.required ?? false })),
  }));
}

/** One import: its progress, the dry run's counts, changes, new flags and row errors, and its next step. */
export default async function ImportDetailPage({ params }: Props) {
  const { locale, id: rawId } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "import.run");
  const id = Number(rawId);
  if (!Number.isInteger(id) || id < 1) notFound();
  let record: ImportDetail;
  try {
    record = await getImport(actor, id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const t = await getTranslations("import");
  const tm = await getTranslations("manage");
  const loc = locale === "en" ? "en" : "ko";
  const report = record.report;
  const canCancel = record.own && ["QUEUED", "DRY_RUNNING", "READY", "INVALID", "APPLY_QUEUED", "FAILED"].includes(record.status);
  const canRetry = record.own && (record.status === "FAILED" || record.stalled);
  const counts = { created: record.created ?? 0, updated: record.updated ?? 0, unchanged: record.unchanged ?? 0, errors: record.errorCount ?? 0 };
  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: t("title"), href: "/manage/import" }, { label: t("detail", { id }) }]}
        title={t("detail", { id })}
        description={`${record.fileName} · ${t(`status.${record.status}`)}`}
      />
      <div className="container section stack">
        <p className="text-sm">{record.actorEmail} · {t("sha")} <code>{record.fileSha256}</code>{record.appliedAt ? ` · ${t("appliedAt")} ${record.appliedAt.toISOString().slice(0, 16).replace("T", " ")}` : ""}</p>
        <ImportProgress key={record.status} id={record.id} status={record.status} done={record.progressDone} total={record.progressTotal} />
        <p role="status" data-testid="import-summary">
          <strong>{t(`status.${record.status}`)}</strong>
          {record.status === "APPLIED" ? ` · ${t("appliedSummary", counts)}` : report ? ` · ${t("summary", counts)}` : ""}
          {report?.spending && report.spending.created + report.spending.updated + report.spending.unchanged > 0 ? ` · ${t("spendingSummary", report.spending)}` : ""}
        </p>
        {record.failure ? <div className="callout callout--danger" role="alert"><p>{t("failure", { reason: record.failure })}</p></div> : null}
        <div className="btn-group">
          {record.own && record.status === "READY" ? <ImportStepButton id={record.id} action={applyImportAction} label={t("apply")} primary /> : null}
          {canRetry ? <ImportStepButton id={record.id} action={retryImportAction} label={t("retry")} /> : null}
          {canCancel ? <ImportStepButton id={record.id} action={cancelImportAction} label={t("cancel")} /> : null}
          {report && report.errorTotal > 0 ? <a className="btn btn--secondary" href={`/api/imports/${record.id}/errors?locale=${loc}`} download>{t("downloadErrors")}</a> : null}
        </div>

        {report && report.errors.length > 0 ? (
          <section className="stack" aria-labelledby="import-errors">
            <h2 id="import-errors">{t("errorsTitle")}</h2>
            {report.errorTotal > report.errors.length ? <p className="text-sm">{t("errorsMore", { shown: report.errors.length, total: report.errorTotal })}</p> : null}
            <DataTable caption={t("errorsTitle")} captionHidden>
              <thead><tr><th scope="col">{t("errCol.sheet")}</th><th scope="col" className="num">{t("errCol.row")}</th><th scope="col">{t("errCol.column")}</th><th scope="col">{t("errCol.message")}</th></tr></thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={i}><td>{e.sheet || "–"}</td><td className="num">{e.row || "–"}</td><td>{e.column || "–"}</td><td>{importErrorMessage(e.code, e.params, loc)}</td></tr>
                ))}
              </tbody>
            </DataTable>
          </section>
        ) : null}

        {report && report.changes.length > 0 ? (
          <section className="stack" aria-labelledby="import-changes">
            <h2 id="import-changes">{t("changesTitle")}</h2>
            {report.changeTotal > report.changes.length ? <p className="text-sm">{t("changesMore", { shown: report.changes.length, total: report.changeTotal })}</p> : null}
            <ul className="stack">
              {report.changes.map((c) => (
                <li key={c.key}>
                  <strong>{c.action === "create" ? t("create") : t("update")}</strong> {c.key} · {c.projectId ? <Link href={`/manage/projects/${c.projectId}`}>{c.title}</Link> : c.title}
                  {c.changes.length ? (
                    <ul>
                      {c.changes.map((f) => (
                        <li key={f.field}><code>{f.field}</code>: {typeof f.before === "number" && typeof f.after === "number" && !["programId"].includes(f.field) && ["subProjects", "consortium", "funding", "researchers", "milestones"].includes(f.field)
                          ? t("rowsChange", { before: f.before, after: f.after }) : `${shown(f.before)} → ${shown(f.after)}`}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {report && report.newFlags.length > 0 ? (
          <section className="stack" aria-labelledby="import-flags">
            <h2 id="import-flags">{t("flagsTitle")}</h2>
            <ul>{report.newFlags.map((f) => <li key={f.key}>{f.key}: {f.flags.join(", ")}</li>)}</ul>
          </section>
        ) : null}
        {report?.ignoredSheets.length ? <p className="text-sm">{t("ignoredSheets", { names: report.ignoredSheets.join(", ") })}</p> : null}
        {report ? Object.entries(report.ignoredColumns).map(([kind, names]) => <p key={kind} className="text-sm">{t("ignoredColumns", { kind: t(`kinds.${kind}` as "kinds.projects"), names: (names ?? []).join(", ") })}</p>) : null}
        {record.own && report?.sheets?.length && record.status !== "APPLIED" ? (
          <MappingPicker action={saveMappingPickerAction} kinds={pickerKinds(t)} sheets={report.sheets.map((sheet): PickerSheet => ({
            ...sheet,
            // What the template's names already match, per kind: the picker starts from there.
            chosen: Object.fromEntries(TEMPLATE.map((spec) => {
              const { columns } = resolveHeaders(spec, sheet.headers);
              return [spec.kind, Object.fromEntries(columns.flatMap((f, i) => (f ? [[f.field, sheet.headers[i]!]] : [])))];
            })),
          }))} />
        ) : null}
        <p><Link href="/manage/import">{t("back")}</Link></p>
      </div>
    </>
  );
}
