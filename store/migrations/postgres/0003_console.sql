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

CREATE FUNCTION case_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE case_days SET n = n - 1
		WHERE day = case_day(OLD.created_at) AND status = OLD.status
			AND category = OLD.category AND unit = OLD.unit;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO case_days (day, status, category, unit, n)
		VALUES (case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1)
		ON CONFLICT (day, status, category, unit) DO UPDATE SET n = case_days.n + 1;
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
CREATE INDEX cases_open_category ON cases (category, lat, lng)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
