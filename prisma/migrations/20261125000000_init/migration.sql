CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- ^ Trigram operator classes for the gin_trgm_ops indexes below. Added by hand: Prisma manages no
-- extensions (that needs the postgresqlExtensions preview feature) and ignores them when it diffs.

-- CreateEnum
CREATE TYPE "DataOrigin" AS ENUM ('PUBLISHED_SOURCE', 'MANUAL', 'SYNTHETIC');

-- CreateEnum
CREATE TYPE "StrategicTechArea" AS ENUM ('SEMICONDUCTOR_DISPLAY', 'SECONDARY_BATTERY', 'ADVANCED_MOBILITY', 'NEXT_GEN_NUCLEAR', 'ADVANCED_BIO', 'AEROSPACE_OCEAN', 'HYDROGEN', 'CYBERSECURITY', 'ARTIFICIAL_INTELLIGENCE', 'NEXT_GEN_COMMUNICATIONS', 'ADVANCED_ROBOTICS_MANUFACTURING', 'QUANTUM');

-- CreateEnum
CREATE TYPE "ResearchStage" AS ENUM ('BASIC', 'APPLIED', 'DEVELOPMENT');

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('PLANNED', 'ACTIVE', 'COMPLETED', 'SUSPENDED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "PublicationState" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "ProgramKind" AS ENUM ('ALCHEMIST', 'INDUSTRIAL_TECHNOLOGY', 'DEMONSTRATION', 'INFRASTRUCTURE', 'OTHER');

-- CreateEnum
CREATE TYPE "InstitutionType" AS ENUM ('LARGE_COMPANY', 'MIDSIZE_COMPANY', 'SME', 'UNIVERSITY', 'GOVERNMENT_RESEARCH_INSTITUTE', 'HOSPITAL', 'PUBLIC_BODY', 'OTHER');

-- CreateEnum
CREATE TYPE "ParticipationRole" AS ENUM ('LEAD', 'JOINT', 'CONSIGNED', 'PARTICIPATING');

-- CreateEnum
CREATE TYPE "PersonRole" AS ENUM ('PRINCIPAL_INVESTIGATOR', 'RESEARCHER');

-- CreateEnum
CREATE TYPE "IdentifierScheme" AS ENUM ('NTIS', 'AGENCY', 'OTHER');

-- CreateEnum
CREATE TYPE "MilestoneKind" AS ENUM ('DELIVERABLE', 'TEST_DEMONSTRATION', 'CERTIFICATION', 'EVALUATION', 'COMMERCIALIZATION', 'AWARD', 'OTHER');

-- CreateEnum
CREATE TYPE "MilestoneStatus" AS ENUM ('PLANNED', 'IN_PROGRESS', 'ACHIEVED', 'MISSED', 'DEFERRED');

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('YEAR', 'MONTH', 'DAY');

-- CreateTable
CREATE TABLE "program" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "name_ko" VARCHAR(200) NOT NULL,
    "name_en" VARCHAR(200),
    "ministry_ko" VARCHAR(100) NOT NULL,
    "ministry_en" VARCHAR(100),
    "agency_ko" VARCHAR(100) NOT NULL,
    "agency_en" VARCHAR(100),
    "kind" "ProgramKind" NOT NULL,
    "description_ko" TEXT,
    "description_en" TEXT,
    "origin" "DataOrigin" NOT NULL DEFAULT 'MANUAL',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "program_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "slug" VARCHAR(120) NOT NULL,
    "title_ko" VARCHAR(500) NOT NULL,
    "title_en" VARCHAR(500),
    "summary_ko" TEXT,
    "summary_en" TEXT,
    "product_ko" VARCHAR(300),
    "product_en" VARCHAR(300),
    "program_id" INTEGER,
    "area" "StrategicTechArea",
    "research_stage" "ResearchStage",
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "start_year" SMALLINT NOT NULL,
    "published_duration_months" SMALLINT,
    "published_sub_project_count" SMALLINT,
    "status" "ProjectStatus" NOT NULL,
    "publication" "PublicationState" NOT NULL DEFAULT 'DRAFT',
    "published_at" TIMESTAMPTZ(3),
    "consortium_is_partial" BOOLEAN NOT NULL DEFAULT false,
    "researchers_are_partial" BOOLEAN NOT NULL DEFAULT false,
    "government_total_won" BIGINT,
    "private_cash_total_won" BIGINT,
    "private_in_kind_total_won" BIGINT,
    "search_text" TEXT NOT NULL DEFAULT '',
    "search_grams" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "institution_types" "InstitutionType"[] DEFAULT ARRAY[]::"InstitutionType"[],
    "origin" "DataOrigin" NOT NULL DEFAULT 'MANUAL',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_identifier" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "scheme" "IdentifierScheme" NOT NULL,
    "value" VARCHAR(100) NOT NULL,

    CONSTRAINT "project_identifier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sub_project" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "seq" SMALLINT NOT NULL,
    "title_ko" VARCHAR(500) NOT NULL,
    "title_en" VARCHAR(500),
    "lead_institution_id" INTEGER,
    "period_start" DATE,
    "period_end" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sub_project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "institution" (
    "id" SERIAL NOT NULL,
    "name_ko" VARCHAR(200) NOT NULL,
    "name_en" VARCHAR(200),
    "normalized_name" VARCHAR(200) NOT NULL,
    "type" "InstitutionType" NOT NULL,
    "business_registration_number" VARCHAR(10),
    "origin" "DataOrigin" NOT NULL DEFAULT 'MANUAL',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "institution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participation" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "sub_project_id" INTEGER,
    "institution_id" INTEGER NOT NULL,
    "role" "ParticipationRole" NOT NULL,
    "sort_order" SMALLINT NOT NULL DEFAULT 0,

    CONSTRAINT "participation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" SERIAL NOT NULL,
    "name_ko" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100),
    "institution_id" INTEGER,
    "origin" "DataOrigin" NOT NULL DEFAULT 'MANUAL',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_person" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "person_id" INTEGER NOT NULL,
    "role" "PersonRole" NOT NULL,
    "institution_id" INTEGER,
    "position_ko" VARCHAR(100),
    "position_en" VARCHAR(100),
    "sort_order" SMALLINT NOT NULL DEFAULT 0,

    CONSTRAINT "project_person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "funding_line" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "sub_project_id" INTEGER,
    "fiscal_year" SMALLINT,
    "stage" SMALLINT,
    "government_won" BIGINT,
    "private_cash_won" BIGINT,
    "private_in_kind_won" BIGINT,
    "note_ko" TEXT,
    "note_en" TEXT,
    "source_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "funding_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "milestone" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "sub_project_id" INTEGER,
    "title_ko" VARCHAR(300) NOT NULL,
    "title_en" VARCHAR(300),
    "description_ko" TEXT,
    "description_en" TEXT,
    "kind" "MilestoneKind" NOT NULL,
    "status" "MilestoneStatus" NOT NULL,
    "due_date" DATE,
    "due_precision" "DatePrecision",
    "target_value" DECIMAL(20,4),
    "actual_value" DECIMAL(20,4),
    "unit_ko" VARCHAR(40),
    "unit_en" VARCHAR(40),
    "achieved_date" DATE,
    "achieved_precision" "DatePrecision",
    "evidence_ko" TEXT,
    "evidence_en" TEXT,
    "source_id" INTEGER,
    "sort_order" SMALLINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source" (
    "id" SERIAL NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "title_ko" VARCHAR(300) NOT NULL,
    "title_en" VARCHAR(300),
    "publisher_ko" VARCHAR(200) NOT NULL,
    "publisher_en" VARCHAR(200),
    "published_on" DATE,
    "published_precision" "DatePrecision",
    "url" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_source" (
    "project_id" INTEGER NOT NULL,
    "source_id" INTEGER NOT NULL,
    "locator_ko" VARCHAR(300),
    "locator_en" VARCHAR(300),

    CONSTRAINT "project_source_pkey" PRIMARY KEY ("project_id","source_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "program_code_key" ON "program"("code");

-- CreateIndex
CREATE UNIQUE INDEX "project_slug_key" ON "project"("slug");

-- CreateIndex
CREATE INDEX "project_publication_government_total_won_id_idx" ON "project"("publication", "government_total_won" DESC, "id");

-- CreateIndex
CREATE INDEX "project_publication_period_start_id_idx" ON "project"("publication", "period_start", "id");

-- CreateIndex
CREATE INDEX "project_publication_period_end_id_idx" ON "project"("publication", "period_end", "id");

-- CreateIndex
CREATE INDEX "project_publication_title_ko_id_idx" ON "project"("publication", "title_ko", "id");

-- CreateIndex
CREATE INDEX "project_publication_title_en_id_idx" ON "project"("publication", "title_en", "id");

-- CreateIndex
CREATE INDEX "project_program_id_idx" ON "project"("program_id");

-- CreateIndex
CREATE INDEX "project_area_idx" ON "project"("area");

-- CreateIndex
CREATE INDEX "project_status_idx" ON "project"("status");

-- CreateIndex
CREATE INDEX "project_start_year_idx" ON "project"("start_year");

-- CreateIndex
CREATE INDEX "project_search_text_trgm_idx" ON "project" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "project_search_grams_idx" ON "project" USING GIN ("search_grams");

-- CreateIndex
CREATE INDEX "project_institution_types_idx" ON "project" USING GIN ("institution_types");

-- CreateIndex
CREATE INDEX "project_identifier_project_id_idx" ON "project_identifier"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_identifier_scheme_value_key" ON "project_identifier"("scheme", "value");

-- CreateIndex
CREATE INDEX "sub_project_lead_institution_id_idx" ON "sub_project"("lead_institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "sub_project_project_id_seq_key" ON "sub_project"("project_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "institution_normalized_name_key" ON "institution"("normalized_name");

-- CreateIndex
CREATE UNIQUE INDEX "institution_business_registration_number_key" ON "institution"("business_registration_number");

-- CreateIndex
CREATE INDEX "institution_type_idx" ON "institution"("type");

-- CreateIndex
CREATE INDEX "institution_name_ko_trgm_idx" ON "institution" USING GIN ("name_ko" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "participation_institution_id_project_id_idx" ON "participation"("institution_id", "project_id");

-- CreateIndex
CREATE INDEX "participation_sub_project_id_idx" ON "participation"("sub_project_id");

-- CreateIndex
CREATE UNIQUE INDEX "participation_project_id_institution_id_sub_project_id_role_key" ON "participation"("project_id", "institution_id", "sub_project_id", "role");

-- CreateIndex
CREATE INDEX "person_institution_id_idx" ON "person"("institution_id");

-- CreateIndex
CREATE INDEX "project_person_person_id_idx" ON "project_person"("person_id");

-- CreateIndex
CREATE INDEX "project_person_institution_id_idx" ON "project_person"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_person_project_id_person_id_role_key" ON "project_person"("project_id", "person_id", "role");

-- CreateIndex
CREATE INDEX "funding_line_project_id_fiscal_year_idx" ON "funding_line"("project_id", "fiscal_year");

-- CreateIndex
CREATE INDEX "funding_line_sub_project_id_idx" ON "funding_line"("sub_project_id");

-- CreateIndex
CREATE INDEX "funding_line_source_id_idx" ON "funding_line"("source_id");

-- CreateIndex
CREATE INDEX "milestone_project_id_sort_order_idx" ON "milestone"("project_id", "sort_order");

-- CreateIndex
CREATE INDEX "milestone_status_due_date_idx" ON "milestone"("status", "due_date");

-- CreateIndex
CREATE INDEX "milestone_sub_project_id_idx" ON "milestone"("sub_project_id");

-- CreateIndex
CREATE INDEX "milestone_source_id_idx" ON "milestone"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "source_key_key" ON "source"("key");

-- CreateIndex
CREATE INDEX "project_source_source_id_idx" ON "project_source"("source_id");

-- AddForeignKey
ALTER TABLE "project" ADD CONSTRAINT "project_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_identifier" ADD CONSTRAINT "project_identifier_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sub_project" ADD CONSTRAINT "sub_project_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sub_project" ADD CONSTRAINT "sub_project_lead_institution_id_fkey" FOREIGN KEY ("lead_institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_sub_project_id_fkey" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_person" ADD CONSTRAINT "project_person_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_person" ADD CONSTRAINT "project_person_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_person" ADD CONSTRAINT "project_person_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_line" ADD CONSTRAINT "funding_line_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_line" ADD CONSTRAINT "funding_line_sub_project_id_fkey" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_line" ADD CONSTRAINT "funding_line_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_sub_project_id_fkey" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "milestone" ADD CONSTRAINT "milestone_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_source" ADD CONSTRAINT "project_source_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_source" ADD CONSTRAINT "project_source_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CHECK constraints: rules Prisma's schema language cannot express, added by hand
-- (docs/decisions/0003-database-constraints.md). Prisma ignores CHECK constraints when it diffs,
-- so they never show up as drift. Named <table>_<rule>_check.
ALTER TABLE "project"
    ADD CONSTRAINT "project_period_order_check" CHECK ("period_end" >= "period_start"),
    ADD CONSTRAINT "project_period_start_first_day_check" CHECK (EXTRACT(DAY FROM "period_start") = 1),
    ADD CONSTRAINT "project_period_end_first_day_check" CHECK (EXTRACT(DAY FROM "period_end") = 1),
    ADD CONSTRAINT "project_start_year_check" CHECK ("start_year" = EXTRACT(YEAR FROM "period_start")),
    ADD CONSTRAINT "project_published_duration_months_check" CHECK ("published_duration_months" > 0),
    ADD CONSTRAINT "project_published_sub_project_count_check" CHECK ("published_sub_project_count" >= 0),
    ADD CONSTRAINT "project_government_total_won_check" CHECK ("government_total_won" >= 0),
    ADD CONSTRAINT "project_private_cash_total_won_check" CHECK ("private_cash_total_won" >= 0),
    ADD CONSTRAINT "project_private_in_kind_total_won_check" CHECK ("private_in_kind_total_won" >= 0),
    ADD CONSTRAINT "project_version_check" CHECK ("version" >= 1);

ALTER TABLE "sub_project"
    ADD CONSTRAINT "sub_project_period_order_check"
        CHECK ("period_start" IS NULL OR "period_end" IS NULL OR "period_end" >= "period_start"),
    ADD CONSTRAINT "sub_project_seq_check" CHECK ("seq" >= 1);

ALTER TABLE "funding_line"
    ADD CONSTRAINT "funding_line_government_won_check" CHECK ("government_won" >= 0),
    ADD CONSTRAINT "funding_line_private_cash_won_check" CHECK ("private_cash_won" >= 0),
    ADD CONSTRAINT "funding_line_private_in_kind_won_check" CHECK ("private_in_kind_won" >= 0),
    ADD CONSTRAINT "funding_line_fiscal_year_check" CHECK ("fiscal_year" BETWEEN 1990 AND 2100),
    ADD CONSTRAINT "funding_line_stage_check" CHECK ("stage" >= 1);

ALTER TABLE "institution"
    ADD CONSTRAINT "institution_business_registration_number_check" CHECK ("business_registration_number" ~ '^[0-9]{10}$'),
    ADD CONSTRAINT "institution_normalized_name_check" CHECK ("normalized_name" <> '');

ALTER TABLE "milestone"
    ADD CONSTRAINT "milestone_version_check" CHECK ("version" >= 1);

ALTER TABLE "project_identifier"
    ADD CONSTRAINT "project_identifier_value_check" CHECK ("value" <> '');
