-- SQLite only: how FTS5 merges the segments of its search indexes (see the
-- SQLite migration of the same number). PostgreSQL's GIN index has no
-- segments to merge; this file keeps the two engines' migrations in step.
SELECT 1;
