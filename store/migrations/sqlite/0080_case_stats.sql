-- case_stats holds each case's part in the assessment figures
-- (docs/figures.md): one row a case, written by the store in the same
-- transaction as every change of the case (store/case_stat.go), so that
-- the figures of a period are one grouped read of that period's rows.
-- Rows are kept in order of the day the case was reported (Asia/Shanghai,
-- days since 1970-01-01), so a month is read in one sweep. Flags are 0/1;
-- sign_secs and resolve_secs are working seconds, NULL when not signed for
-- or resolved, or unknown (cases from before this migration); due_us is
-- the running deadline in microseconds since the epoch.
CREATE TABLE case_stats (
	day             INTEGER NOT NULL,
	case_id         INTEGER NOT NULL,
	jurisdiction    TEXT NOT NULL,
	unit            TEXT NOT NULL,
	village         TEXT NOT NULL,
	grid            TEXT NOT NULL,
	category        TEXT NOT NULL,
	channel         TEXT NOT NULL,
	status          TEXT NOT NULL,
	dispatches      INTEGER NOT NULL,
	returns         INTEGER NOT NULL,
	signed          INTEGER NOT NULL,
	sign_on_time    INTEGER NOT NULL,
	sign_secs       INTEGER,
	resolved        INTEGER NOT NULL,
	resolve_on_time INTEGER NOT NULL,
	resolve_secs    INTEGER,
	fixed           INTEGER NOT NULL,
	satisfaction    INTEGER NOT NULL,
	ever_overdue    INTEGER NOT NULL,
	due_us          INTEGER,
	PRIMARY KEY (day, case_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX case_stats_case ON case_stats (case_id);

-- Cases already on file: what their fields and timelines say, without
-- working durations.
INSERT INTO case_stats
SELECT (c.created_at / 1000000 + 28800) / 86400, c.id, c.jurisdiction, c.unit, c.village, c.grid, c.category,
	c.channel, c.status,
	(SELECT COUNT(*) FROM events e WHERE e.case_id = c.id AND e.action = 'dispatch'),
	(SELECT COUNT(*) FROM events e WHERE e.case_id = c.id AND e.action = 'return'),
	CASE WHEN c.accepted_at IS NOT NULL AND c.status IN ('accepted', 'resolved', 'closed') THEN 1 ELSE 0 END,
	CASE WHEN c.accepted_at IS NOT NULL AND c.status IN ('accepted', 'resolved', 'closed')
		AND c.sign_due_at IS NOT NULL AND c.accepted_at <= c.sign_due_at THEN 1 ELSE 0 END,
	NULL,
	CASE WHEN c.resolved_at IS NOT NULL AND c.accepted_at IS NOT NULL AND c.status IN ('resolved', 'closed') THEN 1 ELSE 0 END,
	CASE WHEN c.resolved_at IS NOT NULL AND c.accepted_at IS NOT NULL AND c.status IN ('resolved', 'closed')
		AND c.resolve_due_at IS NOT NULL AND c.resolved_at <= c.resolve_due_at THEN 1 ELSE 0 END,
	NULL,
	CASE WHEN c.status = 'closed' AND c.satisfaction > 0 THEN 1 ELSE 0 END,
	c.satisfaction,
	0,
	c.due_at
FROM cases c;
