-- The gazetteer (place.go): villages, communities and grids, filled from
-- the geography, and the landmarks and addresses a town imports. pinyin
-- and initials hold every reading of name_zh, space-separated, for search.
CREATE TABLE places (
	id       INTEGER PRIMARY KEY,
	town     TEXT NOT NULL,
	kind     TEXT NOT NULL,
	place_key TEXT NOT NULL,
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL DEFAULT '',
	lat      REAL NOT NULL,
	lng      REAL NOT NULL,
	pinyin   TEXT NOT NULL DEFAULT '',
	initials TEXT NOT NULL DEFAULT '',
	UNIQUE (town, kind, place_key)
) STRICT;
-- The landmarks near a point (a case's place text).
CREATE INDEX places_point ON places (town, lat, lng);

-- A case's place in words when its reporter gave no address: a message
-- key with its arguments (guanjia.PlaceText as JSON), '' for none.
ALTER TABLE cases ADD COLUMN place TEXT NOT NULL DEFAULT '';
