-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('BEFORE', 'DUE', 'OVERDUE', 'ESCALATION');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('REMINDER', 'ESCALATION');

-- CreateEnum
CREATE TYPE "EmailKind" AS ENUM ('REMINDER', 'ESCALATION', 'DIGEST');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('PENDING', 'SENT', 'DEAD', 'SKIPPED');

-- CreateTable
CREATE TABLE "reminder" (
    "id" SERIAL NOT NULL,
    "milestone_id" INTEGER NOT NULL,
    "due_date" DATE NOT NULL,
    "kind" "ReminderKind" NOT NULL,
    "offset_days" SMALLINT NOT NULL DEFAULT 0,
    "fired_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "milestone_id" INTEGER NOT NULL,
    "reminder_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preference" (
    "user_id" INTEGER NOT NULL,
    "email_reminders" BOOLEAN NOT NULL DEFAULT true,
    "email_digest" BOOLEAN NOT NULL DEFAULT true,
    "locale" VARCHAR(2) NOT NULL DEFAULT 'ko',
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "digest" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "week_of" DATE NOT NULL,
    "item_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "to_address" VARCHAR(254) NOT NULL,
    "locale" VARCHAR(2) NOT NULL,
    "kind" "EmailKind" NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" SMALLINT NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" VARCHAR(500),
    "transport" VARCHAR(8),
    "delivered_ref" VARCHAR(300),
    "sent_at" TIMESTAMPTZ(3),
    "reminder_id" INTEGER,
    "digest_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reminder_dedup_key" ON "reminder"("milestone_id", "due_date", "kind", "offset_days");

-- CreateIndex
CREATE INDEX "notification_user_id_read_at_created_at_idx" ON "notification"("user_id", "read_at", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notification_milestone_id_user_id_idx" ON "notification"("milestone_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_reminder_id_user_id_key" ON "notification"("reminder_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "digest_user_id_week_of_key" ON "digest"("user_id", "week_of");

-- CreateIndex
CREATE INDEX "email_message_status_next_attempt_at_idx" ON "email_message"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "email_message_user_id_created_at_idx" ON "email_message"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "email_message_reminder_id_idx" ON "email_message"("reminder_id");

-- CreateIndex
CREATE INDEX "email_message_digest_id_idx" ON "email_message"("digest_id");

-- CreateIndex
CREATE INDEX "email_message_created_at_idx" ON "email_message"("created_at" DESC);

-- CreateIndex
CREATE INDEX "milestone_updated_at_idx" ON "milestone"("updated_at");

-- AddForeignKey
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_milestone_id_fkey" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_milestone_id_fkey" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest" ADD CONSTRAINT "digest_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_reminder_id_fkey" FOREIGN KEY ("reminder_id") REFERENCES "reminder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_digest_id_fkey" FOREIGN KEY ("digest_id") REFERENCES "digest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Written by hand (docs/decisions/0003-database-constraints.md): what Prisma cannot express.
ALTER TABLE "notification_preference" ADD CONSTRAINT "notification_preference_locale_check" CHECK ("locale" IN ('ko', 'en'));
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_locale_check" CHECK ("locale" IN ('ko', 'en'));
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_attempts_check" CHECK ("attempts" >= 0);
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_transport_check" CHECK ("transport" IS NULL OR "transport" IN ('smtp', 'file'));
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_sent_check" CHECK (("status" = 'SENT') = ("sent_at" IS NOT NULL));
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_offset_check" CHECK ("offset_days" >= 0 AND ("kind" IN ('BEFORE', 'ESCALATION') OR "offset_days" = 0));
ALTER TABLE "digest" ADD CONSTRAINT "digest_item_count_check" CHECK ("item_count" > 0);
