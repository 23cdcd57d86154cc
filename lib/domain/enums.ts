// Enum values shared by validation, the UI and tests. They mirror prisma/schema.prisma; the
// "enums match the schema" unit test keeps them in step.
export const STRATEGIC_TECH_AREAS = [
  "SEMICONDUCTOR_DISPLAY", "SECONDARY_BATTERY", "ADVANCED_MOBILITY", "NEXT_GEN_NUCLEAR", "ADVANCED_BIO", "AEROSPACE_OCEAN",
  "HYDROGEN", "CYBERSECURITY", "ARTIFICIAL_INTELLIGENCE", "NEXT_GEN_COMMUNICATIONS", "ADVANCED_ROBOTICS_MANUFACTURING", "QUANTUM",
] as const;
export const PROJECT_STATUSES = ["PLANNED", "ACTIVE", "COMPLETED", "SUSPENDED", "TERMINATED"] as const;
export const RESEARCH_STAGES = ["BASIC", "APPLIED", "DEVELOPMENT"] as const;
export const INSTITUTION_TYPES = [
  "LARGE_COMPANY", "MIDSIZE_COMPANY", "SME", "UNIVERSITY", "GOVERNMENT_RESEARCH_INSTITUTE", "HOSPITAL", "PUBLIC_BODY", "OTHER",
] as const;
export const PARTICIPATION_ROLES = ["LEAD", "JOINT", "CONSIGNED", "PARTICIPATING"] as const;
export const PERSON_ROLES = ["PRINCIPAL_INVESTIGATOR", "RESEARCHER"] as const;
export const IDENTIFIER_SCHEMES = ["NTIS", "AGENCY", "OTHER"] as const;
export const MILESTONE_KINDS = ["DELIVERABLE", "TEST_DEMONSTRATION", "CERTIFICATION", "EVALUATION", "COMMERCIALIZATION", "AWARD", "OTHER"] as const;
export const MILESTONE_STATUSES = ["PLANNED", "IN_PROGRESS", "ACHIEVED", "MISSED", "DEFERRED"] as const;

export type StrategicTechArea = (typeof STRATEGIC_TECH_AREAS)[number];
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];
export type ParticipationRole = (typeof PARTICIPATION_ROLES)[number];
export type PersonRole = (typeof PERSON_ROLES)[number];
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
