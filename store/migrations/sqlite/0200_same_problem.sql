-- Reports of the same problem (重复件, docs/figures.md): a case is one when
-- an earlier case of its town and category was reported within 150 m
-- (guanjia.RepeatRadius, haversine) of its place in the 30 days before it
-- (guanjia.RepeatWindow). case_places keeps each case's place as reported,
-- by town, category and hot-spot cell (⌊lat / 0.0009⌋, ⌊lng / 0.00105⌋), so
-- that the earlier cases near a new one are a few short index ranges; the store sets
-- case_stats.same_problem when it writes the case (store/case_repeat.go),
-- and stat_days.repeated counts the cases merged or of the same problem.
-- Below, the cases on file get their places and flags (by their category
-- and place now), and stat_days is filled again with the store's
-- statement (store/stat_day.go statDaysFill).
CREATE TABLE case_places (
	jurisdiction TEXT NOT NULL,
	category     TEXT NOT NULL,
	cell_row     INTEGER NOT NULL,
	cell_col     INTEGER NOT NULL,
	at_us        INTEGER NOT NULL,
	case_id      INTEGER NOT NULL,
	lat          REAL NOT NULL,
	lng          REAL NOT NULL,
	PRIMARY KEY (jurisdiction, category, cell_row, cell_col, at_us, case_id)
) STRICT, WITHOUT ROWID;
ALTER TABLE case_stats ADD COLUMN same_problem INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stat_days ADD COLUMN repeated INTEGER NOT NULL DEFAULT 0;
-- RebuildStats runs what follows again.
DELETE FROM case_places;
INSERT INTO case_places (jurisdiction, category, cell_row, cell_col, at_us, case_id, lat, lng)
SELECT jurisdiction, category, CAST(floor(lat / 0.0009) AS INTEGER), CAST(floor(lng / 0.00105) AS INTEGER), created_at, id, lat, lng FROM cases WHERE lat <> 0 OR lng <> 0;
UPDATE case_stats SET same_problem = 0;
UPDATE case_stats SET same_problem = 1 WHERE case_id IN (SELECT n.case_id FROM case_places n WHERE EXISTS (
	SELECT 1 FROM (VALUES (-2), (-1), (0), (1), (2)) dr CROSS JOIN (VALUES (-3), (-2), (-1), (0), (1), (2), (3)) dc
	JOIN case_places o ON o.jurisdiction = n.jurisdiction AND o.category = n.category AND o.cell_row = n.cell_row + dr.column1
		AND o.cell_col = n.cell_col + dc.column1 AND o.at_us >= n.at_us - 2592000000000 AND o.at_us < n.at_us
	WHERE 2 * 6371008.8 * asin(min(1, sqrt(sin((o.lat - n.lat) * 0.017453292519943295 / 2) * sin((o.lat - n.lat) * 0.017453292519943295 / 2) + cos(n.lat * 0.017453292519943295) * cos(o.lat * 0.017453292519943295) * sin((o.lng - n.lng) * 0.017453292519943295 / 2) * sin((o.lng - n.lng) * 0.017453292519943295 / 2)))) <= 150));
DELETE FROM stat_days;
INSERT INTO stat_days (dim, day, jurisdiction, unit, k, n, dispatches, returns, signed, sign_on_time, resolved, resolve_on_time, closed, fixed, rated, satisfied, satisfaction_sum, merged, repeated, ever_overdue, sign_timed, sign_secs, resolve_timed, resolve_secs, callbacks, supervised, supervision_answered, supervision_lapsed, supervised_closed, sb0, sb1, sb2, sb3, sb4, sb5, sb6, sb7, sb8, sb9, sb10, sb11, sb12, sb13, sb14, sb15, sb16, sb17, sb18, sb19, sb20, sb21, sb22, sb23, sb24, sb25, sb26, sb27, sb28, rb0, rb1, rb2, rb3, rb4, rb5, rb6, rb7, rb8, rb9, rb10, rb11, rb12, rb13, rb14, rb15, rb16, rb17, rb18, rb19, rb20, rb21, rb22, rb23, rb24, rb25, rb26, rb27, rb28)
SELECT d.column1, CASE d.column2 WHEN 1 THEN month ELSE day END, jurisdiction, CASE d.column3 WHEN 'town' THEN '' ELSE unit END, CASE d.column3 WHEN 'unit' THEN unit WHEN 'village' THEN village WHEN 'grid' THEN grid WHEN 'category' THEN category WHEN 'channel' THEN channel ELSE jurisdiction END,
	SUM(1),
	SUM(dispatches),
	SUM(returns),
	SUM(signed),
	SUM(sign_on_time),
	SUM(resolved),
	SUM(resolve_on_time),
	SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END),
	SUM(CASE WHEN status = 'closed' THEN fixed ELSE 0 END),
	SUM(CASE WHEN satisfaction > 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN satisfaction >= 4 THEN 1 ELSE 0 END),
	SUM(satisfaction),
	SUM(CASE WHEN status = 'merged' THEN 1 ELSE 0 END),
	SUM(CASE WHEN status = 'merged' OR same_problem = 1 THEN 1 ELSE 0 END),
	SUM(ever_overdue),
	SUM(CASE WHEN sign_secs IS NULL THEN 0 ELSE 1 END),
	SUM(COALESCE(sign_secs, 0)),
	SUM(CASE WHEN resolve_secs IS NULL THEN 0 ELSE 1 END),
	SUM(COALESCE(resolve_secs, 0)),
	SUM(CASE WHEN status = 'closed' THEN callback ELSE 0 END),
	SUM(supervised),
	SUM(supervision_answered),
	SUM(supervision_lapsed),
	SUM(CASE WHEN status = 'closed' THEN supervised ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 1 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 2 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 3 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 4 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 5 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 6 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 7 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 8 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 9 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 10 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 11 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 12 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 13 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 14 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 15 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 16 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 17 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 18 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 19 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 20 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 21 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 22 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 23 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 24 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 25 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 26 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 27 THEN 1 ELSE 0 END),
	SUM(CASE WHEN sign_bucket = 28 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 0 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 1 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 2 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 3 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 4 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 5 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 6 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 7 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 8 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 9 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 10 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 11 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 12 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 13 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 14 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 15 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 16 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 17 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 18 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 19 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 20 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 21 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 22 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 23 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 24 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 25 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 26 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 27 THEN 1 ELSE 0 END),
	SUM(CASE WHEN resolve_bucket = 28 THEN 1 ELSE 0 END)
FROM case_stats CROSS JOIN (VALUES ('unit', 0, 'unit'), ('unit:m', 1, 'unit'), ('village', 0, 'village'), ('village:m', 1, 'village'), ('grid', 0, 'grid'), ('grid:m', 1, 'grid'), ('category', 0, 'category'), ('category:m', 1, 'category'), ('channel', 0, 'channel'), ('channel:m', 1, 'channel'), ('town', 0, 'town'), ('town:m', 1, 'town')) d
GROUP BY 1, 2, 3, 4, 5;
