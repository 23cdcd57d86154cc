import type { ReactNode } from "react";

export type EmptyStateProps = {
  title: ReactNode;
  description?: ReactNode;
  /** A link or button, e.g. <Link className="btn btn--secondary" href="/">…</Link>. */
  action?: ReactNode;
  /** Heading level of the title; 2 by default (use 3 inside a section that has an h2). */
  headingLevel?: 2 | 3;
  /** Set to "status" when the empty state appears in response to a search, so it is announced. */
  role?: "status";
};

/** "Nothing here" box: icon, title, explanation and an optional way out. */
export function EmptyState({ title, description, action, headingLevel = 2, role }: EmptyStateProps) {
  const Heading = headingLevel === 3 ? "h3" : "h2";
  return (
    <div className="empty-state" role={role}>
      <svg className="empty-state__icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <circle cx="21" cy="21" r="12" fill="none" stroke="currentColor" strokeWidth="3" />
        <path d="m30 30 10 10" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
        <path d="M16 21h10" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <Heading className="empty-state__title">{title}</Heading>
      {description !== undefined && <p className="empty-state__description">{description}</p>}
      {action !== undefined && <div className="empty-state__action">{action}</div>}
    </div>
  );
}
