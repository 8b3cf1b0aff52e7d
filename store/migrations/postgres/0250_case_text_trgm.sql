-- A trigram index of each case's text, for text searches of words of three
-- characters or more (store/search_trgm.go): pg_trgm's GIN index finds the
-- cases whose number, description and address, joined, hold every
-- three characters in a row of the query, far fewer than its pairs of
-- characters anywhere (case_search), and the ILIKE that follows decides as
-- before. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension: the owner of the database may create it. Where it cannot be
-- created (no contrib package, or a role without CREATE on the database),
-- this migration warns and goes on without the index: searches then narrow
-- by case_search alone, as before, slower but with the same results. An
-- administrator can add it later (docs/search.md says how).
DO $$
BEGIN
	CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
	RAISE WARNING 'guanjia: cannot create extension pg_trgm (%): text search goes without its trigram index; see docs/search.md', SQLERRM;
END $$;

DO $$
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
		-- The same expression as trgmCond in store/search_trgm.go.
		CREATE INDEX IF NOT EXISTS cases_text_trgm ON cases
			USING gin ((number || ' ' || description || ' ' || address) gin_trgm_ops);
	END IF;
END $$;
