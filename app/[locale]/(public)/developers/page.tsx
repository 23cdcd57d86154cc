import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/ui/data-table";
import { env } from "@/lib/env";

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "developers" });
  return { title: t("metaTitle"), description: t("metaDescription"), alternates: { canonical: `/${locale}/developers`, languages: { ko: "/ko/developers", en: "/en/developers" } } };
}

const ENDPOINTS = [
  ["projects", "GET /api/v1/projects?q=전기트램&area=HYDROGEN&sort=funding&limit=20"],
  ["project", "GET /api/v1/projects/{slug}"],
  ["institutions", "GET /api/v1/institutions?limit=100"],
  ["institution", "GET /api/v1/institutions/{id}"],
  ["statistics", "GET /api/v1/statistics?status=ACTIVE"],
  ["changes", "GET /api/v1/changes?since=2026-11-01T00:00:00Z"],
  ["downloads", "GET /api/v1/downloads/projects?format=csv&area=HYDROGEN"],
  ["threeSixtyGiving", "GET /api/v1/360giving.json"],
  ["openapi", "GET /api/v1/openapi.json"],
] as const;

const PROBLEMS = ["invalid-parameter", "not-found", "rate-limited", "unexpected"] as const;

// Examples are the same in both languages: commands and JSON.
const EXAMPLE_LIST = `curl 'https://…/api/v1/projects?q=%ED%8A%B8%EB%9E%A8&limit=2'

{
  "data": [
    {
      "slug": "hydrogen-electric-tram",
      "titleKo": "수소전기트램 실증사업",
      "titleEn": "Hydrogen-electric tram demonstration",
      "period": { "start": "2021-07", "end": "2024-03", "precision": "month",
                  "publishedDurationMonths": 33, "computedDurationMonths": 33 },
      "governmentTotal": { "amount": "28100000000", "currency": "KRW" },
      …
    }
  ],
  "nextCursor": null,
  "total": 1
}`;

const EXAMPLE_PAGING = `cursor=''
while :; do
  page=$(curl -s "https://…/api/v1/projects?limit=100\${cursor:+&cursor=$cursor}")
  echo "$page" | jq -c '.data[]' >> projects.jsonl
  cursor=$(echo "$page" | jq -r '.nextCursor // empty')
  [ -z "$cursor" ] && break
done`;

const EXAMPLE_CHANGES = `curl 'https://…/api/v1/changes?since=2026-11-01T00:00:00Z'

{
  "data": [
    { "event": "updated", "slug": "hydrogen-electric-tram", "changedAt": "2026-11-02T01:02:03.000Z",
      "tombstone": false, "links": { "self": "/api/v1/projects/hydrogen-electric-tram" } },
    { "event": "unpublished", "slug": "some-project", "changedAt": "2026-11-03T04:05:06.000Z",
      "tombstone": true, "links": { "self": null } }
  ],
  "nextCursor": "eyJmIjoiY2hhbmdlcyIs…",
  "hasMore": false
}`;

const EXAMPLE_PROBLEM = `curl -i 'https://…/api/v1/projects?limit=0'

HTTP/1.1 400 Bad Request
Content-Type: application/problem+json; charset=utf-8

{ "type": "/en/developers#problem-invalid-parameter", "title": "Invalid parameter", "status": 400,
  "detail": "The parameter \`limit\` must be between 1 and 100.", "parameter": "limit" }`;

/** The open-data API, downloads and 360Giving, for people who build on them. */
export default async function DevelopersPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("developers");
  const perMinute = env().API_RATE_LIMIT_PER_MINUTE;
  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <div className="container section stack prose">
        <section aria-labelledby="endpoints">
          <h2 id="endpoints">{t("endpointsHeading")}</h2>
          <DataTable caption={t("endpointsHeading")} captionHidden>
            <thead>
              <tr><th scope="col">{t("endpointColumn")}</th><th scope="col">{t("descriptionColumn")}</th></tr>
            </thead>
            <tbody>
              {ENDPOINTS.map(([key, request]) => (
                <tr key={key}><td><code>{request}</code></td><td>{t(`endpoints.${key}`)}</td></tr>
              ))}
            </tbody>
          </DataTable>
          <p><a href="/api/v1/openapi.json">{t("openapiLink")}</a></p>
        </section>
        <section aria-labelledby="parameters">
          <h2 id="parameters">{t("parametersHeading")}</h2>
          <p>{t("parametersText")}</p>
          <h3>{t("examplesHeading")}</h3>
          <pre className="code-block"><code>{EXAMPLE_LIST}</code></pre>
        </section>
        <section aria-labelledby="paging">
          <h2 id="paging">{t("pagingHeading")}</h2>
          <p>{t("pagingText")}</p>
          <pre className="code-block"><code>{EXAMPLE_PAGING}</code></pre>
        </section>
        <section aria-labelledby="formats">
          <h2 id="formats">{t("formatsHeading")}</h2>
          <p>{t("formatsText", { example: '{ "amount": "28100000000", "currency": "KRW" }' })}</p>
        </section>
        <section aria-labelledby="changes">
          <h2 id="changes">{t("changesHeading")}</h2>
          <p>{t("changesText")}</p>
          <pre className="code-block"><code>{EXAMPLE_CHANGES}</code></pre>
        </section>
        <section aria-labelledby="http">
          <h2 id="http">{t("httpHeading")}</h2>
          <p>{t("httpText", { perMinute })}</p>
        </section>
        <section aria-labelledby="problems">
          <h2 id="problems">{t("problemsHeading")}</h2>
          <p>{t("problemsText")}</p>
          <dl>
            {PROBLEMS.map((kind) => (
              <div key={kind} id={`problem-${kind}`}>
                <dt><code>{kind}</code></dt>
                <dd>{t(`problems.${kind}`)}</dd>
              </div>
            ))}
          </dl>
          <pre className="code-block"><code>{EXAMPLE_PROBLEM}</code></pre>
        </section>
        <section aria-labelledby="downloads">
          <h2 id="downloads">{t("downloadsHeading")}</h2>
          <p>{t("downloadsText")}</p>
        </section>
        <section aria-labelledby="three-sixty-giving">
          <h2 id="three-sixty-giving">{t("threeSixtyGivingHeading")}</h2>
          <p>{t("threeSixtyGivingText")}</p>
          <p><a href="/api/v1/360giving.json">360giving.json</a></p>
        </section>
      </div>
    </>
  );
}
