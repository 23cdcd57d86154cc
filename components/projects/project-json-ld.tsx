import type { PublicProject } from "@/lib/data/public-projects";
import { toIsoMonth } from "@/lib/format/period";

// schema.org ResearchProject with its funding as a MonetaryGrant. Amounts are exact integers,
// written as strings so that no JSON reader turns them into floats.
export function ProjectJsonLd({ project, locale, url }: { project: PublicProject; locale: string; url: string }) {
  const funder = project.program
    ? { "@type": "GovernmentOrganization", name: locale === "en" ? (project.program.agencyEn ?? project.program.agencyKo) : project.program.agencyKo }
    : { "@type": "GovernmentOrganization", name: locale === "en" ? "Korea Evaluation Institute of Industrial Technology" : "한국산업기술기획평가원" };
  const data = {
    "@context": "https://schema.org",
    "@type": "ResearchProject",
    "@id": url,
    url,
    name: locale === "en" ? (project.titleEn ?? project.titleKo) : project.titleKo,
    alternateName: locale === "en" ? project.titleKo : (project.titleEn ?? undefined),
    description: (locale === "en" ? project.summaryEn : project.summaryKo) ?? undefined,
    identifier: project.identifiers.map((i) => ({ "@type": "PropertyValue", propertyID: i.scheme, value: i.value })),
    startDate: toIsoMonth(project.periodStart),
    endDate: toIsoMonth(project.periodEnd),
    funder,
    funding: project.governmentTotalWon === null ? undefined : {
      "@type": "MonetaryGrant",
      funder,
      amount: { "@type": "MonetaryAmount", currency: "KRW", value: project.governmentTotalWon.toString() },
    },
    member: project.participations.map((p) => ({
      "@type": "Organization",
      name: locale === "en" ? (p.institution.nameEn ?? p.institution.nameKo) : p.institution.nameKo,
    })),
  };
  // JSON inside <script> must not be able to close the tag.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
