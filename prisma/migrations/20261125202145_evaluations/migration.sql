-- CreateEnum
CREATE TYPE "EvaluationKind" AS ENUM ('STAGE', 'ANNUAL', 'FINAL');

-- CreateEnum
CREATE TYPE "EvaluationVerdict" AS ENUM ('CONTINUE', 'CONTINUE_WITH_CONDITIONS', 'STOP', 'SUCCESS', 'DILIGENT_FAILURE', 'FAILURE');

-- CreateTable
CREATE TABLE "evaluation" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "reviewer_id" INTEGER NOT NULL,
    "kind" "EvaluationKind" NOT NULL,
    "round" SMALLINT NOT NULL,
    "evaluated_on" DATE NOT NULL,
    "scores" JSONB NOT NULL,
    "total_score" DECIMAL(6,1) NOT NULL,
    "verdict" "EvaluationVerdict" NOT NULL,
    "comments" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "evaluation_project_id_evaluated_on_idx" ON "evaluation"("project_id", "evaluated_on" DESC);

-- CreateIndex
CREATE INDEX "evaluation_reviewer_id_idx" ON "evaluation"("reviewer_id");

-- CreateIndex
CREATE UNIQUE INDEX "evaluation_project_id_reviewer_id_kind_round_key" ON "evaluation"("project_id", "reviewer_id", "kind", "round");

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "evaluation" ADD CONSTRAINT "evaluation_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Added by hand (docs/decisions/0003-database-constraints.md): final evaluations have the final
-- verdicts, the others the continue/stop verdicts; totals are within 0–100; rounds are positive.
ALTER TABLE "evaluation"
    ADD CONSTRAINT "evaluation_verdict_matches_kind_check" CHECK (
      ("kind" = 'FINAL' AND "verdict" IN ('SUCCESS', 'DILIGENT_FAILURE', 'FAILURE'))
      OR ("kind" <> 'FINAL' AND "verdict" IN ('CONTINUE', 'CONTINUE_WITH_CONDITIONS', 'STOP'))),
    ADD CONSTRAINT "evaluation_total_score_check" CHECK ("total_score" BETWEEN 0 AND 100),
    ADD CONSTRAINT "evaluation_round_check" CHECK ("round" >= 1),
    ADD CONSTRAINT "evaluation_version_check" CHECK ("version" >= 1);
