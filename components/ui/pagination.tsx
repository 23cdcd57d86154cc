import { useTranslations } from "next-intl";
import { Link } from "@/components/ui/link";

export type PaginationProps = {
  /** Current page, 1-based. */
  page: number;
  /** Number of pages. Nothing is rendered when it is 1 or less. */
  pageCount: number;
  /** Path without the language prefix for a page, e.g. (p) => `/?q=battery&page=${p}`. */
  hrefForPage: (page: number) => string;
  /** Name of the nav landmark; defaults to ui.pagination.label ("페이지 이동"). */
  label?: string;
  /** Also show "전체 N페이지 중 n페이지" under the links. */
  showStatus?: boolean;
};

type Token =
  | { kind: "page"; page: number; wideOnly: boolean }
  | { kind: "gap"; before: number; only: "wide" | "narrow" | null };

/** Pages shown around `page` with `reach` neighbours, plus the first and last page. A gap of
 *  exactly one page is filled with that page instead of an ellipsis. */
function visiblePages(page: number, pageCount: number, reach: number): number[] {
  const set = new Set<number>([1, pageCount]);
  for (let p = page - reach; p <= page + reach; p++) if (p >= 1 && p <= pageCount) set.add(p);
  const sorted = [...set].sort((a, b) => a - b);
  const out: number[] = [];
  for (const n of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && n - prev === 2) out.push(prev + 1);
    out.push(n);
  }
  return out;
}

/** Wide screens show two neighbours each side, phones one (CSS hides the "far" items). */
function tokens(page: number, pageCount: number): Token[] {
  const wide = visiblePages(page, pageCount, 2);
  const narrow = new Set(visiblePages(page, pageCount, 1));
  const out: Token[] = [];
  let prevWide: number | undefined;
  let prevNarrow: number | undefined;
  for (const n of wide) {
    const onNarrow = narrow.has(n);
    const gapWide = prevWide !== undefined && n - prevWide > 1;
    const gapNarrow = onNarrow && prevNarrow !== undefined && n - prevNarrow > 1;
    if (gapWide || gapNarrow) {
      out.push({ kind: "gap", before: n, only: gapWide && gapNarrow ? null : gapWide ? "wide" : "narrow" });
    }
    out.push({ kind: "page", page: n, wideOnly: !onNarrow });
    prevWide = n;
    if (onNarrow) prevNarrow = n;
  }
  return out;
}

/**
 * KRDS pagination: first / previous / numbered pages with ellipses / next / last, as links
 * (no client JS). The current page is marked aria-current="page".
 */
export function Pagination({ page, pageCount, hrefForPage, label, showStatus = false }: PaginationProps) {
  const t = useTranslations("ui.pagination");
  if (!Number.isFinite(pageCount) || pageCount <= 1) return null;
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);

  const step = (kind: "first" | "previous" | "next" | "last", target: number, enabled: boolean) => {
    const className = `pagination__step pagination__step--${kind}`;
    const content = (
      <>
        {(kind === "first" || kind === "previous") && <Arrow kind={kind} />}
        <span className="pagination__step-label">{t(kind)}</span>
        {(kind === "next" || kind === "last") && <Arrow kind={kind} />}
      </>
    );
    const edge = kind === "first" || kind === "last" ? " pagination__item--edge" : "";
    return (
      <li className={`pagination__item${edge}`}>
        {enabled ? (
          <Link className={className} href={hrefForPage(target)} aria-label={t(`${kind}Page`)}>
            {content}
          </Link>
        ) : (
          <span className={className} aria-disabled="true">
            {content}
          </span>
        )}
      </li>
    );
  };

  return (
    <nav className="pagination" aria-label={label ?? t("label")}>
      <ul className="pagination__list">
        {step("first", 1, current > 1)}
        {step("previous", current - 1, current > 1)}
        {tokens(current, pageCount).map((token) =>
          token.kind === "gap" ? (
            <li
              key={`gap-${token.before}`}
              className={
                token.only === "wide"
                  ? "pagination__item pagination__item--far"
                  : token.only === "narrow"
                    ? "pagination__item pagination__item--narrow-only"
                    : "pagination__item"
              }
              aria-hidden="true"
            >
              <span className="pagination__ellipsis">…</span>
            </li>
          ) : (
            <li
              key={token.page}
              className={token.wideOnly ? "pagination__item pagination__item--far" : "pagination__item"}
            >
              <Link
                className="pagination__link"
                href={hrefForPage(token.page)}
                aria-label={t("page", { page: token.page })}
                aria-current={token.page === current ? "page" : undefined}
              >
                {token.page}
              </Link>
            </li>
          ),
        )}
        {step("next", current + 1, current < pageCount)}
        {step("last", pageCount, current < pageCount)}
      </ul>
      {showStatus && <p className="pagination__status">{t("status", { page: current, pageCount })}</p>}
    </nav>
  );
}

function Arrow({ kind }: { kind: "first" | "previous" | "next" | "last" }) {
  const d = {
    first: "M11 6l-6 6 6 6M18 6l-6 6 6 6",
    previous: "M15 6l-6 6 6 6",
    next: "M9 6l6 6-6 6",
    last: "M6 6l6 6-6 6M13 6l6 6-6 6",
  }[kind];
  return (
    <svg className="pagination__arrow" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
