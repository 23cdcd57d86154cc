-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('QUEUED', 'DRY_RUNNING', 'READY', 'INVALID', 'APPLY_QUEUED', 'APPLYING', 'APPLIED', 'FAILED', 'CANCELLED');

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "import_id" INTEGER;

-- CreateTable
CREATE TABLE "import_record" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "actor_email" VARCHAR(254) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "file_sha256" CHAR(64) NOT NULL,
    "file_size" INTEGER NOT NULL,
    "file_data" BYTEA NOT NULL,
    "publish" BOOLEAN NOT NULL DEFAULT false,
    "mapping_name" VARCHAR(100),
    "mapping" JSONB,
    "status" "ImportStatus" NOT NULL DEFAULT 'QUEUED',
    "progress_done" INTEGER NOT NULL DEFAULT 0,
    "progress_total" INTEGER NOT NULL DEFAULT 0,
    "progress_at" TIMESTAMPTZ(3),
    "created" INTEGER,
    "updated" INTEGER,
    "unchanged" INTEGER,
    "error_count" INTEGER,
    "report" JSONB,
    "failure" VARCHAR(500),
    "job_id" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_mapping" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "mapping" JSONB NOT NULL,
    "actor_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "import_mapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_record_actor_id_created_at_idx" ON "import_record"("actor_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "import_record_created_at_idx" ON "import_record"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "import_mapping_name_key" ON "import_mapping"("name");

-- CreateIndex
CREATE INDEX "audit_log_import_id_idx" ON "audit_log"("import_id");

-- Checks Prisma cannot express (docs/decisions/0003-database-constraints.md).
ALTER TABLE "import_record"
    ADD CONSTRAINT "import_record_sha256_check" CHECK ("file_sha256" ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT "import_record_progress_check" CHECK ("progress_done" >= 0 AND "progress_total" >= 0),
    ADD CONSTRAINT "import_record_counts_check" CHECK (coalesce("created", 0) >= 0 AND coalesce("updated", 0) >= 0 AND coalesce("unchanged", 0) >= 0 AND coalesce("error_count", 0) >= 0);
ALTER TABLE "import_mapping"
    ADD CONSTRAINT "import_mapping_name_check" CHECK (btrim("name") <> '');
