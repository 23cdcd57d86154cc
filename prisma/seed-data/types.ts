// The shape in which a whole project is described for the seed, the synthetic generator, the
// integration tests and the e2e fixtures (one set of factories, house style rule 13).
import type {
  DataOrigin, DatePrecision, IdentifierScheme, InstitutionType, MilestoneKind, MilestoneStatus,
  ParticipationRole, PersonRole, ProgramKind, ProjectStatus, PublicationState, ResearchStage, StrategicTechArea,
} from "@/lib/generated/prisma/enums";

export type ProgramSpec = {
  code: string;
  nameKo: string;
  nameEn?: string;
  ministryKo: string;
  ministryEn?: string;
  agencyKo: string;
  agencyEn?: string;
  kind: ProgramKind;
  descriptionKo?: string;
  descriptionEn?: string;
};

export type InstitutionSpec = { nameKo: string; nameEn?: string; type: InstitutionType; businessRegistrationNumber?: string };

export type SourceSpec = {
  key: string;
  titleKo: string;
  titleEn?: string;
  publisherKo: string;
  publisherEn?: string;
  /** "2025-05" */
  publishedOn?: string;
  publishedPrecision?: DatePrecision;
  url?: string;
};

/** A month "2021-07", a year "2028" or a day "2025-03-05". */
export type PartialDate = string;

export type MilestoneSpec = {
  titleKo: string;
  titleEn?: string;
  descriptionKo?: string;
  descriptionEn?: string;
  kind: MilestoneKind;
  status: MilestoneStatus;
  due?: PartialDate;
  subProjectSeq?: number;
  targetValue?: string;
  actualValue?: string;
  unitKo?: string;
  unitEn?: string;
  achieved?: PartialDate;
  evidenceKo?: string;
  evidenceEn?: string;
  sourceKey?: string;
};

export type ProjectSpec = {
  slug: string;
  titleKo: string;
  titleEn?: string;
  summaryKo?: string;
  summaryEn?: string;
  productKo?: string;
  productEn?: string;
  program?: ProgramSpec;
  area?: StrategicTechArea;
  researchStage?: ResearchStage;
  /** "2021-07" */
  periodStart: string;
  periodEnd: string;
  publishedDurationMonths?: number;
  publishedSubProjectCount?: number;
  status: ProjectStatus;
  publication: PublicationState;
  consortiumIsPartial?: boolean;
  researchersArePartial?: boolean;
  origin: DataOrigin;
  identifiers?: { scheme: IdentifierScheme; value: string }[];
  subProjects?: { seq: number; titleKo: string; titleEn?: string; lead?: InstitutionSpec; periodStart?: string; periodEnd?: string }[];
  participations: { institution: InstitutionSpec; role: ParticipationRole; subProjectSeq?: number }[];
  people?: { nameKo: string; nameEn?: string; role: PersonRole; institution?: InstitutionSpec; positionKo?: string; positionEn?: string }[];
  funding?: {
    subProjectSeq?: number;
    fiscalYear?: number;
    stage?: number;
    governmentWon?: bigint;
    privateCashWon?: bigint;
    privateInKindWon?: bigint;
    noteKo?: string;
    noteEn?: string;
    sourceKey?: string;
  }[];
  milestones?: MilestoneSpec[];
  sources?: { source: SourceSpec; locatorKo?: string; locatorEn?: string }[];
};
