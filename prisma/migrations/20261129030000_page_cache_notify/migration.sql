-- Invalidation of the servers' page caches (lib/server/page-cache.ts, docs/decisions/0022-page-cache.md):
-- committed changes of what public pages show NOTIFY the channel keit_page_cache with the tags of
-- the cached pages they touch, separated by spaces. Every server LISTENs and drops those entries.
-- NOTIFY is delivered at commit (never for a rolled-back write) and to every session listening,
-- whichever server or tool wrote. No table, no schema change: functions and triggers only.
--   portfolio        the lists, searches, statistics, comparisons and institution pages
--   project:<slug>   the pages of one project (both languages)
--   *                everything

-- The change feed (migration 20261128233246_publication_change) already records every change of a
-- published project and its public parts, publishing and unpublishing included, one statement at a
-- time: one NOTIFY per statement that feeds it, with the slugs it names (all pages when too many
-- for one notification's 8000-byte payload).
CREATE FUNCTION "page_cache_notify_publication_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload TEXT;
BEGIN
  SELECT 'portfolio' || COALESCE(' ' || string_agg(DISTINCT 'project:' || n."slug", ' '), '') INTO payload FROM new_rows n;
  IF length(payload) > 7900 THEN
    payload := '*';
  END IF;
  PERFORM pg_notify('keit_page_cache', payload);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "page_cache_publication_change_insert" AFTER INSERT ON "publication_change"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "page_cache_notify_publication_change"();

-- What public pages show of other tables (program, institution, person and source names) and
-- emptying the project tables (TRUNCATE passes no row triggers): rare, so all pages go. A new
-- program, institution, person or source shows nowhere until a project refers to it, which the
-- change feed reports, so inserts need no notification.
CREATE FUNCTION "page_cache_notify_all"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keit_page_cache', '*');
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['program', 'institution', 'person', 'source'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "page_cache_notify_all"()', 'page_cache_' || t || '_change', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['project', 'project_identifier', 'sub_project', 'participation', 'project_person', 'funding_line', 'milestone', 'project_source'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "page_cache_notify_all"()', 'page_cache_' || t || '_truncate', t);
  END LOOP;
END;
$$;
