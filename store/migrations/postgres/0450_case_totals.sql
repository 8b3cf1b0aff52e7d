-- case_totals counts the cases by town, status, category and unit, whatever
-- day they were reported: the console's chips (a town's or a unit's cases by
-- status, store/case_summary.go summaryCount) read its few hundred rows
-- instead of case_days', which hold a row a day, status, category and unit
-- and pile up with the years. What keeps case_days keeps it, after
-- case_days' rows, each pair of rows in the order of their keys as for
-- case_days (0003), so that two writers cannot wait on each other.
CREATE TABLE case_totals (
	jurisdiction text NOT NULL,
	status       text NOT NULL,
	category     text NOT NULL,
	unit         text NOT NULL,
	n            bigint NOT NULL,
	PRIMARY KEY (jurisdiction, status, category, unit)
);

LOCK TABLE cases IN SHARE MODE;

INSERT INTO case_totals (jurisdiction, status, category, unit, n)
SELECT jurisdiction, status, category, unit, SUM(n) FROM case_days GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0;

CREATE FUNCTION case_totals_add(j text, s text, c text, u text, k integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO case_totals (jurisdiction, status, category, unit, n) VALUES (j, s, c, u, k)
	ON CONFLICT (jurisdiction, status, category, unit) DO UPDATE SET n = case_totals.n + EXCLUDED.n
$$;

CREATE OR REPLACE FUNCTION case_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
		PERFORM case_totals_add(NEW.jurisdiction, NEW.status, NEW.category, NEW.unit, 1);
		RETURN NULL;
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
		PERFORM case_totals_add(OLD.jurisdiction, OLD.status, OLD.category, OLD.unit, -1);
		RETURN NULL;
	END IF;
	IF (OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit)
		< (NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit) THEN
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
	ELSE
		PERFORM case_days_add(NEW.jurisdiction, case_day(NEW.created_at), NEW.status, NEW.category, NEW.unit, 1);
		PERFORM case_days_add(OLD.jurisdiction, case_day(OLD.created_at), OLD.status, OLD.category, OLD.unit, -1);
	END IF;
	IF (OLD.jurisdiction, OLD.status, OLD.category, OLD.unit) = (NEW.jurisdiction, NEW.status, NEW.category, NEW.unit) THEN
		RETURN NULL; -- only the day moved
	ELSIF (OLD.jurisdiction, OLD.status, OLD.category, OLD.unit) < (NEW.jurisdiction, NEW.status, NEW.category, NEW.unit) THEN
		PERFORM case_totals_add(OLD.jurisdiction, OLD.status, OLD.category, OLD.unit, -1);
		PERFORM case_totals_add(NEW.jurisdiction, NEW.status, NEW.category, NEW.unit, 1);
	ELSE
		PERFORM case_totals_add(NEW.jurisdiction, NEW.status, NEW.category, NEW.unit, 1);
		PERFORM case_totals_add(OLD.jurisdiction, OLD.status, OLD.category, OLD.unit, -1);
	END IF;
	RETURN NULL;
END $$;

-- New cases, a statement at a time (0290, 0360), into case_totals too.
CREATE OR REPLACE FUNCTION cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
	SELECT jurisdiction, case_day(created_at), status, category, unit, COUNT(*)
	FROM new_cases GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = case_days.n + EXCLUDED.n;

	INSERT INTO case_totals (jurisdiction, status, category, unit, n)
	SELECT jurisdiction, status, category, unit, COUNT(*)
	FROM new_cases GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
	ON CONFLICT (jurisdiction, status, category, unit) DO UPDATE SET n = case_totals.n + EXCLUDED.n;

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
