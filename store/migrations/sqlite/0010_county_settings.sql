-- What the county sets applies in every town unless the town overrides it
-- (docs/county.md, "Configuration inheritance").

-- A category may send its overdue cases up to the county: after refer_n
-- refer_unit past the running deadline (0: never). A town may override
-- that, automatic dispatch and whether the category is offered at all
-- (NULL: inherited).
ALTER TABLE categories ADD COLUMN refer_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN refer_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE category_overrides ADD COLUMN refer_n INTEGER NOT NULL DEFAULT 0;
ALTER TABLE category_overrides ADD COLUMN refer_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE category_overrides ADD COLUMN auto_dispatch INTEGER;
ALTER TABLE category_overrides ADD COLUMN active INTEGER;

-- The calendar: '' is the county's (every town's); a town's days add to
-- and override the county's by date.
CREATE TABLE calendar_days_by_town (
	jurisdiction TEXT NOT NULL DEFAULT '',
	date         TEXT NOT NULL, -- 2026-10-01
	kind         TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name         TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (jurisdiction, date)
) STRICT, WITHOUT ROWID;
INSERT INTO calendar_days_by_town (jurisdiction, date, kind, name) SELECT '', date, kind, name FROM calendar_days;
DROP TABLE calendar_days;
ALTER TABLE calendar_days_by_town RENAME TO calendar_days;

-- Points rules: the newest version of a town's is in force there, else
-- the newest of the county's ('').
ALTER TABLE points_rules ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
CREATE INDEX points_rules_jurisdiction ON points_rules (jurisdiction, version);
