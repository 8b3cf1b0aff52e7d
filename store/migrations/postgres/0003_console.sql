-- What keeps the consoles instant with millions of cases on file
-- (PostgreSQL): a daily summary for dashboards, a text index for search,
-- and an index of open cases for maps and duplicate checks. Triggers keep
-- the first two in step with cases inside the same transaction as every
-- change.

-- case_days counts cases by the day they were reported (China Standard
-- Time, days since 1970-01-01) and where they stand now.
CREATE TABLE case_days (
	day      integer NOT NULL,
	status   text NOT NULL,
	category text NOT NULL,
	unit     text NOT NULL,
	n        bigint NOT NULL,
	PRIMARY KEY (day, status, category, unit)
);

CREATE FUNCTION case_day(t timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
	SELECT floor((extract(epoch FROM t) + 28800) / 86400)::integer
$$;

INSERT INTO case_days (day, status, category, unit, n)
SELECT case_day(created_at), status, category, unit, COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4;

-- Rows of case_days and case_cells are locked as they are counted. A change
-- that moves a case from one row to another takes the two in the order of
-- their keys, as every other change does, so that two transactions never
-- wait for each other in a circle.
CREATE FUNCTION case_days_add(d integer, s text, c text, u text, k integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO case_days (day, status, category, unit, n) VALUES (d, s, c, u, k)
	ON CONFLICT (day, status, category, unit) DO UPDATE SET n = case_days.n + EXCLUDED.n
$$;

CREATE FUNCTION case_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM case_days_add(case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM case_days_add(case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
	ELSIF (case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit) < (case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit) THEN
		PERFORM case_days_add(case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
		PERFORM case_days_add(case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
	ELSE
		PERFORM case_days_add(case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
		PERFORM case_days_add(case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_days AFTER INSERT OR DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION case_days_count();
CREATE TRIGGER cases_days_update AFTER UPDATE OF status, category, unit, created_at ON cases
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.category IS DISTINCT FROM NEW.category
		OR OLD.unit IS DISTINCT FROM NEW.unit OR OLD.created_at IS DISTINCT FROM NEW.created_at)
	EXECUTE FUNCTION case_days_count();

-- guanjia_terms returns the words a text is found by: in each run of
-- Chinese characters, ASCII letters and digits (lower-cased), every Chinese
-- character, every pair of neighbours of which one is Chinese, and every
-- three letters or digits in a row. store/search.go computes the same terms
-- for texts on SQLite and for queries on both; keep the two in step.
CREATE FUNCTION guanjia_terms(VARIADIC texts text[]) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	words text[] := '{}';
	t text;
	w text;
	c text;
	d text;
	n integer;
	run integer;
BEGIN
	FOREACH t IN ARRAY texts LOOP
		t := translate(coalesce(t, ''), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
		FOR w IN SELECT m[1] FROM regexp_matches(t,
			'([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-z0-9]+)', 'g') AS m LOOP
			n := char_length(w);
			run := 0;
			FOR i IN 1..n LOOP
				c := substr(w, i, 1);
				IF ascii(c) < 128 THEN
					run := run + 1;
					IF run >= 3 THEN
						words := words || substr(w, i - 2, 3);
					END IF;
				ELSE
					run := 0;
					words := words || c;
				END IF;
				IF i < n THEN
					d := substr(w, i + 1, 1);
					IF ascii(c) >= 128 OR ascii(d) >= 128 THEN
						words := words || (c || d);
					END IF;
				END IF;
			END LOOP;
		END LOOP;
	END LOOP;
	RETURN ARRAY(SELECT DISTINCT x FROM unnest(words) AS x);
END $$;

-- case_search holds each case's words; search checks every candidate with
-- ILIKE, so the index only narrows, never decides.
CREATE TABLE case_search (
	case_id bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
	terms   text[] NOT NULL
);
INSERT INTO case_search (case_id, terms)
SELECT id, guanjia_terms(number, description, address) FROM cases;
CREATE INDEX case_search_terms ON case_search USING gin (terms);

CREATE FUNCTION case_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_search (case_id, terms)
	VALUES (NEW.id, guanjia_terms(NEW.number, NEW.description, NEW.address))
	ON CONFLICT (case_id) DO UPDATE SET terms = EXCLUDED.terms;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_search AFTER INSERT ON cases
	FOR EACH ROW EXECUTE FUNCTION case_search_index();
CREATE TRIGGER cases_search_update AFTER UPDATE OF number, description, address ON cases
	FOR EACH ROW WHEN (OLD.number IS DISTINCT FROM NEW.number OR OLD.description IS DISTINCT FROM NEW.description
		OR OLD.address IS DISTINCT FROM NEW.address)
	EXECUTE FUNCTION case_search_index();

-- Open cases by place: the map's clusters and the check for duplicates
-- read this small index alone. Queries must name the statuses exactly so.
CREATE INDEX cases_open_place ON cases (lat, lng, category, status)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
CREATE INDEX cases_open_category ON cases (category, lat, lng, created_at)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');

-- A unit's cases whose deadline runs, by deadline: its work queue, read in
-- order without sorting (store.collectDue).
CREATE INDEX cases_unit_due ON cases (unit, due_at, id) WHERE due_at IS NOT NULL;

-- case_cells counts the open cases in each cell of 0.001 degrees (about
-- 110 by 95 metres here) with the sums of their positions, so that a map
-- of the whole town clusters a few thousand cells instead of every open
-- case. Cells are numbered floor(lat × 1000), floor(lng × 1000).
CREATE TABLE case_cells (
	cy  integer NOT NULL,
	cx  integer NOT NULL,
	n   bigint NOT NULL,
	lat double precision NOT NULL, -- sums
	lng double precision NOT NULL,
	PRIMARY KEY (cy, cx)
);

INSERT INTO case_cells (cy, cx, n, lat, lng)
SELECT floor(lat * 1000)::integer, floor(lng * 1000)::integer, COUNT(*), SUM(lat), SUM(lng)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2;

CREATE FUNCTION case_cells_add(y integer, x integer, k integer, lat double precision, lng double precision)
RETURNS void LANGUAGE sql AS $$
	INSERT INTO case_cells (cy, cx, n, lat, lng) VALUES (y, x, k, lat, lng)
	ON CONFLICT (cy, cx) DO UPDATE SET n = case_cells.n + EXCLUDED.n, lat = case_cells.lat + EXCLUDED.lat,
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
		PERFORM case_cells_add(floor(OLD.lat * 1000)::integer, floor(OLD.lng * 1000)::integer, -1, -OLD.lat, -OLD.lng);
	END IF;
	IF is_open THEN
		PERFORM case_cells_add(floor(NEW.lat * 1000)::integer, floor(NEW.lng * 1000)::integer, 1, NEW.lat, NEW.lng);
	END IF;
	IF was_open AND is_open AND NOT old_first THEN
		PERFORM case_cells_add(floor(OLD.lat * 1000)::integer, floor(OLD.lng * 1000)::integer, -1, -OLD.lat, -OLD.lng);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_cells AFTER INSERT OR DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION case_cells_count();
CREATE TRIGGER cases_cells_update AFTER UPDATE OF status, lat, lng ON cases
	FOR EACH ROW WHEN ((OLD.status IN ('new', 'dispatched', 'accepted', 'resolved')) IS DISTINCT FROM
		(NEW.status IN ('new', 'dispatched', 'accepted', 'resolved'))
		OR (NEW.status IN ('new', 'dispatched', 'accepted', 'resolved') AND (OLD.lat, OLD.lng) IS DISTINCT FROM (NEW.lat, NEW.lng)))
	EXECUTE FUNCTION case_cells_count();
