import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/data/db-errors";
import { recordAudit } from "@/lib/data/audit";
import { authorize } from "@/lib/data/guard";
import { readableProjectsSql, readableProjectsWhere } from "@/lib/scope";
import { totalScore } from "@/lib/domain/evaluation";
import { AppError, fieldError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/permissions";
import { scoresOf, type EvaluationInput } from "@/lib/validations/evaluation";

// Reviewers' evaluations. Internal only: no public data function reads this table.

/**
 * Records the actor's own evaluation of a project; one per reviewer, project, kind and round.
 * Permission: evaluation.write (reviewers), on a project the reviewer may read.
 */
export async function createEvaluation(actor: Actor | null, input: EvaluationInput): Promise<{ id: number; totalScore: number }> {
  const project = await db().project.findUnique({ where: { id: input.projectId }, select: { id: true, programId: true } });
  if (!project) throw new AppError("NOT_FOUND");
  const who = await authorize(actor, "evaluation.write", { programId: project.programId, projectId: project.id, entityType: "evaluation" });
  const scores = scoresOf(input);
  const total = totalScore(scores);
  try {
    return await db().$transaction(async (tx) => {
      const created = await tx.evaluation.create({
        data: {
          projectId: project.id, reviewerId: who.id, kind: input.kind, round: input.round, evaluatedOn: input.evaluatedOn,
          scores, totalScore: new Prisma.Decimal(total), verdict: input.verdict, comments: input.comments,
        },
        select: { id: true },
      });
      await recordAudit(tx, who, {
        action: "evaluation.create", entityType: "evaluation", entityId: created.id, projectId: project.id,
        after: { kind: input.kind, round: input.round, evaluatedOn: input.evaluatedOn, scores, totalScore: total, verdict: input.verdict, comments: input.comments },
      });
      return { id: created.id, totalScore: total };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw fieldError("round", "evaluationExists");
    }
    throw error;
  }
}

export type EvaluationRow = {
  id: number; kind: string; round: number; evaluatedOn: Date; totalScore: string; verdict: string; comments: string | null;
  scores: Record<string, number>; reviewerName: string; isMine: boolean;
};

/** A project's evaluations, newest first. Permission: evaluation.read, on a readable project. */
export async function listProjectEvaluations(actor: Actor | null, projectId: number): Promise<EvaluationRow[]> {
  const who = await authorize(actor, "evaluation.read");
  const readable = await db().project.count({ where: { AND: [{ id: projectId }, readableProjectsWhere(who)] } });
  if (!readable) throw new AppError("NOT_FOUND");
  const rows = await db().evaluation.findMany({
    where: { projectId },
    orderBy: [{ evaluatedOn: "desc" }, { id: "desc" }],
    select: { id: true, kind: true, round: true, evaluatedOn: true, totalScore: true, verdict: true, comments: true, scores: true, reviewerId: true, reviewer: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id, kind: r.kind, round: r.round, evaluatedOn: r.evaluatedOn, totalScore: r.totalScore.toString(), verdict: r.verdict,
    comments: r.comments, scores: r.scores as Record<string, number>, reviewerName: r.reviewer.name, isMine: r.reviewerId === who.id,
  }));
}

/**
 * The latest verdict per project, for comparisons. Permission: evaluation.read, on the projects the
 * actor may read (a draft of another programme has no verdict to its manager: issue 11's matrix).
 */
export async function latestVerdicts(actor: Actor | null, projectIds: number[]): Promise<Map<number, string>> {
  const who = await authorize(actor, "evaluation.read");
  if (projectIds.length === 0) return new Map();
  const rows = await db().$queryRaw<{ projectId: number; verdict: string }[]>`
    SELECT DISTINCT ON (e.project_id) e.project_id AS "projectId", e.verdict::text AS verdict
    FROM evaluation e JOIN project p ON p.id = e.project_id
    WHERE e.project_id = ANY(${projectIds}::int[]) AND ${readableProjectsSql(who)}
    ORDER BY e.project_id, e.evaluated_on DESC, e.id DESC`;
  return new Map(rows.map((r) => [r.projectId, r.verdict]));
}
