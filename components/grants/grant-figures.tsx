import type { getTranslations } from "next-intl/server";
import { formatWon, formatWonExact } from "@/lib/format/money";
import { DataTable } from "@/components/ui/data-table";

// The grant figures' table parts, shared by the dashboard (grant-dashboard.tsx) and a project's
// grant page (its roll-ups by institution and by year): one head row and one set of figure cells,
// so the columns read the same wherever grants are summed.

export type GrantsT = Awaited<ReturnType<typeof getTranslations<"grants">>>;

type FigureRow = { awardedWon: bigint | null; paidWon: bigint | null; spentWon: bigint | null; returnedWon?: bigint | null };

/** A money cell: 억/만 원 (KRW in English), the exact amount in its title; `unknown` when null. */
export function Amount({ won, locale, unknown }: { won: bigint | null | undefined; locale: string; unknown: string }) {
  const value = won ?? null;
  return (
    <td className="num" title={value === null ? undefined : formatWonExact(value, locale)}>{value === null ? unknown : formatWon(value, locale)}</td>
  );
}

/** The head row: what the rows are, then awarded, paid and spent (and returned, when asked). */
export function FiguresHead({ first, t, returned = false }: { first: string; t: GrantsT; returned?: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="num">{t("awarded")}</th>
        <th scope="col" className="num">{t("paid")}</th>
        <th scope="col" className="num">{t("spent")}</th>
        {returned && <th scope="col" className="num">{t("returned")}</th>}
      </tr>
    </thead>
  );
}

/** A row's awarded, paid and spent cells (and returned, when asked), matching FiguresHead. */
export function Figures({ row, locale, unknown, returned = false }: { row: FigureRow; locale: string; unknown: string; returned?: boolean }) {
  return (
    <>
      <Amount won={row.awardedWon} locale={locale} unknown={unknown} />
      <Amount won={row.paidWon} locale={locale} unknown={unknown} />
      <Amount won={row.spentWon} locale={locale} unknown={unknown} />
      {returned && <Amount won={row.returnedWon} locale={locale} unknown={unknown} />}
    </>
  );
}

/** A project's roll-up (by institution, by year): one row per key with the four figures; nothing when empty. */
export function RollupTable({ caption, head, rows, locale, t }: {
  caption: string; head: string; locale: string; t: GrantsT;
  rows: (FigureRow & { key: string; label: string })[];
}) {
  if (rows.length === 0) return null;
  return (
    <DataTable caption={caption} variant="compact">
      <FiguresHead first={head} t={t} returned />
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <Figures row={r} locale={locale} unknown={t("unknown")} returned />
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
