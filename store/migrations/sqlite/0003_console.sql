-- What keeps the consoles instant with millions of cases on file: a daily
-- summary for dashboards, a text index for search, and an index of open
-- cases for maps and duplicate checks. Triggers keep the first two in step
-- with cases inside the same transaction as every change.

-- case_days counts cases by the day they were reported (China Standard
-- Time, days since 1970-01-01) and where they stand now, so that a
-- dashboard reads some thousand rows instead of scanning cases.
CREATE TABLE case_days (
	day      INTEGER NOT NULL,
	status   TEXT NOT NULL,
	category TEXT NOT NULL,
	unit     TEXT NOT NULL,
	n        INTEGER NOT NULL,
	PRIMARY KEY (day, status, category, unit)
) STRICT, WITHOUT ROWID;

INSERT INTO case_days (day, status, category, unit, n)
SELECT (created_at / 1000000 + 28800) / 86400, status, category, unit, COUNT(*)
FROM cases GROUP BY 1, 2, 3, 4;

CREATE TRIGGER cases_days_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO case_days (day, status, category, unit, n)
	VALUES ((new.created_at / 1000000 + 28800) / 86400, new.status, new.category, new.unit, 1)
	ON CONFLICT (day, status, category, unit) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_days_update AFTER UPDATE OF status, category, unit, created_at ON cases
WHEN old.status IS NOT new.status OR old.category IS NOT new.category OR old.unit IS NOT new.unit
	OR old.created_at IS NOT new.created_at
BEGIN
	UPDATE case_days SET n = n - 1
	WHERE day = (old.created_at / 1000000 + 28800) / 86400 AND status = old.status
		AND category = old.category AND unit = old.unit;
	INSERT INTO case_days (day, status, category, unit, n)
	VALUES ((new.created_at / 1000000 + 28800) / 86400, new.status, new.category, new.unit, 1)
	ON CONFLICT (day, status, category, unit) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER cases_days_delete AFTER DELETE ON cases
BEGIN
	UPDATE case_days SET n = n - 1
	WHERE day = (old.created_at / 1000000 + 28800) / 86400 AND status = old.status
		AND category = old.category AND unit = old.unit;
END;

-- case_search indexes the terms a case is found by: in each run of Chinese
-- characters, letters and digits of its number, description and address,
-- every Chinese character, every pair of neighbours of which one is
-- Chinese, and every three letters or digits in a row. guanjia_terms is a
-- function the store registers with SQLite (store/search.go), so only
-- Guanjia itself can write cases from here on. Search checks every
-- candidate with LIKE, so the index only narrows, never decides.
CREATE VIRTUAL TABLE case_search USING fts5(
	terms, content = '', contentless_delete = 1, detail = none,
	tokenize = 'unicode61 remove_diacritics 0'
);

INSERT INTO case_search (rowid, terms)
SELECT id, guanjia_terms(number, description, address) FROM cases;

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO case_search (rowid, terms) VALUES (new.id, guanjia_terms(new.number, new.description, new.address));
END;

CREATE TRIGGER cases_search_update AFTER UPDATE OF number, description, address ON cases
WHEN old.number IS NOT new.number OR old.description IS NOT new.description OR old.address IS NOT new.address
BEGIN
	DELETE FROM case_search WHERE rowid = old.id;
	INSERT INTO case_search (rowid, terms) VALUES (new.id, guanjia_terms(new.number, new.description, new.address));
END;

CREATE TRIGGER cases_search_delete AFTER DELETE ON cases
BEGIN
	DELETE FROM case_search WHERE rowid = old.id;
END;

-- Open cases by place: the map's clusters and the check for duplicates
-- read this small index alone. Queries must name the statuses exactly so.
CREATE INDEX cases_open_place ON cases (lat, lng, category, status)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
CREATE INDEX cases_open_category ON cases (category, lat, lng)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
