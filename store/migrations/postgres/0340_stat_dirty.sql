-- On SQLite, new cases' rows of stat_days wait in memory a moment and
-- their months are noted in stat_dirty (see sqlite/0340,
-- store/stat_defer.go). PostgreSQL writes them with the cases; the table
-- is kept for the same schema and stays empty.
CREATE TABLE stat_dirty (
	month integer PRIMARY KEY
);
