-- CreateEnum
CREATE TYPE "PublicationChangeKind" AS ENUM ('PUBLISHED', 'UPDATED', 'UNPUBLISHED', 'DELETED');

-- CreateTable
CREATE TABLE "publication_change" (
    "id" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL,
    "project_id" INTEGER NOT NULL,
    "slug" VARCHAR(120) NOT NULL,
    "kind" "PublicationChangeKind" NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "publication_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "publication_change_txid_id_idx" ON "publication_change"("txid", "id");

-- CreateIndex
CREATE INDEX "publication_change_txid_project_id_idx" ON "publication_change"("txid", "project_id");

-- CreateIndex
CREATE INDEX "publication_change_changed_at_idx" ON "publication_change"("changed_at");

-- The change feed is filled by triggers, so every writer is covered: the workspace, the importer,
-- bulk loaders and plain SQL (docs/decisions/0017-open-data-api.md). Statement-level triggers with
-- transition tables cost one INSERT … SELECT per statement, not one per row, so bulk loads stay fast.
-- Within one transaction a project gets at most one UPDATED row, and none after its PUBLISHED row.

-- project: published, changed while published, unpublished (tombstone) or deleted while published (tombstone).
CREATE FUNCTION "publication_change_from_project"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx BIGINT := pg_current_xact_id()::text::bigint;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "publication_change" ("txid", "project_id", "slug", "kind")
    SELECT tx, n."id", n."slug", 'PUBLISHED' FROM new_rows n WHERE n."publication" = 'PUBLISHED' ORDER BY n."id";
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "publication_change" ("txid", "project_id", "slug", "kind")
    SELECT tx, n."id", n."slug",
      (CASE WHEN o."publication" = 'PUBLISHED' AND n."publication" = 'PUBLISHED' THEN 'UPDATED'
            WHEN n."publication" = 'PUBLISHED' THEN 'PUBLISHED'
            ELSE 'UNPUBLISHED' END)::"PublicationChangeKind"
    FROM new_rows n JOIN old_rows o ON o."id" = n."id"
    WHERE (o."publication" = 'PUBLISHED' OR n."publication" = 'PUBLISHED')
      AND NOT (o."publication" = 'PUBLISHED' AND n."publication" = 'PUBLISHED'
               AND (o.* IS NOT DISTINCT FROM n.*
                    OR EXISTS (SELECT 1 FROM "publication_change" c WHERE c."txid" = tx AND c."project_id" = n."id")))
    ORDER BY n."id";
  ELSE
    INSERT INTO "publication_change" ("txid", "project_id", "slug", "kind")
    SELECT tx, o."id", o."slug", 'DELETED' FROM old_rows o WHERE o."publication" = 'PUBLISHED' ORDER BY o."id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "publication_change_project_insert" AFTER INSERT ON "project"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_project"();
CREATE TRIGGER "publication_change_project_update" AFTER UPDATE ON "project"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_project"();
CREATE TRIGGER "publication_change_project_delete" AFTER DELETE ON "project"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_project"();

-- The public parts of a project (identifiers, sub-projects, consortium, researchers, funding lines,
-- milestones, sources): a change is an UPDATED row for the published project it belongs to.
-- A project deleted with its parts (ON DELETE CASCADE) is no longer found here: its DELETED row says it all.
CREATE FUNCTION "publication_change_from_part"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx BIGINT := pg_current_xact_id()::text::bigint;
  ids INT[];
BEGIN
  -- A statement sees only the transition tables its event declares.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT n."project_id") INTO ids FROM new_rows n;
  ELSIF TG_OP = 'UPDATE' THEN
    SELECT array_agg(DISTINCT x."project_id") INTO ids
    FROM (SELECT n."project_id" FROM new_rows n UNION SELECT o."project_id" FROM old_rows o) x;
  ELSE
    SELECT array_agg(DISTINCT o."project_id") INTO ids FROM old_rows o;
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO "publication_change" ("txid", "project_id", "slug", "kind")
  SELECT tx, p."id", p."slug", 'UPDATED'
  FROM "project" p
  WHERE p."id" = ANY(ids) AND p."publication" = 'PUBLISHED'
    AND NOT EXISTS (SELECT 1 FROM "publication_change" c WHERE c."txid" = tx AND c."project_id" = p."id")
  ORDER BY p."id";
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  part TEXT;
BEGIN
  FOREACH part IN ARRAY ARRAY['project_identifier', 'sub_project', 'participation', 'project_person', 'funding_line', 'milestone', 'project_source'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_part"()', 'publication_change_' || part || '_insert', part);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_part"()', 'publication_change_' || part || '_update', part);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "publication_change_from_part"()', 'publication_change_' || part || '_delete', part);
  END LOOP;
END;
$$;

-- Projects published before the feed existed: one PUBLISHED row each, so `since` = any earlier
-- time lists the whole published portfolio.
INSERT INTO "publication_change" ("txid", "project_id", "slug", "kind", "changed_at")
SELECT pg_current_xact_id()::text::bigint, p."id", p."slug", 'PUBLISHED', COALESCE(p."published_at", p."updated_at")
FROM "project" p WHERE p."publication" = 'PUBLISHED' ORDER BY p."id";
