-- A county runs its towns (docs/county.md): every row that belongs to a
-- town names it in a jurisdiction column, filled here from what an
-- installation of one town knows. home is that town: the first of level
-- 'town', or '' on an empty database.

CREATE TEMP TABLE home ON COMMIT DROP AS
SELECT COALESCE((SELECT code FROM jurisdictions WHERE level = 'town' ORDER BY code LIMIT 1), '') AS code;

UPDATE units SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';
UPDATE villages SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';
UPDATE users SET jurisdiction = (SELECT code FROM home) WHERE jurisdiction = '';

ALTER TABLE grids ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE grids SET jurisdiction = COALESCE((SELECT v.jurisdiction FROM villages v WHERE v.code = grids.village),
	(SELECT code FROM home));
CREATE INDEX grids_jurisdiction ON grids (jurisdiction);

ALTER TABLE housekeepers ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE housekeepers SET jurisdiction = COALESCE((SELECT g.jurisdiction FROM grids g WHERE g.code = housekeepers.grid),
	(SELECT code FROM home));
CREATE INDEX housekeepers_jurisdiction ON housekeepers (jurisdiction, status);

ALTER TABLE tasks ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE tasks SET jurisdiction = (SELECT code FROM home);
CREATE INDEX tasks_jurisdiction ON tasks (jurisdiction, ends_at);

ALTER TABLE notices ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE notices SET jurisdiction = (SELECT code FROM home);

ALTER TABLE rewards ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
-- A reward of no town ('') is offered in every town, as today's are.

ALTER TABLE mobilisations ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
UPDATE mobilisations SET jurisdiction = (SELECT c.jurisdiction FROM cases c WHERE c.id = mobilisations.case_id);

-- The timeline and the ledger are append-only: their guards step aside
-- for the fill and come back.
ALTER TABLE events ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
ALTER TABLE events DISABLE TRIGGER events_no_update;
UPDATE events SET jurisdiction = (SELECT c.jurisdiction FROM cases c WHERE c.id = events.case_id);
ALTER TABLE events ENABLE TRIGGER events_no_update;

ALTER TABLE points_entries ADD COLUMN jurisdiction text NOT NULL DEFAULT '';
ALTER TABLE points_entries DISABLE TRIGGER points_entries_no_update;
UPDATE points_entries SET jurisdiction = COALESCE((SELECT u.jurisdiction FROM users u WHERE u.id = points_entries.user_id), '');
ALTER TABLE points_entries ENABLE TRIGGER points_entries_no_update;
CREATE INDEX points_entries_jurisdiction_day ON points_entries (jurisdiction, day);

-- A case a town hands up to the county stays the town's; referred says
-- the county's command center has it.
ALTER TABLE cases ADD COLUMN referred boolean NOT NULL DEFAULT false;

-- A town's own priority and time limits for a category of the county's
-- catalogue; what it leaves zero it inherits.
CREATE TABLE category_overrides (
	jurisdiction text NOT NULL,
	category     text NOT NULL,
	priority     integer NOT NULL DEFAULT 0,
	sign_n       integer NOT NULL DEFAULT 0,
	sign_unit    text NOT NULL DEFAULT '',
	resolve_n    integer NOT NULL DEFAULT 0,
	resolve_unit text NOT NULL DEFAULT '',
	PRIMARY KEY (jurisdiction, category)
);

-- A town's queue, lists and figures read its own cases.
CREATE INDEX cases_jurisdiction_status_due ON cases (jurisdiction, status, due_at);
CREATE INDEX cases_jurisdiction_created ON cases (jurisdiction, created_at);

-- case_days counts by town first, so that a town's dashboard reads its own
-- rows and the county's ranks its towns.
DROP TRIGGER cases_days ON cases;
DROP TRIGGER cases_days_update ON cases;
DROP FUNCTION case_days_count();
DROP FUNCTION case_days_add(integer, text, text, text, integer);
DROP TABLE case_days;
CREATE TABLE case_days (
	jurisdiction text NOT NULL,
	day          integer NOT NULL,
	status       text NOT NULL,
	category     text NOT NULL,
	unit         text NOT NULL,
	n            bigint NOT NULL,
	PRIMARY KEY (jurisdiction, day, status, category, unit)
);

INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
SELECT jurisdiction, case_day(created_at), status, category, unit, COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4, 5;

-- Rows are taken in the order of their keys, as in 0003.
CREATE FUNCTION case_days_add(j text, d integer, s text, c text, u text, k integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n) VALUES (j, d, s, c, u, k)
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = case_days.n + EXCLUDED.n
$$;

CREATE FUNCTION case_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
	ELSIF (OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit)
		< (NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit) THEN
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
	ELSE
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_days AFTER INSERT OR DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION case_days_count();
CREATE TRIGGER cases_days_update AFTER UPDATE OF jurisdiction, status, category, unit, created_at ON cases
	FOR EACH ROW WHEN (OLD.jurisdiction IS DISTINCT FROM NEW.jurisdiction OR OLD.status IS DISTINCT FROM NEW.status
		OR OLD.category IS DISTINCT FROM NEW.category OR OLD.unit IS DISTINCT FROM NEW.unit
		OR OLD.created_at IS DISTINCT FROM NEW.created_at)
	EXECUTE FUNCTION case_days_count();
