-- case_cells by town. A map of a whole town or district counts the open
-- cases from case_cells, but the cells summed every town's cases, so since
-- staff of a town see their own town alone every map of theirs counted the
-- open cases themselves (the bench's map step at a million cases: 240 a
-- second, its floor 1,100). The town's code is now part of a cell's key,
-- and a map of one town sums that town's cells. A case's town never
-- changes.
DROP TRIGGER cases_cells_insert;
DROP TRIGGER cases_cells_update;
DROP TRIGGER cases_cells_delete;
DROP TABLE case_cells;

CREATE TABLE case_cells (
	cy           INTEGER NOT NULL,
	cx           INTEGER NOT NULL,
	jurisdiction TEXT NOT NULL,
	n            INTEGER NOT NULL,
	lat          REAL NOT NULL, -- sums
	lng          REAL NOT NULL,
	PRIMARY KEY (cy, cx, jurisdiction)
) STRICT, WITHOUT ROWID;

INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng)
SELECT CAST(lat * 1000 + 100000 AS INTEGER) - 100000, CAST(lng * 1000 + 1000000 AS INTEGER) - 1000000, jurisdiction,
	COUNT(*), SUM(lat), SUM(lng)
FROM cases WHERE status IN ('new', 'dispatched', 'accepted', 'resolved') GROUP BY 1, 2, 3;

CREATE TRIGGER cases_cells_insert AFTER INSERT ON cases
WHEN new.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng)
	VALUES (CAST(new.lat * 1000 + 100000 AS INTEGER) - 100000, CAST(new.lng * 1000 + 1000000 AS INTEGER) - 1000000,
		new.jurisdiction, 1, new.lat, new.lng)
	ON CONFLICT (cy, cx, jurisdiction) DO UPDATE SET n = n + 1, lat = lat + excluded.lat, lng = lng + excluded.lng;
END;

CREATE TRIGGER cases_cells_update AFTER UPDATE OF status, lat, lng ON cases
WHEN (old.status IN ('new', 'dispatched', 'accepted', 'resolved')) IS NOT (new.status IN ('new', 'dispatched', 'accepted', 'resolved'))
	OR (new.status IN ('new', 'dispatched', 'accepted', 'resolved') AND (old.lat IS NOT new.lat OR old.lng IS NOT new.lng))
BEGIN
	UPDATE case_cells SET n = n - 1, lat = lat - old.lat, lng = lng - old.lng
	WHERE old.status IN ('new', 'dispatched', 'accepted', 'resolved')
		AND cy = CAST(old.lat * 1000 + 100000 AS INTEGER) - 100000 AND cx = CAST(old.lng * 1000 + 1000000 AS INTEGER) - 1000000
		AND jurisdiction = old.jurisdiction;
	INSERT INTO case_cells (cy, cx, jurisdiction, n, lat, lng)
	SELECT CAST(new.lat * 1000 + 100000 AS INTEGER) - 100000, CAST(new.lng * 1000 + 1000000 AS INTEGER) - 1000000,
		new.jurisdiction, 1, new.lat, new.lng
	WHERE new.status IN ('new', 'dispatched', 'accepted', 'resolved')
	ON CONFLICT (cy, cx, jurisdiction) DO UPDATE SET n = n + 1, lat = lat + excluded.lat, lng = lng + excluded.lng;
END;

CREATE TRIGGER cases_cells_delete AFTER DELETE ON cases
WHEN old.status IN ('new', 'dispatched', 'accepted', 'resolved')
BEGIN
	UPDATE case_cells SET n = n - 1, lat = lat - old.lat, lng = lng - old.lng
	WHERE cy = CAST(old.lat * 1000 + 100000 AS INTEGER) - 100000 AND cx = CAST(old.lng * 1000 + 1000000 AS INTEGER) - 1000000
		AND jurisdiction = old.jurisdiction;
END;
