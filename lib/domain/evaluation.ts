// Evaluation criteria and verdicts (단계·연차·최종평가). Scores are whole points from 0 to each
// criterion's maximum; the total (out of 100) is always recomputed on the server.

export const EVALUATION_KINDS = ["STAGE", "ANNUAL", "FINAL"] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

export const INTERIM_VERDICTS = ["CONTINUE", "CONTINUE_WITH_CONDITIONS", "STOP"] as const;
export const FINAL_VERDICTS = ["SUCCESS", "DILIGENT_FAILURE", "FAILURE"] as const;
export const EVALUATION_VERDICTS = [...INTERIM_VERDICTS, ...FINAL_VERDICTS] as const;
export type EvaluationVerdict = (typeof EVALUATION_VERDICTS)[number];

export const EVALUATION_CRITERIA = [
  { code: "goalAchievement", max: 30 },
  { code: "execution", max: 20 },
  { code: "excellence", max: 20 },
  { code: "commercialization", max: 20 },
  { code: "budget", max: 10 },
] as const;
export type CriterionCode = (typeof EVALUATION_CRITERIA)[number]["code"];

export function verdictsFor(kind: EvaluationKind): readonly EvaluationVerdict[] {
  return kind === "FINAL" ? FINAL_VERDICTS : INTERIM_VERDICTS;
}

export function totalScore(scores: Record<CriterionCode, number>): number {
  return EVALUATION_CRITERIA.reduce((sum, c) => sum + scores[c.code], 0);
}
