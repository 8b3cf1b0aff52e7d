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

-- FTS5 writes out what it holds at every statement of a transaction, so
-- cases written one by one would each cost a write of the index. Triggers
-- only note which cases to index; the store indexes them many at a time
-- (Tx.indexSearch), and searches take the cases waiting here as candidates
-- meanwhile. changed: the case was indexed before and must be taken out
-- first.
CREATE TABLE case_search_queue (
	case_id INTEGER PRIMARY KEY,
	changed INTEGER NOT NULL
) STRICT;

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
	INSERT INTO case_search_queue (case_id, changed) VALUES (new.id, 0) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER cases_search_update AFTER UPDATE OF number, description, address ON cases
WHEN old.number IS NOT new.number OR old.description IS NOT new.description OR old.address IS NOT new.address
BEGIN
	INSERT INTO case_search_queue (case_id, changed) VALUES (new.id, 1) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER cases_search_delete AFTER DELETE ON cases
BEGIN
	INSERT INTO case_search_queue (case_id, changed) VALUES (old.id, 1)
	ON CONFLICT (case_id) DO UPDATE SET changed = 1;
END;

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
	cy  INTEGER NOT NULL,
	cx  INTEGER NOT NULL,
	n   INTEGER NOT NULL,
	lat REAL NOT NULL, -- sums
	lng REAL NOT NULL,
	PRIMARY KEY (cy, cx)
) STRICT, WITHOUT ROWID;

INSERT INTO case_cells (cy, cx, n, lat, lng)
SELECT CAST(lat * 1000 + 100000 AS INTEGER) - 100000, CAST(lng * 1000 + 1000000 AS INTEGER) - 1000000,
	COUNT(*), SUM(lat), SUM(lng)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2;

CREATE TRIGGER cases_cells_insert AFTER INSERT ON cases
WHEN new.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	INSERT INTO case_cells (cy, cx, n, lat, lng)
	VALUES (CAST(new.lat * 1000 + 100000 AS INTEGER) - 100000, CAST(new.lng * 1000 + 1000000 AS INTEGER) - 1000000,
		1, new.lat, new.lng)
	ON CONFLICT (cy, cx) DO UPDATE SET n = n + 1, lat = lat + excluded.lat, lng = lng + excluded.lng;
END;

CREATE TRIGGER cases_cells_update AFTER UPDATE OF status, lat, lng ON cases
WHEN (old.status IN ('new', 'dispatched', 'accepted', 'resolved')) IS NOT (new.status IN ('new', 'dispatched', 'accepted', 'resolved'))
	OR (new.status IN ('new', 'dispatched', 'accepted', 'resolved') AND (old.lat IS NOT new.lat OR old.lng IS NOT new.lng))
BEGIN
	UPDATE case_cells SET n = n - 1, lat = lat - old.lat, lng = lng - old.lng
	WHERE old.status IN ('new', 'dispatched', 'accepted', 'resolved')
		AND cy = CAST(old.lat * 1000 + 100000 AS INTEGER) - 100000 AND cx = CAST(old.lng * 1000 + 1000000 AS INTEGER) - 1000000;
	INSERT INTO case_cells (cy, cx, n, lat, lng)
	SELECT CAST(new.lat * 1000 + 100000 AS INTEGER) - 100000, CAST(new.lng * 1000 + 1000000 AS INTEGER) - 1000000,
		1, new.lat, new.lng
	WHERE new.status IN ('new', 'dispatched', 'accepted', 'resolved')
	ON CONFLICT (cy, cx) DO UPDATE SET n = n + 1, lat = lat + excluded.lat, lng = lng + excluded.lng;
END;

CREATE TRIGGER cases_cells_delete AFTER DELETE ON cases
WHEN old.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	UPDATE case_cells SET n = n - 1, lat = lat - old.lat, lng = lng - old.lng
	WHERE cy = CAST(old.lat * 1000 + 100000 AS INTEGER) - 100000 AND cx = CAST(old.lng * 1000 + 1000000 AS INTEGER) - 1000000;
END;
