-- A new case's search terms are worked out by the store, in Go (docTerms,
-- store/search.go), and written with the case (Tx.insertCases): the
-- PL/pgSQL guanjia_terms took about half a millisecond of PostgreSQL's CPU
-- a case, a tenth of all it spent on intake (pg_stat_statements under
-- scripts/loadtest). The trigger stays for any other writer of cases: it
-- fires unless the transaction says the store writes the terms itself.
DROP TRIGGER cases_search ON cases;
CREATE TRIGGER cases_search AFTER INSERT ON cases
	FOR EACH ROW WHEN (current_setting('guanjia.search_terms', true) IS DISTINCT FROM 'store')
	EXECUTE FUNCTION case_search_index();
