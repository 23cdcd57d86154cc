import { useId, type ReactNode } from "react";

// A data table in a scrollable region: on a narrow screen the table scrolls sideways inside the
// region, which keyboard users can focus (tabIndex) and screen readers announce by the table's
// caption (KRDS data table; WCAG 2.1.1 and 1.3.1). The caption names both the table and its region.

type Props = {
  caption: ReactNode;
  /** The caption's id, when a link points at the table (#id); otherwise one is generated. */
  captionId?: string;
  /** Shown only to screen readers, where a heading above already says what the table is. */
  captionHidden?: boolean;
  /** Extra classes of the region (spacing: "mt-4"). */
  className?: string;
  /** "compact" for dense figures. */
  variant?: "default" | "compact";
  /** Extra classes of the table itself (e.g. "compare-table"). */
  tableClassName?: string;
  /** The table's <thead>, <tbody> and <tfoot>. */
  children: ReactNode;
};

export function DataTable({ caption, captionId: givenId, captionHidden = false, className, variant = "default", tableClassName, children }: Props) {
  const generatedId = useId();
  const captionId = givenId ?? generatedId;
  const tableClasses = ["data-table", variant === "compact" ? "data-table--compact" : "", tableClassName ?? ""].filter(Boolean).join(" ");
  return (
    <div className={["table-wrap", className ?? ""].filter(Boolean).join(" ")} role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={tableClasses}>
        <caption id={captionId} className={captionHidden ? "sr-only" : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
