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
ALTER TABLE case_stats ADD COLUMN callback INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervision_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN supervision_lapsed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_stats ADD COLUMN sign_bucket INTEGER;
ALTER TABLE case_stats ADD COLUMN resolve_bucket INTEGER;
ALTER TABLE case_stats ADD COLUMN month INTEGER NOT NULL DEFAULT 0;

-- The cases on file, from their timelines: a callback since the last
-- reopening (a callback is made only of a closed case); a supervision
-- order; feedback on, or the lapse of, the latest order. Their steps,
-- and the first day of their month (guanjia.MonthStart).
UPDATE case_stats SET
	month = CAST(unixepoch(date(day * 86400, 'unixepoch', 'start of month')) / 86400 AS INTEGER),
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
	dim          TEXT NOT NULL,
	day          INTEGER NOT NULL,
	jurisdiction TEXT NOT NULL,
	unit         TEXT NOT NULL,
	k            TEXT NOT NULL,
	n INTEGER NOT NULL,
	dispatches INTEGER NOT NULL,
	returns INTEGER NOT NULL,
	signed INTEGER NOT NULL,
	sign_on_time INTEGER NOT NULL,
	resolved INTEGER NOT NULL,
	resolve_on_time INTEGER NOT NULL,
	closed INTEGER NOT NULL,
	fixed INTEGER NOT NULL,
	rated INTEGER NOT NULL,
	satisfied INTEGER NOT NULL,
	satisfaction_sum INTEGER NOT NULL,
	merged INTEGER NOT NULL,
	ever_overdue INTEGER NOT NULL,
	sign_timed INTEGER NOT NULL,
	sign_secs INTEGER NOT NULL,
	resolve_timed INTEGER NOT NULL,
	resolve_secs INTEGER NOT NULL,
	callbacks INTEGER NOT NULL,
	supervised INTEGER NOT NULL,
	supervision_answered INTEGER NOT NULL,
	supervision_lapsed INTEGER NOT NULL,
	supervised_closed INTEGER NOT NULL,
	sb0 INTEGER NOT NULL,
	sb1 INTEGER NOT NULL,
	sb2 INTEGER NOT NULL,
	sb3 INTEGER NOT NULL,
	sb4 INTEGER NOT NULL,
	sb5 INTEGER NOT NULL,
	sb6 INTEGER NOT NULL,
	sb7 INTEGER NOT NULL,
	sb8 INTEGER NOT NULL,
	sb9 INTEGER NOT NULL,
	sb10 INTEGER NOT NULL,
	sb11 INTEGER NOT NULL,
	sb12 INTEGER NOT NULL,
	sb13 INTEGER NOT NULL,
	sb14 INTEGER NOT NULL,
	sb15 INTEGER NOT NULL,
	sb16 INTEGER NOT NULL,
	sb17 INTEGER NOT NULL,
	sb18 INTEGER NOT NULL,
	sb19 INTEGER NOT NULL,
	sb20 INTEGER NOT NULL,
	sb21 INTEGER NOT NULL,
	sb22 INTEGER NOT NULL,
	sb23 INTEGER NOT NULL,
	sb24 INTEGER NOT NULL,
	sb25 INTEGER NOT NULL,
	sb26 INTEGER NOT NULL,
	sb27 INTEGER NOT NULL,
	sb28 INTEGER NOT NULL,
	rb0 INTEGER NOT NULL,
	rb1 INTEGER NOT NULL,
	rb2 INTEGER NOT NULL,
	rb3 INTEGER NOT NULL,
	rb4 INTEGER NOT NULL,
	rb5 INTEGER NOT NULL,
	rb6 INTEGER NOT NULL,
	rb7 INTEGER NOT NULL,
	rb8 INTEGER NOT NULL,
	rb9 INTEGER NOT NULL,
	rb10 INTEGER NOT NULL,
	rb11 INTEGER NOT NULL,
	rb12 INTEGER NOT NULL,
	rb13 INTEGER NOT NULL,
	rb14 INTEGER NOT NULL,
	rb15 INTEGER NOT NULL,
	rb16 INTEGER NOT NULL,
	rb17 INTEGER NOT NULL,
	rb18 INTEGER NOT NULL,
	rb19 INTEGER NOT NULL,
	rb20 INTEGER NOT NULL,
	rb21 INTEGER NOT NULL,
	rb22 INTEGER NOT NULL,
	rb23 INTEGER NOT NULL,
	rb24 INTEGER NOT NULL,
	rb25 INTEGER NOT NULL,
	rb26 INTEGER NOT NULL,
	rb27 INTEGER NOT NULL,
	rb28 INTEGER NOT NULL,
	PRIMARY KEY (dim, day, jurisdiction, unit, k)
) STRICT, WITHOUT ROWID;
