import type { ReactNode } from "react";
import { Breadcrumb, type BreadcrumbItem } from "@/components/ui/breadcrumb";

export type PageHeaderProps = {
  /** The page's h1. */
  title: ReactNode;
  /** Lead paragraph under the title. */
  description?: ReactNode;
  /** Small line above the title (e.g. a programme name or a project number). */
  eyebrow?: ReactNode;
  /** Breadcrumb trail after 홈/Home; omit to show no breadcrumb (e.g. on the home page). */
  breadcrumbs?: BreadcrumbItem[];
  /** Badges and short facts shown under the title (status, period …). */
  meta?: ReactNode;
  /** Buttons or links aligned to the right of the title on wide screens. */
  actions?: ReactNode;
  /** Extra content under the header row (e.g. the search bar on the home page). */
  children?: ReactNode;
};

/** Page header: breadcrumb, h1, lead text. Renders inside its own .container. */
export function PageHeader({ title, description, eyebrow, breadcrumbs, meta, actions, children }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div className="container">
        {breadcrumbs !== undefined && <Breadcrumb items={breadcrumbs} />}
        <div className="page-header__row">
          <div className="page-header__titles">
            {eyebrow !== undefined && <p className="page-header__eyebrow">{eyebrow}</p>}
            <h1 className="page-header__title">{title}</h1>
            {description !== undefined && <p className="page-header__description">{description}</p>}
            {meta !== undefined && <div className="page-header__meta">{meta}</div>}
          </div>
          {actions !== undefined && <div className="page-header__actions">{actions}</div>}
        </div>
        {children !== undefined && <div className="page-header__extra">{children}</div>}
      </div>
    </div>
  );
}
