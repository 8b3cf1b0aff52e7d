-- The version of the reference data (categories, units, rules, geography,
-- calendars): bumped after each change of it, so that every instance
-- sharing the database, not only the one that made the change, reloads
-- its copy in memory (app.App.Reload and its watch).
CREATE TABLE reference_version (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint NOT NULL DEFAULT 0
);
INSERT INTO reference_version (id, version) VALUES (1, 0);
