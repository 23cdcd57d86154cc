import { z } from "zod";
import { EVALUATION_CRITERIA, EVALUATION_KINDS, EVALUATION_VERDICTS, verdictsFor } from "@/lib/domain/evaluation";
import { enumField, id, optionalText } from "@/lib/validations/fields";

// The evaluation form. Each score is a whole number from 0 to its criterion's maximum; the total is
// never taken from the form. A final evaluation takes a final verdict (success, diligent failure,
// failure); stage and annual evaluations take continue / continue with conditions / stop.

const score = (max: number) =>
  z.string().trim().min(1, "required").pipe(z.string().regex(/^\d{1,3}$/, "scoreInvalid")).transform(Number).pipe(z.number().max(max, "scoreTooHigh"));

export const evaluationSchema = z
  .object({
    projectId: id,
    kind: enumField(EVALUATION_KINDS),
    round: z.string().trim().regex(/^\d{1,4}$/, "roundInvalid").transform(Number).pipe(z.number().min(1, "roundInvalid").max(2100, "roundInvalid")),
    evaluatedOn: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid").transform((s) => new Date(`${s}T00:00:00Z`))
      .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1990 && d.getTime() <= Date.now() + 86_400_000, "dateNotFuture"),
    verdict: enumField(EVALUATION_VERDICTS),
    comments: optionalText(4000),
    ...Object.fromEntries(EVALUATION_CRITERIA.map((c) => [`score_${c.code}`, score(c.max)])),
  })
  .superRefine((value, ctx) => {
    if (!verdictsFor(value.kind).includes(value.verdict)) ctx.addIssue({ code: "custom", path: ["verdict"], message: "verdictForKind" });
  });

export type EvaluationInput = z.infer<typeof evaluationSchema>;

export function scoresOf(input: Record<string, unknown>): Record<(typeof EVALUATION_CRITERIA)[number]["code"], number> {
  return Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c.code, Number(input[`score_${c.code}`])])) as Record<(typeof EVALUATION_CRITERIA)[number]["code"], number>;
}
