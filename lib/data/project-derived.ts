import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import { storedQualityFlags } from "@/lib/quality/checks";
import { buildProjectSearchDocument } from "@/lib/search/normalize";
import { invalidatePortfolioAggregates } from "@/lib/data/aggregate-cache";

/**
 * Recomputes a project's denormalised columns (funding totals, search document, institution types,
 * stored quality flags)
 * from its rows. Every write that touches a project's funding, consortium, people, titles or
 * program calls this inside the same transaction.
 * Permission: none of its own; only called by data functions that have checked theirs.
 */
export async function refreshProjectDerived(tx: Prisma.TransactionClient, projectId: number): Promise<void> {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: {
      slug: true, titleKo: true, titleEn: true, productKo: true, productEn: true,
      periodStart: true, periodEnd: true, publishedDurationMonths: true, publishedSubProjectCount: true,
      subProjects: { select: { id: true, periodStart: true, periodEnd: true } },
      milestones: { select: { id: true, kind: true, status: true, dueDate: true, duePrecision: true, achievedDate: true } },
      program: { select: { nameKo: true, nameEn: true } },
      identifiers: { select: { value: true } },
      fundingLines: { select: { subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true } },
      participations: { select: { role: true, subProjectId: true, institution: { select: { nameKo: true, nameEn: true, type: true } } } },
      people: { select: { person: { select: { nameKo: true, nameEn: true } } } },
    },
  });
  const totals = rollUpFunding(project.fundingLines);
  const qualityFlags = storedQualityFlags(project);
  const institutions = project.participations.map((p) => p.institution);
  const document = buildProjectSearchDocument({
    ...project,
    identifiers: project.identifiers.map((i) => i.value),
    institutions,
    people: project.people.map((p) => p.person),
  });
  // Cleared before the commit as well as by callers after it, so a reader between the two at worst
  // caches the old counts for the aggregate cache's short lifetime.
  invalidatePortfolioAggregates();
  await tx.project.update({
    where: { id: projectId },
    data: {
      governmentTotalWon: totals.governmentWon,
      privateCashTotalWon: totals.privateCashWon,
      privateInKindTotalWon: totals.privateInKindWon,
      searchText: document.searchText,
      searchGrams: document.searchGrams,
      institutionTypes: [...new Set(institutions.map((i) => i.type))].sort(),
      qualityFlags,
    },
  });
}
