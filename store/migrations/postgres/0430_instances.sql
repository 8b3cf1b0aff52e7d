-- The instances serving the database, each seen every few seconds, so that
-- an operator sees which run, which release each runs, and whether one is
-- older than the schema (a rolling upgrade not finished).
CREATE TABLE instances (
	id             text PRIMARY KEY, -- host-pid-start, as the leases' owners begin
	host           text NOT NULL,
	pid            integer NOT NULL,
	started_at     timestamptz NOT NULL,
	release        text NOT NULL,    -- the binary's version
	schema_version integer NOT NULL, -- the last migration the binary has
	seen_at        timestamptz NOT NULL
);
