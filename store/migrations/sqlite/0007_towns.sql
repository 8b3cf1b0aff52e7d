-- A county runs its towns (docs/county.md): every row that belongs to a
-- town names it in a jurisdiction column, filled here from what an
-- installation of one town knows. home is that town: the first of level
-- 'town', or '' on an empty database.

CREATE TEMP TABLE home AS
SELECT COALESCE((SELECT code FROM jurisdictions WHERE level = 'town' ORDER BY code LIMIT 1), '') AS code;

UPDATE units SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';
UPDATE villages SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';
UPDATE users SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';

ALTER TABLE grids ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE grids SET jurisdiction = COALESCE((SELECT v.jurisdiction FROM villages v WHERE v.code = grids.village),
	(SELECT code FROM home));
CREATE INDEX grids_jurisdiction ON grids (jurisdiction);

ALTER TABLE housekeepers ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE housekeepers SET jurisdiction = COALESCE((SELECT g.jurisdiction FROM grids g WHERE g.code = housekeepers.grid),
	(SELECT code FROM home));
CREATE INDEX housekeepers_jurisdiction ON housekeepers (jurisdiction, status);

ALTER TABLE tasks ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE tasks SET jurisdiction = (SELECT code FROM home);
CREATE INDEX tasks_jurisdiction ON tasks (jurisdiction, ends_at);

ALTER TABLE notices ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE notices SET jurisdiction = (SELECT code FROM home);

ALTER TABLE rewards ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
-- A reward of no town ('') is offered in every town, as today's are.

ALTER TABLE mobilisations ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE mobilisations SET jurisdiction = (SELECT c.jurisdiction FROM cases c WHERE c.id = mobilisations.case_id);

-- The timeline and the ledger are append-only: their guards step aside
-- for the fill and come back.
DROP TRIGGER events_no_update;
ALTER TABLE events ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE events SET jurisdiction = (SELECT c.jurisdiction FROM cases c WHERE c.id = events.case_id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

DROP TRIGGER points_entries_no_update;
ALTER TABLE points_entries ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT '';
UPDATE points_entries SET jurisdiction = COALESCE((SELECT u.jurisdiction FROM users u WHERE u.id = points_entries.user_id), '');
CREATE TRIGGER points_entries_no_update BEFORE UPDATE ON points_entries
BEGIN
	SELECT RAISE(ABORT, 'points entries are append-only');
END;
CREATE INDEX points_entries_jurisdiction_day ON points_entries (jurisdiction, day);

-- A case a town hands up to the county stays the town's; referred says
-- the county's command center has it.
ALTER TABLE cases ADD COLUMN referred INTEGER NOT NULL DEFAULT 0;

-- A town's own priority and time limits for a category of the county's
-- catalogue; what it leaves zero it inherits.
CREATE TABLE category_overrides (
	jurisdiction TEXT NOT NULL,
	category     TEXT NOT NULL,
	priority     INTEGER NOT NULL DEFAULT 0,
	sign_n       INTEGER NOT NULL DEFAULT 0,
	sign_unit    TEXT NOT NULL DEFAULT '',
	resolve_n    INTEGER NOT NULL DEFAULT 0,
	resolve_unit TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (jurisdiction, category)
) STRICT;

-- A town's queue, lists and figures read its own cases.
CREATE INDEX cases_jurisdiction_status_due ON cases (jurisdiction, status, due_at);
CREATE INDEX cases_jurisdiction_created ON cases (jurisdiction, created_at);

-- case_days counts by town first, so that a town's dashboard reads its own
-- rows and the county's ranks its towns.
DROP TRIGGER cases_days_insert;
DROP TRIGGER cases_days_update;
DROP TRIGGER cases_days_delete;
DROP TABLE case_days;
CREATE TABLE case_days (
	jurisdiction TEXT NOT NULL,
	day          INTEGER NOT NULL,
	status       TEXT NOT NULL,
	category     TEXT NOT NULL,
	unit         TEXT NOT NULL,
	n            INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, day, status, category, unit)
) STRICT, WITHOUT ROWID;

INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
SELECT jurisdiction, (created_at / 1000000 + 28800) / 86400, status, category, unit, COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER cases_days_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
	VALUES (new.jurisdiction, (new.created_at / 1000000 + 28800) / 86400, new.status, new.category, new.unit, 1)
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_days_update AFTER UPDATE OF jurisdiction, status, category, unit, created_at ON cases
WHEN old.jurisdiction IS NOT new.jurisdiction OR old.status IS NOT new.status OR old.category IS NOT new.category
	OR old.unit IS NOT new.unit OR old.created_at IS NOT new.created_at
BEGIN
	UPDATE case_days SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND day = (old.created_at / 1000000 + 28800) / 86400
		AND status = old.status AND category = old.category AND unit = old.unit;
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
	VALUES (new.jurisdiction, (new.created_at / 1000000 + 28800) / 86400, new.status, new.category, new.unit, 1)
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_days_delete AFTER DELETE ON cases
BEGIN
	UPDATE case_days SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND day = (old.created_at / 1000000 + 28800) / 86400
		AND status = old.status AND category = old.category AND unit = old.unit;
END;

DROP TABLE home;
