-- How far each instance's clock is from the database's, as it measured at
-- its last beat, in microseconds (ahead when positive): leases compare the
-- instances' own clocks, so an operator must see one that drifts. Older
-- releases, which do not measure it, leave 0.
ALTER TABLE instances ADD COLUMN clock_offset_us bigint NOT NULL DEFAULT 0;
