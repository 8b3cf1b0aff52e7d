-- The report archive (guanjia.ArchivedReport): a row a report made by the
-- monthly job, its period's name, town and unit ('' the town's own), and
-- the totals (JSON guanjia.Figures) it had when it was made.
CREATE TABLE stats_reports (
	id           INTEGER PRIMARY KEY,
	period       TEXT NOT NULL,
	jurisdiction TEXT NOT NULL,
	unit         TEXT NOT NULL DEFAULT '',
	figures      TEXT NOT NULL,
	generated_at INTEGER NOT NULL,
	UNIQUE (jurisdiction, unit, period)
) STRICT;
CREATE INDEX stats_reports_period ON stats_reports (period, jurisdiction);
