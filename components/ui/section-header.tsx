import type { ReactNode } from "react";

// The heading row of a page section (KRDS section header): the section's <h2>, whose id the
// section's aria-labelledby names, and room for actions beside it.

type Props = {
  /** The heading's id, named by the section's aria-labelledby. */
  id: string;
  title: ReactNode;
  /** Extra classes of the row (spacing: "mt-8"). */
  className?: string;
  /** Links or buttons beside the heading. */
  children?: ReactNode;
};

export function SectionHeader({ id, title, className, children }: Props) {
  return (
    <div className={["section__header", className ?? ""].filter(Boolean).join(" ")}>
      <h2 id={id} className="section__title">{title}</h2>
      {children}
    </div>
  );
}
