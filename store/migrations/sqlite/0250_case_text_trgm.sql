-- PostgreSQL only: a pg_trgm index of each case's text (see the PostgreSQL
-- migration of the same number and store/search_trgm.go). SQLite narrows
-- by case_phrases (migration 0210); this file keeps the two engines'
-- migrations in step.
SELECT 1;
