import { z } from "zod";
import { MILESTONE_KINDS, MILESTONE_STATUSES } from "@/lib/domain/enums";
import { enumField, id, optionalMetric, optionalPartialDate, optionalText, text, version } from "@/lib/validations/fields";

// Milestone forms: the quick progress update of "My milestones" and the full editor of a project's
// milestones. Shared by the forms and the server actions; messages are `validation` keys.

const achievedRule = <T extends { status: string; achieved: unknown }>(value: T, ctx: z.RefinementCtx) => {
  if (value.achieved && value.status !== "ACHIEVED") {
    ctx.addIssue({ code: "custom", path: ["achieved"], message: "achievedNeedsStatus" });
  }
};

export const milestoneProgressSchema = z
  .object({
    id,
    version,
    shown: z.string().max(20_000).optional(),
    status: enumField(MILESTONE_STATUSES),
    actualValue: optionalMetric,
    achieved: optionalPartialDate,
    evidence: optionalText(2000),
  })
  .superRefine(achievedRule);

export type MilestoneProgressInput = z.infer<typeof milestoneProgressSchema>;

export const milestoneSchema = z
  .object({
    id: id.optional(),
    projectId: id,
    version: version.optional(),
    shown: z.string().max(20_000).optional(),
    titleKo: text(300),
    titleEn: optionalText(300),
    descriptionKo: optionalText(4000),
    descriptionEn: optionalText(4000),
    kind: enumField(MILESTONE_KINDS),
    status: enumField(MILESTONE_STATUSES),
    due: optionalPartialDate,
    targetValue: optionalMetric,
    actualValue: optionalMetric,
    unitKo: optionalText(40),
    unitEn: optionalText(40),
    achieved: optionalPartialDate,
    evidenceKo: optionalText(2000),
    evidenceEn: optionalText(2000),
  })
  .superRefine(achievedRule);

export type MilestoneInput = z.infer<typeof milestoneSchema>;

export const deleteSchema = z.object({ id, version });
