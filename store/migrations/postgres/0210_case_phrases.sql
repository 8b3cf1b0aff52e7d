-- SQLite only: case_phrases, the positional index of three-character pieces
-- that narrows SQLite's text search (see the SQLite migration of the same
-- number and store/search_phrase.go). On PostgreSQL the GIN index of
-- case_search intersects every term of a query cheaply and is left as it
-- was; this file keeps the two engines' migrations in step.
SELECT 1;
