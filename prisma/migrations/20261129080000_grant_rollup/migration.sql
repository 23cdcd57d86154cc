-- Grant dashboard roll-up (issue 14, docs/decisions/0012-grants.md): awarded, paid and spent per
-- programme × publication (published or not) × fiscal year, kept exact by statement-level
-- triggers on every table a figure comes from, so that the workspace dashboard reads a few hundred
-- rows instead of summing ~3.3M grant rows at 100k projects. The publication split lets a program
-- manager's scope (published projects plus the drafts of their own programmes) be applied to the
-- roll-up itself.

-- CreateTable
CREATE TABLE "grant_rollup" (
    "id" SERIAL NOT NULL,
    "program_id" INTEGER,
    "published" BOOLEAN NOT NULL,
    "fiscal_year" SMALLINT NOT NULL,
    "agreements" INTEGER NOT NULL,
    "awarded_won" BIGINT,
    "unknown_awarded" BOOLEAN NOT NULL,
    "paid_won" BIGINT NOT NULL,
    "spent_won" BIGINT NOT NULL,

    CONSTRAINT "grant_rollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "grant_rollup_program_id_published_fiscal_year_idx" ON "grant_rollup"("program_id", "published", "fiscal_year");

-- Recomputes one key (a programme, or no programme, × published × one fiscal year or, with
-- p_year NULL, every year) from the raw rows. Awarded is unknown (unknown_awarded) when an
-- agreement of the group has no funding line or a line of unknown amount, as on the project page.
-- A transaction-scoped advisory lock per programme serialises refreshes of the same key: a waiting
-- refresh runs its statements after the other transaction has committed (READ COMMITTED takes a new
-- snapshot per statement), so it sees both transactions' rows.
CREATE FUNCTION "grant_rollup_refresh"(p_program INTEGER, p_published BOOLEAN, p_year INTEGER) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[];
BEGIN
  PERFORM pg_advisory_xact_lock(72707371, COALESCE(p_program, 0));
  IF p_program IS NULL THEN
    ids := ARRAY(SELECT id FROM project WHERE program_id IS NULL AND (publication = 'PUBLISHED') = p_published);
  ELSE
    ids := ARRAY(SELECT id FROM project WHERE program_id = p_program AND (publication = 'PUBLISHED') = p_published);
  END IF;
  DELETE FROM grant_rollup
   WHERE program_id IS NOT DISTINCT FROM p_program AND published = p_published AND (p_year IS NULL OR fiscal_year = p_year);
  INSERT INTO grant_rollup (program_id, published, fiscal_year, agreements, awarded_won, unknown_awarded, paid_won, spent_won)
  SELECT p_program, p_published, a.fiscal_year, count(*), sum(l.gov)::bigint,
         (sum(l.gov) IS NULL OR COALESCE(sum(l.nulls), 0) > 0 OR count(l.agreement_id) < count(*)),
         COALESCE(sum(pm.paid), 0)::bigint, COALESCE(sum(sp.spent), 0)::bigint
    FROM agreement a
    LEFT JOIN LATERAL (SELECT f.agreement_id, sum(f.government_won) AS gov, count(*) FILTER (WHERE f.government_won IS NULL) AS nulls
                         FROM funding_line f WHERE f.agreement_id = a.id GROUP BY f.agreement_id) l ON TRUE
    LEFT JOIN LATERAL (SELECT sum(x.amount_won) AS paid FROM payment x WHERE x.agreement_id = a.id) pm ON TRUE
    LEFT JOIN LATERAL (SELECT sum(x.amount_won) AS spent FROM spending x WHERE x.agreement_id = a.id) sp ON TRUE
   WHERE a.project_id = ANY(ids) AND (p_year IS NULL OR a.fiscal_year = p_year)
   GROUP BY a.fiscal_year;
END $$;

-- Refreshes the keys of (project, fiscal year) pairs, as the projects stand now; a NULL year
-- refreshes every year. Keys are taken in a fixed order so that two transactions cannot deadlock.
CREATE FUNCTION "grant_rollup_refresh_pairs"(p_projects INTEGER[], p_years INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k RECORD;
BEGIN
  FOR k IN
    SELECT DISTINCT p.program_id, p.publication = 'PUBLISHED' AS published, x.y
      FROM unnest(p_projects, p_years) AS x(pid, y) JOIN project p ON p.id = x.pid
     ORDER BY 1 NULLS FIRST, 2, 3 NULLS FIRST
  LOOP
    PERFORM grant_rollup_refresh(k.program_id, k.published, k.y);
  END LOOP;
END $$;

-- Rebuilds the whole roll-up set-based (the migration's backfill, the synthetic loader's last step
-- when it ran with triggers off).
CREATE FUNCTION "grant_rollup_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE grant_rollup IN EXCLUSIVE MODE;
  DELETE FROM grant_rollup;
  INSERT INTO grant_rollup (program_id, published, fiscal_year, agreements, awarded_won, unknown_awarded, paid_won, spent_won)
  SELECT p.program_id, p.publication = 'PUBLISHED', a.fiscal_year, count(*), sum(l.gov)::bigint,
         (sum(l.gov) IS NULL OR COALESCE(sum(l.nulls), 0) > 0 OR count(l.agreement_id) < count(*)),
         COALESCE(sum(pm.paid), 0)::bigint, COALESCE(sum(sp.spent), 0)::bigint
    FROM agreement a
    JOIN project p ON p.id = a.project_id
    LEFT JOIN (SELECT f.agreement_id, sum(f.government_won) AS gov, count(*) FILTER (WHERE f.government_won IS NULL) AS nulls
                 FROM funding_line f WHERE f.agreement_id IS NOT NULL GROUP BY f.agreement_id) l ON l.agreement_id = a.id
    LEFT JOIN (SELECT agreement_id, sum(amount_won) AS paid FROM payment GROUP BY agreement_id) pm ON pm.agreement_id = a.id
    LEFT JOIN (SELECT agreement_id, sum(amount_won) AS spent FROM spending GROUP BY agreement_id) sp ON sp.agreement_id = a.id
   GROUP BY 1, 2, 3;
END $$;

-- Agreements: the keys of the inserted, changed and deleted agreements (old and new project and year).
CREATE FUNCTION "grant_rollup_on_agreement"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pids INTEGER[] := '{}';
  ys INTEGER[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT pids || array_agg(project_id), ys || array_agg(fiscal_year::int) INTO pids, ys FROM grant_new;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT pids || array_agg(project_id), ys || array_agg(fiscal_year::int) INTO pids, ys FROM grant_old;
  END IF;
  PERFORM grant_rollup_refresh_pairs(pids, ys);
  RETURN NULL;
END $$;

-- Funding lines: the keys of the agreements their rows belong to (a row of
-- an agreement deleted in the same statement is covered by the agreement's own trigger).
CREATE FUNCTION "grant_rollup_on_agreement_row"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pids INTEGER[] := '{}';
  ys INTEGER[] := '{}';
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT pids || array_agg(a.project_id), ys || array_agg(a.fiscal_year::int) INTO pids, ys
      FROM agreement a WHERE a.id IN (SELECT agreement_id FROM grant_new);
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT pids || array_agg(a.project_id), ys || array_agg(a.fiscal_year::int) INTO pids, ys
      FROM agreement a WHERE a.id IN (SELECT agreement_id FROM grant_old);
  END IF;
  PERFORM grant_rollup_refresh_pairs(pids, ys);
  RETURN NULL;
END $$;

-- Payments and spending: the common writes add their amounts to their keys' figures (old rows
-- subtracted, new rows added) under the same per-programme lock, instead of recomputing a key
-- (thousands of index lookups at 100k projects). TG_ARGV[0] names the column (paid_won, spent_won).
CREATE FUNCTION "grant_rollup_on_amount"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids INTEGER[] := '{}';
  ws NUMERIC[] := '{}';
  k RECORD;
  n INTEGER;
BEGIN
  IF TG_OP <> 'DELETE' THEN
    SELECT ids || array_agg(agreement_id), ws || array_agg(amount_won::numeric) INTO ids, ws FROM grant_new;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    SELECT ids || array_agg(agreement_id), ws || array_agg(-amount_won::numeric) INTO ids, ws FROM grant_old;
  END IF;
  FOR k IN
    SELECT p.program_id, p.publication = 'PUBLISHED' AS published, a.fiscal_year::int AS fiscal_year, sum(x.w) AS won
      FROM unnest(ids, ws) AS x(aid, w) JOIN agreement a ON a.id = x.aid JOIN project p ON p.id = a.project_id
     GROUP BY 1, 2, 3 ORDER BY 1 NULLS FIRST, 2, 3
  LOOP
    PERFORM pg_advisory_xact_lock(72707371, COALESCE(k.program_id, 0));
    EXECUTE format('UPDATE grant_rollup SET %I = %I + $1 WHERE program_id IS NOT DISTINCT FROM $2 AND published = $3 AND fiscal_year = $4', TG_ARGV[0], TG_ARGV[0])
      USING k.won::bigint, k.program_id, k.published, k.fiscal_year;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
      PERFORM grant_rollup_refresh(k.program_id, k.published, k.fiscal_year);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

-- Projects: a change of programme or publication moves every year of the project's agreements
-- between keys; a deleted project's agreements go with it.
CREATE FUNCTION "grant_rollup_on_project"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k RECORD;
BEGIN
  FOR k IN
    WITH changed AS (
      SELECT o.program_id AS old_program, o.publication = 'PUBLISHED' AS old_published,
             n.program_id AS new_program, n.publication = 'PUBLISHED' AS new_published
        FROM grant_old o JOIN grant_new n ON n.id = o.id
       WHERE (o.program_id IS DISTINCT FROM n.program_id OR o.publication IS DISTINCT FROM n.publication)
         AND EXISTS (SELECT 1 FROM agreement a WHERE a.project_id = n.id)
    ), touched AS (
      SELECT old_program AS program_id, old_published AS published FROM changed
      UNION SELECT new_program, new_published FROM changed
    )
    SELECT DISTINCT program_id, published FROM touched ORDER BY 1 NULLS FIRST, 2
  LOOP
    PERFORM grant_rollup_refresh(k.program_id, k.published, NULL);
  END LOOP;
  RETURN NULL;
END $$;

CREATE FUNCTION "grant_rollup_on_project_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k RECORD;
BEGIN
  FOR k IN SELECT DISTINCT program_id, publication = 'PUBLISHED' AS published FROM grant_old ORDER BY 1 NULLS FIRST, 2 LOOP
    PERFORM grant_rollup_refresh(k.program_id, k.published, NULL);
  END LOOP;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger: three triggers per table.
CREATE TRIGGER "grant_rollup_agreement_insert" AFTER INSERT ON "agreement" REFERENCING NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement"();
CREATE TRIGGER "grant_rollup_agreement_update" AFTER UPDATE ON "agreement" REFERENCING OLD TABLE AS grant_old NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement"();
CREATE TRIGGER "grant_rollup_agreement_delete" AFTER DELETE ON "agreement" REFERENCING OLD TABLE AS grant_old FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement"();

CREATE TRIGGER "grant_rollup_funding_line_insert" AFTER INSERT ON "funding_line" REFERENCING NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement_row"();
CREATE TRIGGER "grant_rollup_funding_line_update" AFTER UPDATE ON "funding_line" REFERENCING OLD TABLE AS grant_old NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement_row"();
CREATE TRIGGER "grant_rollup_funding_line_delete" AFTER DELETE ON "funding_line" REFERENCING OLD TABLE AS grant_old FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_agreement_row"();

CREATE TRIGGER "grant_rollup_payment_insert" AFTER INSERT ON "payment" REFERENCING NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('paid_won');
CREATE TRIGGER "grant_rollup_payment_update" AFTER UPDATE ON "payment" REFERENCING OLD TABLE AS grant_old NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('paid_won');
CREATE TRIGGER "grant_rollup_payment_delete" AFTER DELETE ON "payment" REFERENCING OLD TABLE AS grant_old FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('paid_won');

CREATE TRIGGER "grant_rollup_spending_insert" AFTER INSERT ON "spending" REFERENCING NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('spent_won');
CREATE TRIGGER "grant_rollup_spending_update" AFTER UPDATE ON "spending" REFERENCING OLD TABLE AS grant_old NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('spent_won');
CREATE TRIGGER "grant_rollup_spending_delete" AFTER DELETE ON "spending" REFERENCING OLD TABLE AS grant_old FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_amount"('spent_won');

CREATE TRIGGER "grant_rollup_project_update" AFTER UPDATE ON "project" REFERENCING OLD TABLE AS grant_old NEW TABLE AS grant_new FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_project"();
CREATE TRIGGER "grant_rollup_project_delete" AFTER DELETE ON "project" REFERENCING OLD TABLE AS grant_old FOR EACH STATEMENT EXECUTE FUNCTION "grant_rollup_on_project_delete"();

-- Backfill.
SELECT grant_rollup_rebuild();
