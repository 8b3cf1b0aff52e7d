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
	jurisdiction TEXT NOT NULL,
	day          INTEGER NOT NULL,
	n            INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, day)
) STRICT, WITHOUT ROWID;

INSERT INTO open_due_days (jurisdiction, day, n)
SELECT jurisdiction, COALESCE((due_at / 1000000 + 28800) / 86400, 2147483647), COUNT(*)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2;

CREATE TRIGGER cases_open_insert AFTER INSERT ON cases
WHEN new.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	INSERT INTO open_due_days (jurisdiction, day, n)
	VALUES (new.jurisdiction, COALESCE((new.due_at / 1000000 + 28800) / 86400, 2147483647), 1)
	ON CONFLICT (jurisdiction, day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_open_update AFTER UPDATE OF jurisdiction, status, due_at ON cases
WHEN (old.status IN ('new', 'dispatched', 'accepted', 'resolved') OR new.status IN ('new', 'dispatched', 'accepted', 'resolved'))
	AND (old.jurisdiction IS NOT new.jurisdiction OR old.status IS NOT new.status OR old.due_at IS NOT new.due_at)
BEGIN
	UPDATE open_due_days SET n = n - 1
	WHERE old.status IN ('new', 'dispatched', 'accepted', 'resolved') AND jurisdiction = old.jurisdiction
		AND day = COALESCE((old.due_at / 1000000 + 28800) / 86400, 2147483647);
	INSERT INTO open_due_days (jurisdiction, day, n)
	SELECT new.jurisdiction, COALESCE((new.due_at / 1000000 + 28800) / 86400, 2147483647), 1
	WHERE new.status IN ('new', 'dispatched', 'accepted', 'resolved')
	ON CONFLICT (jurisdiction, day) DO UPDATE SET n = n + 1;
	DELETE FROM open_due_days WHERE jurisdiction = old.jurisdiction
		AND day = COALESCE((old.due_at / 1000000 + 28800) / 86400, 2147483647) AND n = 0;
END;

CREATE TRIGGER cases_open_delete AFTER DELETE ON cases
WHEN old.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	UPDATE open_due_days SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND day = COALESCE((old.due_at / 1000000 + 28800) / 86400, 2147483647);
	DELETE FROM open_due_days WHERE jurisdiction = old.jurisdiction
		AND day = COALESCE((old.due_at / 1000000 + 28800) / 86400, 2147483647) AND n = 0;
END;
