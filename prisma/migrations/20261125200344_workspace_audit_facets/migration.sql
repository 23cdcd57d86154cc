-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('ADMIN', 'PROGRAM_MANAGER', 'REVIEWER');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'DENIED', 'FAILED');

-- AlterTable
ALTER TABLE "project" ADD COLUMN     "quality_flags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "role" "UserRole" NOT NULL,
    "is_disabled" BOOLEAN NOT NULL DEFAULT false,
    "uses_demo_password" BOOLEAN NOT NULL DEFAULT false,
    "last_sign_in_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "program_assignment" (
    "user_id" INTEGER NOT NULL,
    "program_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "program_assignment_pkey" PRIMARY KEY ("user_id","program_id")
);

-- CreateTable
CREATE TABLE "user_session" (
    "id" UUID NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(300),

    CONSTRAINT "user_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,
    "actor_email" VARCHAR(254),
    "ip" VARCHAR(64),
    "action" VARCHAR(64) NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "entity_type" VARCHAR(32),
    "entity_id" VARCHAR(64),
    "project_id" INTEGER,
    "before" JSONB,
    "after" JSONB,
    "reason" VARCHAR(300),

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

-- CreateIndex
CREATE INDEX "app_user_role_idx" ON "app_user"("role");

-- CreateIndex
CREATE INDEX "program_assignment_program_id_idx" ON "program_assignment"("program_id");

-- CreateIndex
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");

-- CreateIndex
CREATE INDEX "user_session_expires_at_idx" ON "user_session"("expires_at");

-- CreateIndex
CREATE INDEX "audit_log_project_id_at_idx" ON "audit_log"("project_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_at_idx" ON "audit_log"("entity_type", "entity_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_action_actor_email_at_idx" ON "audit_log"("action", "actor_email", "at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_action_ip_at_idx" ON "audit_log"("action", "ip", "at" DESC);

-- CreateIndex
CREATE INDEX "project_facets_idx" ON "project"("publication", "program_id", "area", "status", "start_year", "government_total_won", "institution_types");

-- CreateIndex
CREATE INDEX "project_quality_flags_idx" ON "project" USING GIN ("quality_flags");

-- AddForeignKey
ALTER TABLE "program_assignment" ADD CONSTRAINT "program_assignment_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "program_assignment" ADD CONSTRAINT "program_assignment_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "program"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Added by hand (docs/decisions/0007-audit-trail.md) ------------------------------------------

-- The audit trail is append-only for every database role, the application's included: UPDATE
-- and DELETE raise an error. (TRUNCATE, which only the table owner may run, stays available to
-- wipe a test database.)
CREATE FUNCTION "audit_log_is_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_log_append_only"
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_is_append_only"();

ALTER TABLE "app_user"
    ADD CONSTRAINT "app_user_email_lower_check" CHECK ("email" = lower("email") AND "email" <> ''),
    ADD CONSTRAINT "app_user_version_check" CHECK ("version" >= 1);
ALTER TABLE "user_session"
    ADD CONSTRAINT "user_session_expiry_check" CHECK ("expires_at" > "created_at");
