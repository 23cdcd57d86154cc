import { describe, expect, it } from "vitest";
import * as prismaEnums from "@/lib/generated/prisma/enums";
import en from "@/lib/i18n/messages/en/enums.json";
import ko from "@/lib/i18n/messages/ko/enums.json";
import {
  IDENTIFIER_SCHEMES, INSTITUTION_TYPES, MILESTONE_KINDS, MILESTONE_STATUSES, PARTICIPATION_ROLES, PERSON_ROLES, PROJECT_STATUSES,
  RESEARCH_STAGES, STRATEGIC_TECH_AREAS,
} from "./enums";

describe("enum values", () => {
  it.each([
    ["StrategicTechArea", STRATEGIC_TECH_AREAS, "area"],
    ["ProjectStatus", PROJECT_STATUSES, "status"],
    ["ResearchStage", RESEARCH_STAGES, "stage"],
    ["InstitutionType", INSTITUTION_TYPES, "instType"],
    ["ParticipationRole", PARTICIPATION_ROLES, "role"],
    ["MilestoneKind", MILESTONE_KINDS, "milestoneKind"],
    ["MilestoneStatus", MILESTONE_STATUSES, "milestoneStatus"],
    ["PersonRole", PERSON_ROLES, "personRole"],
    ["IdentifierScheme", IDENTIFIER_SCHEMES, "identifierScheme"],
  ] as const)("%s matches schema.prisma and has labels in both languages", (name, values, labels) => {
    expect([...values].sort()).toEqual(Object.values(prismaEnums[name]).sort());
    expect(Object.keys(ko[labels]).sort()).toEqual([...values].sort());
    expect(Object.keys(en[labels]).sort()).toEqual([...values].sort());
  });

  it("covers the 12 national strategic technology areas", () => {
    expect(STRATEGIC_TECH_AREAS).toHaveLength(12);
  });
});
