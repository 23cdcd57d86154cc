import type { ReactNode } from "react";
import { SectionHeader } from "@/components/ui/section-header";

/**
 * A section of the grant page that holds one form behind a disclosure (spending, settlement): the
 * heading the section is labelled by, and the form folded under its summary.
 */
export function GrantFormSection({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <SectionHeader id={id} title={title} />
      <details className="disclosure">
        <summary>{summary}</summary>
        <div className="disclosure__body">{children}</div>
      </details>
    </section>
  );
}
