-- CreateEnum
CREATE TYPE "AgreementStatus" AS ENUM ('PENDING', 'SIGNED', 'AMENDED', 'TERMINATED');

-- CreateEnum
CREATE TYPE "CostKind" AS ENUM ('DIRECT', 'INDIRECT');

-- AlterTable
ALTER TABLE "funding_line" ADD COLUMN     "agreement_id" INTEGER,
ADD COLUMN     "institution_id" INTEGER;

-- CreateTable
CREATE TABLE "agreement" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "sub_project_id" INTEGER,
    "stage" SMALLINT,
    "fiscal_year" SMALLINT NOT NULL,
    "agreement_number" VARCHAR(64),
    "signed_on" DATE,
    "period_start" DATE,
    "period_end" DATE,
    "status" "AgreementStatus",
    "version" INTEGER NOT NULL DEFAULT 1,
    "note_ko" TEXT,
    "note_en" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "agreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_revision" (
    "id" SERIAL NOT NULL,
    "agreement_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "header" JSONB NOT NULL,
    "amounts" JSONB NOT NULL,
    "reason" VARCHAR(500),
    "actor_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agreement_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment" (
    "id" SERIAL NOT NULL,
    "agreement_id" INTEGER NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "paid_on" DATE NOT NULL,
    "amount_won" BIGINT NOT NULL,
    "note_ko" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_category" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "name_ko" VARCHAR(100) NOT NULL,
    "name_en" VARCHAR(100) NOT NULL,
    "kind" "CostKind" NOT NULL,
    "valid_from" DATE,
    "valid_to" DATE,
    "sort_order" SMALLINT NOT NULL DEFAULT 0,

    CONSTRAINT "cost_category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "spending" (
    "id" SERIAL NOT NULL,
    "agreement_id" INTEGER NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "cost_category_id" INTEGER NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "amount_won" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "spending_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement" (
    "id" SERIAL NOT NULL,
    "agreement_id" INTEGER NOT NULL,
    "institution_id" INTEGER NOT NULL,
    "settled_on" DATE NOT NULL,
    "recognised_won" BIGINT NOT NULL,
    "disallowed_won" BIGINT NOT NULL DEFAULT 0,
    "disallowed_reason" VARCHAR(500),
    "to_return_won" BIGINT NOT NULL DEFAULT 0,
    "returned_on" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settlement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agreement_sub_project_id_idx" ON "agreement"("sub_project_id");

-- CreateIndex
CREATE INDEX "agreement_status_signed_on_idx" ON "agreement"("status", "signed_on");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_project_id_sub_project_id_stage_fiscal_year_key" ON "agreement"("project_id", "sub_project_id", "stage", "fiscal_year");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_revision_agreement_id_version_key" ON "agreement_revision"("agreement_id", "version");

-- CreateIndex
CREATE INDEX "payment_agreement_id_institution_id_paid_on_idx" ON "payment"("agreement_id", "institution_id", "paid_on");

-- CreateIndex
CREATE INDEX "payment_institution_id_idx" ON "payment"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "cost_category_code_key" ON "cost_category"("code");

-- CreateIndex
CREATE INDEX "spending_institution_id_idx" ON "spending"("institution_id");

-- CreateIndex
CREATE INDEX "spending_cost_category_id_idx" ON "spending"("cost_category_id");

-- CreateIndex
CREATE UNIQUE INDEX "spending_agreement_id_institution_id_cost_category_id_perio_key" ON "spending"("agreement_id", "institution_id", "cost_category_id", "period_start");

-- CreateIndex
CREATE INDEX "settlement_institution_id_idx" ON "settlement"("institution_id");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_agreement_id_institution_id_key" ON "settlement"("agreement_id", "institution_id");

-- CreateIndex
CREATE INDEX "funding_line_agreement_id_institution_id_idx" ON "funding_line"("agreement_id", "institution_id");

-- CreateIndex
CREATE INDEX "funding_line_institution_id_idx" ON "funding_line"("institution_id");

-- AddForeignKey
ALTER TABLE "funding_line" ADD CONSTRAINT "funding_line_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "funding_line" ADD CONSTRAINT "funding_line_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement" ADD CONSTRAINT "agreement_sub_project_id_fkey" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_revision" ADD CONSTRAINT "agreement_revision_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment" ADD CONSTRAINT "payment_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spending" ADD CONSTRAINT "spending_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spending" ADD CONSTRAINT "spending_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "spending" ADD CONSTRAINT "spending_cost_category_id_fkey" FOREIGN KEY ("cost_category_id") REFERENCES "cost_category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement" ADD CONSTRAINT "settlement_agreement_id_fkey" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement" ADD CONSTRAINT "settlement_institution_id_fkey" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Written by hand (docs/decisions/0003-database-constraints.md, docs/decisions/0012-grants.md).

-- CHECK constraints: rules Prisma's schema language cannot express.
ALTER TABLE "agreement"
    ADD CONSTRAINT "agreement_stage_check" CHECK ("stage" >= 1),
    ADD CONSTRAINT "agreement_fiscal_year_check" CHECK ("fiscal_year" BETWEEN 1990 AND 2100),
    ADD CONSTRAINT "agreement_period_order_check"
        CHECK ("period_start" IS NULL OR "period_end" IS NULL OR "period_end" >= "period_start"),
    ADD CONSTRAINT "agreement_number_check" CHECK ("agreement_number" <> ''),
    ADD CONSTRAINT "agreement_version_check" CHECK ("version" >= 1);

ALTER TABLE "agreement_revision"
    ADD CONSTRAINT "agreement_revision_version_check" CHECK ("version" >= 1);

ALTER TABLE "payment"
    ADD CONSTRAINT "payment_amount_won_check" CHECK ("amount_won" > 0);

ALTER TABLE "cost_category"
    ADD CONSTRAINT "cost_category_code_check" CHECK ("code" ~ '^[A-Z][A-Z0-9_]*$'),
    ADD CONSTRAINT "cost_category_validity_check"
        CHECK ("valid_from" IS NULL OR "valid_to" IS NULL OR "valid_to" >= "valid_from");

ALTER TABLE "spending"
    ADD CONSTRAINT "spending_amount_won_check" CHECK ("amount_won" >= 0),
    ADD CONSTRAINT "spending_period_order_check" CHECK ("period_end" >= "period_start");

ALTER TABLE "settlement"
    ADD CONSTRAINT "settlement_recognised_won_check" CHECK ("recognised_won" >= 0),
    ADD CONSTRAINT "settlement_disallowed_won_check" CHECK ("disallowed_won" >= 0),
    ADD CONSTRAINT "settlement_to_return_won_check" CHECK ("to_return_won" >= 0),
    ADD CONSTRAINT "settlement_disallowed_reason_check"
        CHECK ("disallowed_won" = 0 OR ("disallowed_reason" IS NOT NULL AND btrim("disallowed_reason") <> ''));

-- Payments never exceed the awarded government amount (정부출연금) of the same agreement and
-- institution: the sum of its funding lines. An institution with no known awarded amount cannot be
-- paid. Checked after every payment insert or update (immediately), and after a funding line of an
-- agreement is lowered, moved or deleted (at commit, so an amendment may replace its lines within one
-- transaction). The agreement row is locked first so that two concurrent payments queue and the
-- second one sees the first.
CREATE FUNCTION "payment_within_award_check"(p_agreement_id INTEGER, p_institution_id INTEGER)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  awarded BIGINT;
  paid BIGINT;
BEGIN
  IF p_agreement_id IS NULL OR p_institution_id IS NULL THEN
    RETURN;
  END IF;
  PERFORM 1 FROM "agreement" WHERE "id" = p_agreement_id FOR NO KEY UPDATE;
  SELECT COALESCE(SUM("amount_won"), 0) INTO paid
    FROM "payment" WHERE "agreement_id" = p_agreement_id AND "institution_id" = p_institution_id;
  IF paid = 0 THEN
    RETURN;
  END IF;
  SELECT SUM("government_won") INTO awarded
    FROM "funding_line" WHERE "agreement_id" = p_agreement_id AND "institution_id" = p_institution_id;
  IF awarded IS NULL OR paid > awarded THEN
    RAISE EXCEPTION 'payment_within_award: total paid % exceeds the awarded government amount % (agreement %, institution %)',
        paid, COALESCE(awarded::text, 'unknown'), p_agreement_id, p_institution_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'payment_within_award';
  END IF;
END;
$$;

CREATE FUNCTION "payment_within_award_on_payment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "payment_within_award_check"(NEW."agreement_id", NEW."institution_id");
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "payment_within_award"
  AFTER INSERT OR UPDATE OF "amount_won", "agreement_id", "institution_id" ON "payment"
  NOT DEFERRABLE
  FOR EACH ROW EXECUTE FUNCTION "payment_within_award_on_payment"();

CREATE FUNCTION "payment_within_award_on_funding_line"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only the pair the row belonged to can lose awarded money; its new pair can only gain.
  IF OLD."agreement_id" IS NOT NULL AND OLD."institution_id" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "agreement" WHERE "id" = OLD."agreement_id") THEN
    PERFORM "payment_within_award_check"(OLD."agreement_id", OLD."institution_id");
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER "funding_line_keeps_payments_within_award"
  AFTER UPDATE OF "government_won", "agreement_id", "institution_id" OR DELETE ON "funding_line"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "payment_within_award_on_funding_line"();

-- Cost categories of the national R&D cost rules (국가연구개발사업 연구개발비 사용 기준), as data.
-- The National R&D Innovation Act (국가연구개발혁신법, in force 2021-01-01) split 연구장비·재료비 into
-- 연구시설·장비비 and 연구재료비 and folded 연구과제추진비 into 연구활동비; categories common to both
-- regimes have no start date (in force before the records we keep).
INSERT INTO "cost_category" ("code", "name_ko", "name_en", "kind", "valid_from", "valid_to", "sort_order") VALUES
  ('PERSONNEL',           '인건비',         'Personnel',                              'DIRECT',   NULL,         NULL,         10),
  ('STUDENT_PERSONNEL',   '학생인건비',     'Student researchers',                    'DIRECT',   NULL,         NULL,         20),
  ('FACILITY_EQUIPMENT',  '연구시설·장비비', 'Research facilities and equipment',      'DIRECT',   '2021-01-01', NULL,         30),
  ('MATERIALS',           '연구재료비',     'Research materials',                     'DIRECT',   '2021-01-01', NULL,         40),
  ('EQUIPMENT_MATERIALS', '연구장비·재료비', 'Research equipment and materials',       'DIRECT',   NULL,         '2020-12-31', 45),
  ('ACTIVITY',            '연구활동비',     'Research activities',                    'DIRECT',   NULL,         NULL,         50),
  ('PROJECT_EXPENSES',    '연구과제추진비', 'Project running costs',                  'DIRECT',   NULL,         '2020-12-31', 55),
  ('ALLOWANCE',           '연구수당',       'Research allowance',                     'DIRECT',   NULL,         NULL,         60),
  ('CONSIGNED_RND',       '위탁연구개발비', 'Consigned R&D',                          'DIRECT',   NULL,         NULL,         70),
  ('INDIRECT',            '간접비',         'Indirect costs',                         'INDIRECT', NULL,         NULL,         90);

-- Data: an existing funding line with a fiscal year is that year's award, so it gets its agreement
-- (one per project, sub-project, stage and year; the stage stays NULL where the line has none).
-- Nothing is invented: the agreement's number, signing date, period and status stay NULL (not
-- recorded). Lines without a year (such as the published whole-period totals) stay as they are.
-- No amount changes.
INSERT INTO "agreement" ("project_id", "sub_project_id", "stage", "fiscal_year", "status", "updated_at")
SELECT DISTINCT f."project_id", f."sub_project_id", f."stage", f."fiscal_year", NULL::"AgreementStatus", now()
FROM "funding_line" f
WHERE f."fiscal_year" IS NOT NULL;

UPDATE "funding_line" f
SET "agreement_id" = a."id"
FROM "agreement" a
WHERE f."fiscal_year" IS NOT NULL
  AND a."project_id" = f."project_id"
  AND a."sub_project_id" IS NOT DISTINCT FROM f."sub_project_id"
  AND a."stage" IS NOT DISTINCT FROM f."stage"
  AND a."fiscal_year" = f."fiscal_year";
