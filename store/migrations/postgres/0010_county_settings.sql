-- What the county sets applies in every town unless the town overrides it
-- (docs/county.md, "Configuration inheritance").

-- A category may send its overdue cases up to the county: after refer_n
-- refer_unit past the running deadline (0: never). A town may override
-- that, automatic dispatch and whether the category is offered at all
-- (NULL: inherited).
ALTER TABLE categories ADD COLUMN refer_n integer NOT NULL DEFAULT 0;
ALTER TABLE categories ADD COLUMN refer_unit text NOT NULL DEFAULT '';
ALTER TABLE category_overrides ADD COLUMN refer_n integer NOT NULL DEFAULT 0;
ALTER TABLE category_overrides ADD COLUMN refer_unit text NOT NULL DEFAULT '';
ALTER TABLE category_overrides ADD COLUMN auto_dispatch boolean;
ALTER TABLE category_overrides ADD COLUMN active boolean;

-- The calendar: '' is the county's (every town's); a town's days add to
-- and override the county's by date.
ALTER TABLE calendar_days ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
ALTER TABLE calendar_days DROP CONSTRAINT calendar_days_pkey;
ALTER TABLE calendar_days ADD PRIMARY KEY (jurisdiction, date);

-- Points rules: the newest version of a town's is in force there, else
-- the newest of the county's ('').
ALTER TABLE points_rules ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
CREATE INDEX points_rules_jurisdiction ON points_rules (jurisdiction, version);
