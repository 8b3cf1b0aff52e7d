-- case_stats holds each case's part in the assessment figures
-- (docs/figures.md): one row a case, written by the store in the same
-- transaction as every change of the case (store/case_stat.go), so that
-- the figures of a period are one grouped read of that period's rows.
-- day: the day the case was reported (Asia/Shanghai, days since
-- 1970-01-01). Flags are 0/1; sign_secs and resolve_secs are working
-- seconds, NULL when not signed for or resolved, or unknown (cases from
-- before this migration); due_us is the running deadline in microseconds
-- since the epoch.
CREATE TABLE case_stats (
	day             integer NOT NULL,
	case_id         bigint NOT NULL,
	jurisdiction    text NOT NULL,
	unit            text NOT NULL,
	village         text NOT NULL,
	grid            text NOT NULL,
	category        text NOT NULL,
	channel         text NOT NULL,
	status          text NOT NULL,
	dispatches      integer NOT NULL,
	returns         integer NOT NULL,
	signed          integer NOT NULL,
	sign_on_time    integer NOT NULL,
	sign_secs       bigint,
	resolved        integer NOT NULL,
	resolve_on_time integer NOT NULL,
	resolve_secs    bigint,
	fixed           integer NOT NULL,
	satisfaction    integer NOT NULL,
	ever_overdue    integer NOT NULL,
	due_us          bigint,
	PRIMARY KEY (day, case_id)
);
CREATE UNIQUE INDEX case_stats_case ON case_stats (case_id);

-- Cases already on file: what their fields and timelines say, without
-- working durations.
INSERT INTO case_stats
SELECT case_day(c.created_at), c.id, c.jurisdiction, c.unit, c.village, c.grid, c.category,
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
	(extract(epoch FROM c.due_at) * 1000000)::bigint
FROM cases c;
