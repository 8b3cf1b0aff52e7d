-- SQLite only: the search indexes move to a file of their own (see the
-- SQLite migration of the same number). PostgreSQL's search is a GIN
-- index written with the cases; this file keeps the two engines'
-- migrations in step.
SELECT 1;
