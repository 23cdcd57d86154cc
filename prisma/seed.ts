// Seeds the published portfolio into a database. Idempotent: a project whose slug exists is left
// exactly as it is (program managers may have edited it since), so seeding twice changes nothing.
import { recordAudit } from "@/lib/data/audit";
import { hashPassword } from "@/lib/data/auth";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createProjectGraph, createUser } from "./factories";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
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

/**
 * The demo accounts (lib/demo-accounts.ts), only into a database without any user:
 * once someone has created or changed users, seeding never adds, restores or re-enables one.
 * Each creation is audited as "user.create" by nobody (actor null).
 */
export async function seedDemoAccounts(client: PrismaClient): Promise<{ created: string[] }> {
  if ((await client.user.count()) > 0) return { created: [] };
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return client.$transaction(async (tx) => {
    // Two processes starting on one database at once: the second waits here, then finds users.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    if ((await tx.user.count()) > 0) return { created: [] };
    const programs = await tx.program.findMany({
      where: { code: { in: DEMO_ACCOUNTS.flatMap((a) => a.programCodes) } },
      select: { id: true, code: true },
    });
    const created: string[] = [];
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      const programIds = programs.filter((p) => account.programCodes.includes(p.code)).map((p) => p.id);
      const user = await createUser(tx, {
        email: account.email, name: account.name, role: account.role, passwordHash: hashes[index] ?? "",
        usesDemoPassword: true, managesUnassignedProjects: account.managesUnassignedProjects, programIds,
      });
      await recordAudit(tx, { id: null, email: null, ip: null }, {
        action: "user.create", entityType: "user", entityId: user.id,
        after: { email: account.email, name: account.name, role: account.role, programIds, managesUnassignedProjects: account.managesUnassignedProjects, usesDemoPassword: true },
        reason: "demo account seeded into an empty database",
      });
      created.push(user.email);
    }
    return { created };
  });
}
