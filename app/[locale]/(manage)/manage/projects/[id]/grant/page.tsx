import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { GrantCategoryChart } from "@/components/grants/grant-chart";
import { formatShare, isoDay } from "@/components/grants/grant-format";
import { RollupTable } from "@/components/grants/grant-figures";
import { GrantFormSection } from "@/components/grants/grant-form-section";
import {
  AgreementAmountsForm, AgreementForm, DeletePaymentForm, PaymentForm, SettlementForm, SpendingForm,
} from "@/components/grants/grant-forms";
import { pick } from "@/lib/i18n/localized";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { getProjectGrants, type ProjectGrants } from "@/lib/data/grants/read";
import { formatWon, formatWonExact } from "@/lib/format/money";
import type { GrantFlag } from "@/lib/quality/checks";
import { idParam, orNotFound } from "@/lib/server/page-params";
import { requirePageActor } from "@/lib/server/require-page-actor";
import {
  deletePaymentAction, recordPaymentAction, recordSpendingAction, saveAgreementAction, saveAgreementAmountsAction, saveSettlementAction,
} from "./actions";
import { DataTable } from "@/components/ui/data-table";
import { SectionHeader } from "@/components/ui/section-header";

type Props = { params: Promise<{ locale: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "grants" });
  return { title: t("title"), robots: { index: false } };
}

type Agreement = ProjectGrants["agreements"][number];
type T = Awaited<ReturnType<typeof getTranslations<"grants">>>;

function agreementLabel(a: Pick<Agreement, "fiscalYear" | "stage" | "subProjectId">, grants: ProjectGrants, t: T): string {
  const stage = a.stage === null ? t("stageUnknown") : t("stageValue", { stage: a.stage });
  const sub = a.subProjectId === null ? null : grants.subProjects.find((s) => s.id === a.subProjectId);
  return `${t("agreementHeading", { year: a.fiscalYear, stage })}${sub ? ` · ${t("subProject", { seq: sub.seq })}` : ""}`;
}

function won(value: bigint | null, locale: string, unknown: string) {
  return value === null ? unknown : formatWon(value, locale);
}

function quartersOf(start: Date, end: Date): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  for (let y = start.getUTCFullYear(); y <= end.getUTCFullYear(); y++) {
    for (let q = 1; q <= 4; q++) out.push({ value: `${y}-Q${q}`, label: `${y}-Q${q}` });
  }
  return out;
}

export default async function GrantPage({ params }: Props) {
  const { locale, id } = await params;
  setRequestLocale(locale);
  const actor = await requirePageActor(locale, "grant.read");
  const grants = await orNotFound(getProjectGrants(actor, idParam(id)));
  const t = await getTranslations("grants");
  const tm = await getTranslations("manage");
  const { project } = grants;
  const title = pick(locale, project.titleKo, project.titleEn).text;
  const none = t("noRatio");
  const unknown = t("unknown");
  const instName = (institutionId: number | null) => {
    const found = grants.institutions.find((i) => i.id === institutionId);
    return found ? pick(locale, found.nameKo, found.nameEn).text : t("institutionUnassigned");
  };
  const agreementOptions = grants.agreements.map((a) => ({ value: String(a.id), label: agreementLabel(a, grants, t) }));
  const institutionOptions = grants.institutions.map((i) => ({ value: String(i.id), label: pick(locale, i.nameKo, i.nameEn).text }));
  const base = { projectId: project.id, projectVersion: project.version };
  const canWriteAny = Object.values(grants.canWrite).some(Boolean);
  const alertText = (f: GrantFlag) => {
    const a = grants.agreements.find((x) => x.id === f.agreementId);
    const label = a ? agreementLabel(a, grants, t) : `#${f.agreementId}`;
    return "days" in f
      ? t(`flag.${f.code}`, { agreement: label, days: f.days })
      : t(`flag.${f.code}`, { agreement: label, spent: formatShare(f.spentShare, locale, none), elapsed: formatShare(f.elapsedShare, locale, none) });
  };
  const payments = grants.agreements.flatMap((a) => a.payments.map((p) => ({ ...p, agreement: a })));

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: tm("home"), href: "/manage" }, { label: tm("projectsTitle"), href: "/manage/projects" }, { label: title, href: `/manage/projects/${project.id}` }, { label: t("title") }]}
        title={t("title")}
        description={title}
      />
      <div className="container">
        <p className="mt-4">{t("intro")}</p>
        {!canWriteAny && <div className="callout callout--info mt-8" role="note"><p>{t("readOnly")}</p></div>}

        <section className="section" aria-labelledby="grant-summary">
          <SectionHeader id="grant-summary" title={t("summaryTitle")} />
          <div className="stat-grid">
            {([["awarded", grants.total.awardedWon], ["paid", grants.total.paidWon], ["spent", grants.total.spentWon], ["returned", grants.total.returnedWon]] as const).map(([key, value]) => (
              <div key={key} className="stat">
                <span className="stat__label">{t(key)}</span>
                <span className="stat__value" title={value === null ? undefined : formatWonExact(value, locale)}>{won(value, locale, unknown)}</span>
              </div>
            ))}
          </div>
          <h3 className="mt-8">{t("burnTitle")}</h3>
          <dl className="stat-grid" aria-label={t("burnTitle")}>
            <div className="stat"><dt className="stat__label">{t("spentOfPaid")}</dt><dd className="stat__value" data-testid="burn-spent-of-paid">{formatShare(grants.burn.spentOfPaid, locale, none)}</dd></div>
            <div className="stat"><dt className="stat__label">{t("spentOfAwarded")}</dt><dd className="stat__value" data-testid="burn-spent-of-awarded">{formatShare(grants.burn.spentOfAwarded, locale, none)}</dd></div>
            <div className="stat"><dt className="stat__label">{t("elapsed")}</dt><dd className="stat__value">{formatShare(grants.burn.elapsed, locale, none)}</dd></div>
          </dl>
          <p className="text-sm text-subtle mt-4">{t("burnNote")}</p>
        </section>

        <section className="section" aria-labelledby="grant-alerts">
          <SectionHeader id="grant-alerts" title={t("alertsTitle")} />
          {grants.alerts.length === 0 ? <p className="text-subtle">{t("noAlerts")}</p> : (
            <ul className="stack" aria-label={t("alertsTitle")}>
              {grants.alerts.map((f) => (
                <li key={`${f.code}-${f.agreementId}`} className="callout callout--warning" data-flag={f.code}><p>{alertText(f)}</p></li>
              ))}
            </ul>
          )}
        </section>

        <section className="section" aria-labelledby="grant-chart">
          <SectionHeader id="grant-chart" title={t("chartTitle")} />
          <GrantCategoryChart grants={grants} locale={locale} />
          <div className="stack mt-8">
            <RollupTable caption={t("byInstitution")} head={t("institution")} rows={grants.byInstitution.map((r) => ({ key: String(r.institutionId), label: instName(r.institutionId), ...r }))} locale={locale} t={t} />
            <RollupTable caption={t("byYear")} head={t("year")} rows={grants.byYear.map((r) => ({ key: String(r.fiscalYear), label: String(r.fiscalYear), ...r }))} locale={locale} t={t} />
          </div>
        </section>

        <section className="section" aria-labelledby="grant-agreements">
          <SectionHeader id="grant-agreements" title={t("agreementsTitle")} />
          {grants.agreements.length === 0 && <p className="text-subtle">{t("noAgreements")}</p>}
          <ul className="card-list">
            {grants.agreements.map((a) => {
              const label = agreementLabel(a, grants, t);
              const saved = {
                id: String(a.id), subProjectId: a.subProjectId === null ? "" : String(a.subProjectId), stage: a.stage === null ? "" : String(a.stage),
                fiscalYear: String(a.fiscalYear), agreementNumber: a.agreementNumber ?? "", signedOn: isoDay(a.signedOn), periodStart: isoDay(a.periodStart),
                periodEnd: isoDay(a.periodEnd), status: a.status ?? "PENDING", noteKo: a.noteKo ?? "",
              };
              const institutionIds = [...new Set([...a.fundingLines.map((l) => l.institutionId), ...a.payments.map((p) => p.institutionId)])];
              const paidBy = (iid: number | null) => a.payments.filter((p) => p.institutionId === iid).reduce((s, p) => s + p.amountWon, 0n);
              const amountRows = grants.institutions.map((i) => {
                const line = a.fundingLines.find((l) => l.institutionId === i.id);
                return {
                  institutionId: i.id, name: pick(locale, i.nameKo, i.nameEn).text, governmentWon: line?.governmentWon?.toString() ?? "",
                  privateCashWon: line?.privateCashWon?.toString() ?? "", privateInKindWon: line?.privateInKindWon?.toString() ?? "",
                };
              });
              return (
                <li key={a.id} className="card" aria-labelledby={`agreement-${a.id}`}>
                  <div className="badge-list">
                    <Badge tone={a.status === "SIGNED" || a.status === "AMENDED" ? "success" : "gray"} size="sm">{a.status ? t(`status.${a.status}`) : t("statusNotRecorded")}</Badge>
                    <Badge tone="gray" size="sm" plain>{t("version", { version: a.version })}</Badge>
                  </div>
                  <h3 id={`agreement-${a.id}`} className="card__title">{label}</h3>
                  <dl className="text-sm">
                    <div><dt className="sr-only">{t("number")}</dt><dd>{t("number")}: {a.agreementNumber ?? t("notRecorded")}</dd></div>
                    <div><dt className="sr-only">{t("signedOn")}</dt><dd>{t("signedOn")}: {a.signedOn ? isoDay(a.signedOn) : t("notRecorded")}</dd></div>
                    <div><dt className="sr-only">{t("period")}</dt><dd>{t("period")}: {a.periodStart && a.periodEnd ? `${isoDay(a.periodStart)} ~ ${isoDay(a.periodEnd)}` : t("notRecorded")}</dd></div>
                  </dl>
                  <DataTable caption={`${label} ${t("amountsTitle")}`} captionHidden className="mt-4" variant="compact">
                    <thead>
                      <tr>
                        <th scope="col">{t("institution")}</th>
                        <th scope="col" className="num">{t("government")}</th>
                        <th scope="col" className="num">{t("privateCash")}</th>
                        <th scope="col" className="num">{t("privateInKind")}</th>
                        <th scope="col" className="num">{t("paid")}</th>
                        <th scope="col">{t("settlement")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {institutionIds.map((iid) => {
                        const line = a.fundingLines.find((l) => l.institutionId === iid);
                        const settlement = a.settlements.find((s) => s.institutionId === iid);
                        return (
                          <tr key={String(iid)}>
                            <th scope="row">{instName(iid)}</th>
                            <td className="num">{won(line?.governmentWon ?? null, locale, unknown)}</td>
                            <td className="num">{won(line?.privateCashWon ?? null, locale, unknown)}</td>
                            <td className="num">{won(line?.privateInKindWon ?? null, locale, unknown)}</td>
                            <td className="num">{formatWon(paidBy(iid), locale)}</td>
                            <td>
                              {settlement
                                ? `${t("settledOn", { date: isoDay(settlement.settledOn) })} · ${t("recognised")} ${formatWon(settlement.recognisedWon, locale)} · ${t("disallowed")} ${formatWon(settlement.disallowedWon, locale)}${settlement.disallowedReason ? ` (${settlement.disallowedReason})` : ""} · ${t("toReturn")} ${formatWon(settlement.toReturnWon, locale)}${settlement.returnedOn ? ` (${isoDay(settlement.returnedOn)})` : ""}`
                                : t("notSettled")}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </DataTable>
                  {a.revisions.length > 0 && (
                    <details className="disclosure mt-4">
                      <summary>{t("historyTitle", { count: a.revisions.length })}</summary>
                      <div className="disclosure__body">
                        <ol className="stack">
                          {a.revisions.map((r) => <RevisionItem key={r.id} revision={r} locale={locale} t={t} instName={instName} />)}
                        </ol>
                      </div>
                    </details>
                  )}
                  {grants.canWrite.agreement && (
                    <>
                      <details className="disclosure mt-4">
                        <summary>{t("editAmounts")}</summary>
                        <div className="disclosure__body">
                          {amountRows.length === 0 ? <p className="text-subtle">{t("noParticipants")}</p> : (
                            <AgreementAmountsForm {...base} action={saveAgreementAmountsAction} agreementId={a.id} rows={amountRows}
                              needsReason={(a.status === "SIGNED" || a.status === "AMENDED") && a.fundingLines.length > 0} />
                          )}
                        </div>
                      </details>
                      <details className="disclosure mt-4">
                        <summary>{t("editAgreement")}</summary>
                        <div className="disclosure__body">
                          <AgreementForm {...base} action={saveAgreementAction} agreement={saved}
                            subProjects={grants.subProjects.map((s) => ({ value: String(s.id), label: `${s.seq}. ${pick(locale, s.titleKo, s.titleEn).text}` }))} />
                        </div>
                      </details>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {grants.canWrite.agreement && (
            <details className="disclosure mt-8">
              <summary>{t("addAgreement")}</summary>
              <div className="disclosure__body">
                <AgreementForm {...base} action={saveAgreementAction}
                  subProjects={grants.subProjects.map((s) => ({ value: String(s.id), label: `${s.seq}. ${pick(locale, s.titleKo, s.titleEn).text}` }))} />
              </div>
            </details>
          )}
        </section>

        <section className="section" aria-labelledby="grant-payments">
          <SectionHeader id="grant-payments" title={t("paymentsTitle")} />
          {payments.length === 0 ? <p className="text-subtle">{t("noPayments")}</p> : (
            <DataTable caption={t("paymentsTitle")} captionHidden variant="compact">
              <thead>
                <tr>
                  <th scope="col">{t("paidOn")}</th>
                  <th scope="col">{t("agreement")}</th>
                  <th scope="col">{t("institution")}</th>
                  <th scope="col" className="num">{t("amount")}</th>
                  <th scope="col">{t("note")}</th>
                  {grants.canWrite.payment && <th scope="col"><span className="sr-only">{t("deletePayment")}</span></th>}
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => (
                  <tr key={p.id}>
                    <td className="nowrap">{isoDay(p.paidOn)}</td>
                    <td>{agreementLabel(p.agreement, grants, t)}</td>
                    <td>{instName(p.institutionId)}</td>
                    <td className="num" title={formatWonExact(p.amountWon, locale)}>{formatWon(p.amountWon, locale)}</td>
                    <td>{p.noteKo}</td>
                    {grants.canWrite.payment && (
                      <td><DeletePaymentForm {...base} action={deletePaymentAction} id={p.id} label={t("deletePaymentLabel", { date: isoDay(p.paidOn), amount: formatWon(p.amountWon, locale) })} /></td>
                    )}
                  </tr>
                ))}
              </tbody>
            </DataTable>
          )}
          {grants.canWrite.payment && grants.agreements.length > 0 && (
            <details className="disclosure mt-8">
              <summary>{t("addPayment")}</summary>
              <div className="disclosure__body">
                <PaymentForm {...base} action={recordPaymentAction} agreements={agreementOptions} institutions={institutionOptions} today={new Date().toISOString().slice(0, 10)} />
              </div>
            </details>
          )}
        </section>

        {grants.canWrite.spending && grants.agreements.length > 0 && (
          <GrantFormSection id="grant-spending" title={t("spendingTitle")} summary={t("addSpending")}>
            <SpendingForm {...base} action={recordSpendingAction} agreements={agreementOptions} institutions={institutionOptions}
              quarters={quartersOf(project.periodStart, project.periodEnd)}
              categories={grants.byCategory.filter((c) => c.validTo === null || c.validTo >= project.periodStart).map((c) => ({ code: c.code, label: pick(locale, c.nameKo, c.nameEn).text }))} />
          </GrantFormSection>
        )}

        {grants.canWrite.settlement && grants.agreements.length > 0 && (
          <GrantFormSection id="grant-settlement" title={t("settlementTitle")} summary={t("saveSettlement")}>
            <SettlementForm {...base} action={saveSettlementAction} agreements={agreementOptions} institutions={institutionOptions} />
          </GrantFormSection>
        )}
      </div>
    </>
  );
}

type RevisionAmount = { institutionId: number | null; institutionNameKo: string | null; governmentWon: string | null; privateCashWon: string | null; privateInKindWon: string | null };

function RevisionItem({ revision, locale, t, instName }: {
  revision: Agreement["revisions"][number]; locale: string; t: T; instName: (id: number | null) => string;
}) {
  const header = revision.header as Record<string, string | number | null>;
  const amounts = (revision.amounts ?? []) as RevisionAmount[];
  const amount = (v: string | null) => (v === null ? t("unknown") : formatWon(BigInt(v), locale));
  return (
    <li className="card">
      <p className="card__title">
        {revision.reason ? t("revision", { version: revision.version, reason: revision.reason }) : t("revisionNoReason", { version: revision.version })}
      </p>
      <p className="text-sm text-subtle">{t("revisionAt", { date: isoDay(revision.createdAt) })}</p>
      <p className="text-sm">
        {t("number")}: {header.agreementNumber ?? t("notRecorded")} · {t("signedOn")}: {header.signedOn ?? t("notRecorded")} · {t("period")}: {header.periodStart && header.periodEnd ? `${header.periodStart} ~ ${header.periodEnd}` : t("notRecorded")}
        {typeof header.status === "string" ? ` · ${t(`status.${header.status}` as "status.SIGNED")}` : ""}
      </p>
      {amounts.length > 0 && (
        <ul className="text-sm">
          {amounts.map((a) => (
            <li key={String(a.institutionId)}>
              {a.institutionId === null ? t("institutionUnassigned") : (a.institutionNameKo && locale === "ko" ? a.institutionNameKo : instName(a.institutionId))}: {t("government")} {amount(a.governmentWon)} · {t("privateCash")} {amount(a.privateCashWon)} · {t("privateInKind")} {amount(a.privateInKindWon)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
