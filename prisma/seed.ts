// Seeds the published portfolio into a database. Idempotent: a project whose slug exists is left
// exactly as it is (program managers may have edited it since), so seeding twice changes nothing.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createProjectGraph } from "./factories";
import { PUBLISHED_PORTFOLIO } from "./seed-data/published-portfolio";

export async function seedPublishedPortfolio(client: PrismaClient): Promise<{ created: string[]; existing: string[] }> {
  return client.$transaction(async (tx) => {
    const existing = await tx.project.findMany({
      where: { slug: { in: PUBLISHED_PORTFOLIO.map((p) => p.slug) } },
      select: { slug: true },
    });
    const present = new Set(existing.map((p) => p.slug));
    const created: string[] = [];
    for (const spec of PUBLISHED_PORTFOLIO) {
      if (present.has(spec.slug)) continue;
      await createProjectGraph(tx, spec);
      created.push(spec.slug);
    }
    return { created, existing: [...present] };
  }, { timeout: 60_000 });
}
