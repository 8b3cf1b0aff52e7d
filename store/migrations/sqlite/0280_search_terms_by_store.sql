-- On PostgreSQL, new cases' search terms are written by the store rather
-- than by a trigger (see postgres/0280). SQLite's search index is kept a
-- little after each commit (store/search_index.go): nothing changes here.
SELECT 1;
