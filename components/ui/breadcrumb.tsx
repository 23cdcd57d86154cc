import { useTranslations } from "next-intl";
import { Link } from "@/components/ui/link";

export type BreadcrumbItem = {
  label: string;
  /** Path without the language prefix, e.g. "/projects/12". Omit for the current page. */
  href?: string;
};

export type BreadcrumbProps = {
  /** Trail after 홈/Home (which is always first and links to "/"). The last item is the current page. */
  items: BreadcrumbItem[];
  className?: string;
};

/** KRDS breadcrumb: nav "현재 위치" > ol; the last item is marked aria-current="page". */
export function Breadcrumb({ items, className }: BreadcrumbProps) {
  const t = useTranslations("ui.breadcrumb");
  const trail: BreadcrumbItem[] = [{ label: t("home"), href: "/" }, ...items];

  return (
    <nav className={className ? `breadcrumb ${className}` : "breadcrumb"} aria-label={t("label")}>
      <ol className="breadcrumb__list">
        {trail.map((item, index) => {
          const isLast = index === trail.length - 1;
          const isHome = index === 0;
          return (
            <li className="breadcrumb__item" key={`${index}-${item.label}`}>
              {isLast ? (
                <span className="breadcrumb__current" aria-current="page">
                  {item.label}
                </span>
              ) : item.href !== undefined ? (
                <Link className="breadcrumb__link" href={item.href}>
                  {isHome && <HomeIcon />}
                  {item.label}
                </Link>
              ) : (
                <span className="breadcrumb__current">{item.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function HomeIcon() {
  return (
    <svg className="breadcrumb__home-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
        d="M4 10.5 12 4l8 6.5V20a1 1 0 0 1-1 1h-5v-6h-4v6H5a1 1 0 0 1-1-1v-9.5Z"
      />
    </svg>
  );
}
