-- The instances serving the database, each seen every few seconds, so that
-- an operator sees which run, which release each runs, and whether one is
-- older than the schema (a rolling upgrade not finished).
CREATE TABLE instances (
	id             TEXT PRIMARY KEY, -- host-pid-start, as the leases' owners begin
	host           TEXT NOT NULL,
	pid            INTEGER NOT NULL,
	started_at     INTEGER NOT NULL,
	release        TEXT NOT NULL,    -- the binary's version
	schema_version INTEGER NOT NULL, -- the last migration the binary has
	seen_at        INTEGER NOT NULL
) STRICT;
