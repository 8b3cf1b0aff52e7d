-- The assessment figures kept summed by reporting day (docs/figures.md,
-- store/stat_day.go). case_stats gains what the new figures need: whether
-- the case was called back since it closed (回访), whether it is under a
-- supervision order (督办) and how the latest order went; and the step of
-- the duration ladder (guanjia.DurationLadder) its times to sign for and
-- to resolve fall in, NULL where the time is not known. stat_days holds,
-- by dimension (unit, village, grid, category, channel, town; by day and,
-- ":m", by month), day (a month's first), town, unit and key, the sums of
-- every case_stats row of that group (see statSums): a period's figures
-- are a sum of its whole months' and other days' rows of its groups. The
-- store keeps it in the transaction of every change of a case;
-- migration 0111 fills it from the rows on file.
ALTER TABLE case_stats ADD COLUMN callback integer NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervised integer NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervision_answered integer NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervision_lapsed integer NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN sign_bucket integer;
ALTER TABLE case_stats ADD COLUMN resolve_bucket integer;
ALTER TABLE case_stats ADD COLUMN month integer NOT NULL DEFAULT 0;

-- The cases on file, from their timelines: a callback since the last
-- reopening (a callback is made only of a closed case); a supervision
-- order; feedback on, or the lapse of, the latest order. Their steps,
-- and the first day of their month (guanjia.MonthStart).
UPDATE case_stats SET
	month = (date_trunc('month', date '1970-01-01' + day)::date - date '1970-01-01'),
	callback = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = case_stats.case_id AND e.action = 'callback'
		AND NOT EXISTS (SELECT 1 FROM events r WHERE r.case_id = e.case_id AND r.action IN ('reopen', 'handle') AND r.id > e.id))
		THEN 1 ELSE 0 END,
	supervised = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = case_stats.case_id AND e.action = 'supervise')
		THEN 1 ELSE 0 END,
	supervision_answered = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = case_stats.case_id AND e.action = 'feedback'
		AND e.id > (SELECT MAX(o.id) FROM events o WHERE o.case_id = e.case_id AND o.action = 'supervise')) THEN 1 ELSE 0 END,
	supervision_lapsed = CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.case_id = case_stats.case_id AND e.action = 'supervision-lapse'
		AND e.id > (SELECT MAX(o.id) FROM events o WHERE o.case_id = e.case_id AND o.action = 'supervise')) THEN 1 ELSE 0 END,
	sign_bucket = CASE WHEN sign_secs IS NULL THEN NULL WHEN sign_secs <= 900 THEN 0 WHEN sign_secs <= 1800 THEN 1 WHEN sign_secs <= 2700 THEN 2 WHEN sign_secs <= 3600 THEN 3 WHEN sign_secs <= 5400 THEN 4 WHEN sign_secs <= 7200 THEN 5 WHEN sign_secs <= 9000 THEN 6 WHEN sign_secs <= 10800 THEN 7 WHEN sign_secs <= 14400 THEN 8 WHEN sign_secs <= 18000 THEN 9 WHEN sign_secs <= 21600 THEN 10 WHEN sign_secs <= 27000 THEN 11 WHEN sign_secs <= 36000 THEN 12 WHEN sign_secs <= 45000 THEN 13 WHEN sign_secs <= 54000 THEN 14 WHEN sign_secs <= 81000 THEN 15 WHEN sign_secs <= 108000 THEN 16 WHEN sign_secs <= 135000 THEN 17 WHEN sign_secs <= 189000 THEN 18 WHEN sign_secs <= 270000 THEN 19 WHEN sign_secs <= 405000 THEN 20 WHEN sign_secs <= 540000 THEN 21 WHEN sign_secs <= 810000 THEN 22 WHEN sign_secs <= 1080000 THEN 23 WHEN sign_secs <= 1620000 THEN 24 WHEN sign_secs <= 2160000 THEN 25 WHEN sign_secs <= 3240000 THEN 26 WHEN sign_secs <= 5400000 THEN 27 ELSE 28 END,
	resolve_bucket = CASE WHEN resolve_secs IS NULL THEN NULL WHEN resolve_secs <= 900 THEN 0 WHEN resolve_secs <= 1800 THEN 1 WHEN resolve_secs <= 2700 THEN 2 WHEN resolve_secs <= 3600 THEN 3 WHEN resolve_secs <= 5400 THEN 4 WHEN resolve_secs <= 7200 THEN 5 WHEN resolve_secs <= 9000 THEN 6 WHEN resolve_secs <= 10800 THEN 7 WHEN resolve_secs <= 14400 THEN 8 WHEN resolve_secs <= 18000 THEN 9 WHEN resolve_secs <= 21600 THEN 10 WHEN resolve_secs <= 27000 THEN 11 WHEN resolve_secs <= 36000 THEN 12 WHEN resolve_secs <= 45000 THEN 13 WHEN resolve_secs <= 54000 THEN 14 WHEN resolve_secs <= 81000 THEN 15 WHEN resolve_secs <= 108000 THEN 16 WHEN resolve_secs <= 135000 THEN 17 WHEN resolve_secs <= 189000 THEN 18 WHEN resolve_secs <= 270000 THEN 19 WHEN resolve_secs <= 405000 THEN 20 WHEN resolve_secs <= 540000 THEN 21 WHEN resolve_secs <= 810000 THEN 22 WHEN resolve_secs <= 1080000 THEN 23 WHEN resolve_secs <= 1620000 THEN 24 WHEN resolve_secs <= 2160000 THEN 25 WHEN resolve_secs <= 3240000 THEN 26 WHEN resolve_secs <= 5400000 THEN 27 ELSE 28 END;

-- Overdue now is counted from the cases with a running deadline, from
-- this index alone (it holds every column the count groups by).
CREATE INDEX case_stats_running ON case_stats (day, due_us, ever_overdue, jurisdiction, unit, village, grid, category, channel)
	WHERE due_us IS NOT NULL;

CREATE TABLE stat_days (
	dim          text NOT NULL,
	day          integer NOT NULL,
	jurisdiction text NOT NULL,
	unit         text NOT NULL,
	k            text NOT NULL,
	n bigint NOT NULL,
	dispatches bigint NOT NULL,
	returns bigint NOT NULL,
	signed bigint NOT NULL,
	sign_on_time bigint NOT NULL,
	resolved bigint NOT NULL,
	resolve_on_time bigint NOT NULL,
	closed bigint NOT NULL,
	fixed bigint NOT NULL,
	rated bigint NOT NULL,
	satisfied bigint NOT NULL,
	satisfaction_sum bigint NOT NULL,
	merged bigint NOT NULL,
	ever_overdue bigint NOT NULL,
	sign_timed bigint NOT NULL,
	sign_secs bigint NOT NULL,
	resolve_timed bigint NOT NULL,
	resolve_secs bigint NOT NULL,
	callbacks bigint NOT NULL,
	supervised bigint NOT NULL,
	supervision_answered bigint NOT NULL,
	supervision_lapsed bigint NOT NULL,
	supervised_closed bigint NOT NULL,
	sb0 bigint NOT NULL,
	sb1 bigint NOT NULL,
	sb2 bigint NOT NULL,
	sb3 bigint NOT NULL,
	sb4 bigint NOT NULL,
	sb5 bigint NOT NULL,
	sb6 bigint NOT NULL,
	sb7 bigint NOT NULL,
	sb8 bigint NOT NULL,
	sb9 bigint NOT NULL,
	sb10 bigint NOT NULL,
	sb11 bigint NOT NULL,
	sb12 bigint NOT NULL,
	sb13 bigint NOT NULL,
	sb14 bigint NOT NULL,
	sb15 bigint NOT NULL,
	sb16 bigint NOT NULL,
	sb17 bigint NOT NULL,
	sb18 bigint NOT NULL,
	sb19 bigint NOT NULL,
	sb20 bigint NOT NULL,
	sb21 bigint NOT NULL,
	sb22 bigint NOT NULL,
	sb23 bigint NOT NULL,
	sb24 bigint NOT NULL,
	sb25 bigint NOT NULL,
	sb26 bigint NOT NULL,
	sb27 bigint NOT NULL,
	sb28 bigint NOT NULL,
	rb0 bigint NOT NULL,
	rb1 bigint NOT NULL,
	rb2 bigint NOT NULL,
	rb3 bigint NOT NULL,
	rb4 bigint NOT NULL,
	rb5 bigint NOT NULL,
	rb6 bigint NOT NULL,
	rb7 bigint NOT NULL,
	rb8 bigint NOT NULL,
	rb9 bigint NOT NULL,
	rb10 bigint NOT NULL,
	rb11 bigint NOT NULL,
	rb12 bigint NOT NULL,
	rb13 bigint NOT NULL,
	rb14 bigint NOT NULL,
	rb15 bigint NOT NULL,
	rb16 bigint NOT NULL,
	rb17 bigint NOT NULL,
	rb18 bigint NOT NULL,
	rb19 bigint NOT NULL,
	rb20 bigint NOT NULL,
	rb21 bigint NOT NULL,
	rb22 bigint NOT NULL,
	rb23 bigint NOT NULL,
	rb24 bigint NOT NULL,
	rb25 bigint NOT NULL,
	rb26 bigint NOT NULL,
	rb27 bigint NOT NULL,
	rb28 bigint NOT NULL,
	PRIMARY KEY (dim, day, jurisdiction, unit, k)
);
