-- Events in conference mode (guanjia.Conference): an area, a period with
-- build-up and teardown, and the rules for the cases in them. Grids,
-- villages, urgent categories and the roster are JSON arrays; the area a
-- GeoJSON geometry or NULL.
CREATE TABLE conferences (
	id             INTEGER PRIMARY KEY,
	jurisdiction   TEXT NOT NULL,
	name           TEXT NOT NULL,
	area           TEXT,
	grids          TEXT,
	villages       TEXT,
	setup_from     INTEGER NOT NULL,
	starts_at      INTEGER NOT NULL,
	ends_at        INTEGER NOT NULL,
	teardown_until INTEGER NOT NULL,
	sign_limit     TEXT NOT NULL DEFAULT '',
	resolve_limit  TEXT NOT NULL DEFAULT '',
	urgent         TEXT,
	post_unit      TEXT NOT NULL DEFAULT '',
	roster         TEXT,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX conferences_town ON conferences (jurisdiction, teardown_until);

-- The cases reported in an event's area and window, written with the case.
CREATE TABLE case_conferences (
	case_id       INTEGER PRIMARY KEY REFERENCES cases (id),
	conference_id INTEGER NOT NULL REFERENCES conferences (id),
	jurisdiction  TEXT NOT NULL
) STRICT;
CREATE INDEX case_conferences_conference ON case_conferences (conference_id, case_id);
