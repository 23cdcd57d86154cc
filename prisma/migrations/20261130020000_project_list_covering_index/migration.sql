-- The portfolio's default order (newest start first) walks this index. With the facet columns
-- in it too, a filtered list checks its filters in the index (an index-only scan) instead of
-- fetching every project it passes, and a search with filters looks the search up only for the
-- projects whose facets match (docs/decisions/0033-uncached-portfolio-queries.md). The id is
-- unique, so the columns after it do not change the order. (Key columns rather than INCLUDE:
-- Prisma's schema cannot describe INCLUDE.)
DROP INDEX "project_publication_period_start_id_idx";

CREATE INDEX "project_publication_period_start_id_idx" ON "project"("publication", "period_start", "id", "program_id", "area", "status", "start_year", "institution_types");
