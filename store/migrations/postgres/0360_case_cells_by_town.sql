-- case_cells by town. A map of a whole town or district counts the open
-- cases from case_cells, but the cells summed every town's cases, so since
-- staff of a town see their own town alone every map of theirs counted
-- the open cases themselves. The town's code is now part of a cell's key,
-- and a map of one town sums that town's cells. A case's town never
-- changes. Keys are still taken in order (cy, cx, then the town: 0007).
DROP TRIGGER cases_cells ON cases;
DROP TRIGGER cases_cells_update ON cases;
DROP FUNCTION case_cells_count();
DROP FUNCTION case_cells_add(integer, integer, integer, double precision, double precision);
DROP TABLE case_cells;

CREATE TABLE case_cells (
	cy           integer NOT NULL,
	cx           integer NOT NULL,
	jurisdiction text NOT NULL,
	n            bigint NOT NULL,
	lat          double precision NOT NULL, -- sums
	lng          double precision NOT NULL,
	PRIMARY KEY (cy, cx, jurisdiction)
);

INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng)
SELECT floor(lat * 1000)::integer, floor(lng * 1000)::integer, jurisdiction, COUNT(*), SUM(lat), SUM(lng)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2, 3;

CREATE FUNCTION case_cells_add(y integer, x integer, j text, k integer, lat double precision, lng double precision)
RETURNS void LANGUAGE sql AS $$
	INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng) VALUES (y, x, j, k, lat, lng)
	ON CONFLICT (cy, cx, jurisdiction) DO UPDATE SET n = case_cells.n + EXCLUDED.n, lat = case_cells.lat + EXCLUDED.lat,
		lng = case_cells.lng + EXCLUDED.lng
$$;

CREATE FUNCTION case_cells_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was_open boolean := TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('new', 'dispatched', 'accepted', 'resolved');
	is_open boolean := TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('new', 'dispatched', 'accepted', 'resolved');
	old_first boolean;
BEGIN
	IF was_open AND is_open THEN
		old_first := (floor(OLD.lat * 1000), floor(OLD.lng * 1000)) < (floor(NEW.lat * 1000), floor(NEW.lng * 1000));
	END IF;
	IF was_open AND (old_first OR NOT is_open) THEN
		PERFORM case_cells_add(floor(OLD.lat * 1000)::integer, floor(OLD.lng * 1000)::integer, OLD.jurisdiction, -1, -OLD.lat, -OLD.lng);
	END IF;
	IF is_open THEN
		PERFORM case_cells_add(floor(NEW.lat * 1000)::integer, floor(NEW.lng * 1000)::integer, NEW.jurisdiction, 1, NEW.lat, NEW.lng);
	END IF;
	IF was_open AND is_open AND NOT old_first THEN
		PERFORM case_cells_add(floor(OLD.lat * 1000)::integer, floor(OLD.lng * 1000)::integer, OLD.jurisdiction, -1, -OLD.lat, -OLD.lng);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_cells AFTER DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION case_cells_count();
CREATE TRIGGER cases_cells_update AFTER UPDATE OF status, lat, lng ON cases
	FOR EACH ROW WHEN ((OLD.status IN ('new', 'dispatched', 'accepted', 'resolved')) IS DISTINCT FROM
		(NEW.status IN ('new', 'dispatched', 'accepted', 'resolved'))
		OR (NEW.status IN ('new', 'dispatched', 'accepted', 'resolved') AND (OLD.lat, OLD.lng) IS DISTINCT FROM (NEW.lat, NEW.lng)))
	EXECUTE FUNCTION case_cells_count();

-- New cases, a statement at a time (0290), now by town too.
CREATE OR REPLACE FUNCTION cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
	SELECT jurisdiction, case_day(created_at), status, category, unit, COUNT(*)
	FROM new_cases GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = case_days.n + EXCLUDED.n;

	INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng)
	SELECT floor(lat * 1000)::integer, floor(lng * 1000)::integer, jurisdiction, COUNT(*), SUM(lat), SUM(lng)
	FROM new_cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
	ON CONFLICT (cy, cx, jurisdiction) DO UPDATE SET n = case_cells.n + EXCLUDED.n, lat = case_cells.lat + EXCLUDED.lat,
		lng = case_cells.lng + EXCLUDED.lng;

	INSERT INTO open_due_days (jurisdiction, day, n)
	SELECT jurisdiction, COALESCE(case_day(due_at), 2147483647), COUNT(*)
	FROM new_cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2 ORDER BY 1, 2
	ON CONFLICT (jurisdiction, day) DO UPDATE SET n = open_due_days.n + EXCLUDED.n;
	RETURN NULL;
END $$;
