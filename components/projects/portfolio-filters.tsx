import { getTranslations } from "next-intl/server";
import { LocalizedText } from "@/components/projects/localized-text";
import type { FacetCount, PortfolioFacets } from "@/lib/data/public-portfolio";
import { INSTITUTION_TYPES, PROJECT_STATUSES, STRATEGIC_TECH_AREAS } from "@/lib/domain/enums";
import { Link } from "@/components/ui/link";
import type { PortfolioQuery } from "@/lib/validations/portfolio-query";

type Option = { value: string | number; label: React.ReactNode; count: number };

function FacetGroup({ name, legend, options, selected, emptyLabel, countLabel }: {
  name: string;
  legend: string;
  options: Option[];
  selected: (string | number)[];
  emptyLabel: string;
  countLabel: (count: number) => string;
}) {
  return (
    <fieldset className="checkbox-group">
      <legend className="checkbox-group__legend">{legend}</legend>
      {options.length === 0 ? (
        <p className="text-sm text-subtle">{emptyLabel}</p>
      ) : (
        <ul className="checkbox-group__list">
          {options.map((o) => {
            const id = `facet-${name}-${o.value}`;
            return (
              <li key={o.value} className="checkbox">
                <input type="checkbox" id={id} name={name} value={o.value} defaultChecked={selected.includes(o.value)} />
                <label className="checkbox__label" htmlFor={id}>
                  {o.label} <span className="checkbox__count">{countLabel(o.count)}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

/** Keeps every selected value visible, with a zero count when the other filters exclude it. */
function withSelected<T extends string | number>(counts: FacetCount<T>[], selected: T[]): FacetCount<T>[] {
  const missing = selected.filter((v) => !counts.some((c) => c.value === v)).map((value) => ({ value, count: 0 }));
  return [...counts, ...missing];
}

export async function PortfolioFilters({ facets, query, locale, basePath = "/" }: { facets: PortfolioFacets; query: PortfolioQuery; locale: string; basePath?: string }) {
  const t = await getTranslations("portfolio");
  const te = await getTranslations("enums");
  const countLabel = (count: number) => t("facetCount", { count });
  const order = <T extends string>(list: readonly T[], counts: FacetCount<T>[]) =>
    [...counts].sort((a, b) => list.indexOf(a.value) - list.indexOf(b.value));
  const hasFilters = query.program.length + query.area.length + query.status.length + query.year.length + query.instType.length > 0;

  return (
    <section className="facet-panel" aria-labelledby="filters-heading">
      <div className="facet-panel__header">
        <h2 id="filters-heading" className="facet-panel__title">{t("filtersHeading")}</h2>
      </div>
      <FacetGroup
        name="program" legend={t("facet.program")} selected={query.program} emptyLabel={t("facetEmpty")} countLabel={countLabel}
        options={withSelected(facets.program, query.program).map((p) => {
          const named = facets.program.find((f) => f.value === p.value);
          return { value: p.value, count: p.count, label: named ? <LocalizedText locale={locale} ko={named.nameKo} en={named.nameEn} /> : `#${p.value}` };
        })}
      />
      <FacetGroup
        name="area" legend={t("facet.area")} selected={query.area} emptyLabel={t("facetEmpty")} countLabel={countLabel}
        options={order(STRATEGIC_TECH_AREAS, withSelected(facets.area, query.area)).map((a) => ({ value: a.value, count: a.count, label: te(`area.${a.value}`) }))}
      />
      <FacetGroup
        name="status" legend={t("facet.status")} selected={query.status} emptyLabel={t("facetEmpty")} countLabel={countLabel}
        options={order(PROJECT_STATUSES, withSelected(facets.status, query.status)).map((s) => ({ value: s.value, count: s.count, label: te(`status.${s.value}`) }))}
      />
      <FacetGroup
        name="year" legend={t("facet.year")} selected={query.year} emptyLabel={t("facetEmpty")} countLabel={countLabel}
        options={withSelected(facets.year, query.year).sort((a, b) => b.value - a.value).map((y) => ({ value: y.value, count: y.count, label: String(y.value) }))}
      />
      <FacetGroup
        name="instType" legend={t("facet.instType")} selected={query.instType} emptyLabel={t("facetEmpty")} countLabel={countLabel}
        options={order(INSTITUTION_TYPES, withSelected(facets.instType, query.instType)).map((i) => ({ value: i.value, count: i.count, label: te(`instType.${i.value}`) }))}
      />
      <div className="facet-panel__actions">
        <button type="submit" className="btn btn--primary btn--block">{t("applyFilters")}</button>
        {hasFilters && (
          <Link className="btn btn--tertiary btn--block" href={query.q ? `${basePath}?${new URLSearchParams({ q: query.q })}` : basePath}>
            {t("resetFilters")}
          </Link>
        )}
      </div>
    </section>
  );
}
