-- AlterTable
ALTER TABLE "app_user" ADD COLUMN     "manages_unassigned_projects" BOOLEAN NOT NULL DEFAULT false;
