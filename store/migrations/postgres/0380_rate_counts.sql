-- rate_counts counts requests per key in fixed windows for the rate limits
-- (app/ratelimit.go: reports and photos per address or account, Open311
-- per api_key, sign-in codes, receipt checks), so that several instances
-- sharing the database hold a client to the same limits as one. until_at
-- is when the key's window ends. UNLOGGED: the counts need no durability
-- (a crash or a failover forgets them, and the limits start again), and a
-- transaction that writes only them does not wait for the log's flush.
CREATE UNLOGGED TABLE rate_counts (
	key      text PRIMARY KEY,
	n        integer NOT NULL,
	until_at timestamptz NOT NULL
);
