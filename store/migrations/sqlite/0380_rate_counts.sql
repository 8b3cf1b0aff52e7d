-- rate_counts counts requests per key in fixed windows for the rate limits
-- (app/ratelimit.go). On SQLite, which one process serves, the limits are
-- counted in that process's memory and this table stays empty: a write
-- per report in the one writer would cost intake. It is here so that the
-- store's methods are the same on both engines.
CREATE TABLE rate_counts (
	key      TEXT PRIMARY KEY,
	n        INTEGER NOT NULL,
	until_at INTEGER NOT NULL
) STRICT;
