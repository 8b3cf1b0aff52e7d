-- Overdue now without reading the overdue cases (docs/figures.md): stat_days
-- sums the cases with a running deadline (running) and of them those not
-- marked ever overdue (running_fresh), kept in the case's transaction as
-- every other sum (store/stat_day.go statSums); a period's overdue now is
-- its running cases less those whose deadline has not yet come, which the
-- store finds by seeking case_stats_running (day, due_us) at each day of
-- the period from now on: at any moment only the cases dispatched or
-- signed for lately, however many overdue cases pile up. Below, the rows
-- on file get their sums from the cases with a running deadline
-- (store/stat_day.go runningFill).
ALTER TABLE stat_days ADD COLUMN running INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stat_days ADD COLUMN running_fresh INTEGER NOT NULL DEFAULT 0;
-- RebuildStats runs what follows again.
WITH r (dim, day, jurisdiction, unit, k, running, running_fresh) AS (
SELECT d.column1, CASE d.column2 WHEN 1 THEN month ELSE day END, jurisdiction, CASE d.column3 WHEN 'town' THEN '' ELSE unit END, CASE d.column3 WHEN 'unit' THEN unit WHEN 'village' THEN village WHEN 'grid' THEN grid WHEN 'category' THEN category WHEN 'channel' THEN channel ELSE jurisdiction END,
	SUM(CASE WHEN due_us IS NULL THEN 0 ELSE 1 END),
	SUM(CASE WHEN due_us IS NOT NULL AND ever_overdue = 0 THEN 1 ELSE 0 END)
FROM case_stats CROSS JOIN (VALUES ('unit', 0, 'unit'), ('unit:m', 1, 'unit'), ('village', 0, 'village'), ('village:m', 1, 'village'), ('grid', 0, 'grid'), ('grid:m', 1, 'grid'), ('category', 0, 'category'), ('category:m', 1, 'category'), ('channel', 0, 'channel'), ('channel:m', 1, 'channel'), ('town', 0, 'town'), ('town:m', 1, 'town')) d WHERE due_us IS NOT NULL
GROUP BY 1, 2, 3, 4, 5)
UPDATE stat_days SET running = r.running, running_fresh = r.running_fresh FROM r
WHERE stat_days.dim = r.dim AND stat_days.day = r.day AND stat_days.jurisdiction = r.jurisdiction AND stat_days.unit = r.unit AND stat_days.k = r.k;
