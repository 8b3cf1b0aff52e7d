-- case_totals counts the cases by town, status, category and unit, whatever
-- day they were reported: the console's chips (a town's or a unit's cases by
-- status, store/case_summary.go summaryCount) read its few hundred rows
-- instead of case_days', which hold a row a day, status, category and unit
-- (60,073 for a year of a town of a million cases, 32 ms a count) and pile up
-- with the years. The triggers that keep case_days keep it, in the same
-- statements.
CREATE TABLE case_totals (
	jurisdiction TEXT NOT NULL,
	status       TEXT NOT NULL,
	category     TEXT NOT NULL,
	unit         TEXT NOT NULL,
	n            INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, status, category, unit)
) STRICT, WITHOUT ROWID;

INSERT INTO case_totals (jurisdiction, status, category, unit, n)
SELECT jurisdiction, status, category, unit, SUM(n) FROM case_days GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0;

DROP TRIGGER cases_days_insert;
DROP TRIGGER cases_days_update;
DROP TRIGGER cases_days_delete;

CREATE TRIGGER cases_days_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO case_days (jurisdiction, day, status, category, unit, n)
	VALUES (new.jurisdiction, (new.created_at / 1000000 + 28800) / 86400, new.status, new.category, new.unit, 1)
	ON CONFLICT (jurisdiction, day, status, category, unit) DO UPDATE SET n = n + 1;
	INSERT INTO case_totals (jurisdiction, status, category, unit, n)
	VALUES (new.jurisdiction, new.status, new.category, new.unit, 1)
	ON CONFLICT (jurisdiction, status, category, unit) DO UPDATE SET n = n + 1;
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
	UPDATE case_totals SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND status = old.status AND category = old.category AND unit = old.unit;
	INSERT INTO case_totals (jurisdiction, status, category, unit, n)
	VALUES (new.jurisdiction, new.status, new.category, new.unit, 1)
	ON CONFLICT (jurisdiction, status, category, unit) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_days_delete AFTER DELETE ON cases
BEGIN
	UPDATE case_days SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND day = (old.created_at / 1000000 + 28800) / 86400
		AND status = old.status AND category = old.category AND unit = old.unit;
	UPDATE case_totals SET n = n - 1
	WHERE jurisdiction = old.jurisdiction AND status = old.status AND category = old.category AND unit = old.unit;
END;
