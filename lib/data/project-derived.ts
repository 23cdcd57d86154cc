import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { rollUpFunding } from "@/lib/domain/funding-rollup";
import { buildProjectSearchDocument } from "@/lib/search/normalize";

/**
 * Recomputes a project's denormalised columns (funding totals, search document, institution types)
 * from its rows. Every write that touches a project's funding, consortium, people, titles or
 * program calls this inside the same transaction.
 * Permission: none of its own; only called by data functions that have checked theirs.
 */
export async function refreshProjectDerived(tx: Prisma.TransactionClient, projectId: number): Promise<void> {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: projectId },
    select: {
      slug: true, titleKo: true, titleEn: true, productKo: true, productEn: true,
      program: { select: { nameKo: true, nameEn: true } },
      identifiers: { select: { value: true } },
      fundingLines: { select: { subProjectId: true, fiscalYear: true, stage: true, governmentWon: true, privateCashWon: true, privateInKindWon: true } },
      participations: { select: { institution: { select: { nameKo: true, nameEn: true, type: true } } } },
      people: { select: { person: { select: { nameKo: true, nameEn: true } } } },
    },
  });
  const totals = rollUpFunding(project.fundingLines);
  const institutions = project.participations.map((p) => p.institution);
  const document = buildProjectSearchDocument({
    ...project,
    identifiers: project.identifiers.map((i) => i.value),
    institutions,
    people: project.people.map((p) => p.person),
  });
  await tx.project.update({
    where: { id: projectId },
    data: {
      governmentTotalWon: totals.governmentWon,
      privateCashTotalWon: totals.privateCashWon,
      privateInKindTotalWon: totals.privateInKindWon,
      searchText: document.searchText,
      searchGrams: document.searchGrams,
      institutionTypes: [...new Set(institutions.map((i) => i.type))].sort(),
    },
  });
}
