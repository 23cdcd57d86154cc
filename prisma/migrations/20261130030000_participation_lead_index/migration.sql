-- A project's lead institution (role LEAD on the project itself, first by sort order) is looked up
-- for every card of the portfolio and every record of the open-data API. No index led with
-- project_id and the role: at 1M projects PostgreSQL 18 chose a skip scan of
-- (institution_id, project_id) for it, 14 ms per project, 0.5 s for an API page of 100. With this
-- index it is one index search, 0.07 ms (docs/decisions/0033-uncached-portfolio-queries.md).
CREATE INDEX "participation_project_id_role_sub_project_id_sort_order_id_idx" ON "participation"("project_id", "role", "sub_project_id", "sort_order", "id");
