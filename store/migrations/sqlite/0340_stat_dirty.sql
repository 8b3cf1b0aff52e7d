-- The months whose new cases' rows of stat_days a process holds in memory
-- and has not yet written (store/stat_defer.go): noted in the transaction
-- of the cases, cleared by the one that writes the rows. Months left noted
-- after a crash are rebuilt from case_stats when the database is next
-- migrated.
CREATE TABLE stat_dirty (
	month INTEGER PRIMARY KEY
) STRICT;
