-- open_due_days counts a town's open cases (new, dispatched, accepted,
-- resolved) by the town day (UTC+8) their running deadline falls on, and
-- those without one on day 2147483647, which never comes. A town's open
-- cases are then the sum of its rows, and its overdue cases now the sum of
-- the rows before today and the few cases due earlier today, sought in
-- cases_jurisdiction_status_due (store/case_summary.go TownFigures): the
-- dashboard reads a few hundred rows however many cases stay open. A row
-- whose count falls to 0 is deleted, so that the days of the past do not
-- pile up.
CREATE TABLE open_due_days (
	jurisdiction text NOT NULL,
	day          integer NOT NULL,
	n            bigint NOT NULL,
	PRIMARY KEY (jurisdiction, day)
);

INSERT INTO open_due_days (jurisdiction, day, n)
SELECT jurisdiction, COALESCE(case_day(due_at), 2147483647), COUNT(*)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2;

CREATE FUNCTION open_due_days_add(j text, d integer, k integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO open_due_days (jurisdiction, day, n) VALUES (j, COALESCE(d, 2147483647), k)
	ON CONFLICT (jurisdiction, day) DO UPDATE SET n = open_due_days.n + EXCLUDED.n;
	DELETE FROM open_due_days WHERE k < 0 AND jurisdiction = j AND day = COALESCE(d, 2147483647) AND n = 0;
$$;

-- A change takes its two rows in the order of their keys, as case_days
-- does (0007), so that two changes cannot wait on each other.
CREATE FUNCTION open_due_days_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	was_open boolean := TG_OP <> 'INSERT' AND OLD.status IN ('new', 'dispatched', 'accepted', 'resolved');
	now_open boolean := TG_OP <> 'DELETE' AND NEW.status IN ('new', 'dispatched', 'accepted', 'resolved');
BEGIN
	IF was_open AND now_open AND (OLD.jurisdiction, COALESCE(case_day(OLD.due_at), 2147483647))
		> (NEW.jurisdiction, COALESCE(case_day(NEW.due_at), 2147483647)) THEN
		PERFORM open_due_days_add(NEW.jurisdiction, case_day(NEW.due_at), 1);
		PERFORM open_due_days_add(OLD.jurisdiction, case_day(OLD.due_at), -1);
		RETURN NULL;
	END IF;
	IF was_open THEN
		PERFORM open_due_days_add(OLD.jurisdiction, case_day(OLD.due_at), -1);
	END IF;
	IF now_open THEN
		PERFORM open_due_days_add(NEW.jurisdiction, case_day(NEW.due_at), 1);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cases_open AFTER INSERT OR DELETE ON cases
	FOR EACH ROW EXECUTE FUNCTION open_due_days_count();
CREATE TRIGGER cases_open_update AFTER UPDATE OF jurisdiction, status, due_at ON cases
	FOR EACH ROW WHEN (OLD.jurisdiction IS DISTINCT FROM NEW.jurisdiction OR OLD.status IS DISTINCT FROM NEW.status
		OR OLD.due_at IS DISTINCT FROM NEW.due_at)
	EXECUTE FUNCTION open_due_days_count();
