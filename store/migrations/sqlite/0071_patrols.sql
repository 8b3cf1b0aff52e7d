-- Grid patrols (guanjia.Patrol): a walk of a grid with its check-ins at
-- the grid's check-in points and what was found, each finding perhaps a case.
CREATE TABLE patrols (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	grid         TEXT NOT NULL,
	village      TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL,
	started_at   INTEGER NOT NULL,
	ended_at     INTEGER,
	note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX patrols_grid ON patrols (grid, started_at);
CREATE INDEX patrols_village ON patrols (village, started_at);
CREATE INDEX patrols_user ON patrols (user_id, status);

CREATE TABLE patrol_checkins (
	id        INTEGER PRIMARY KEY,
	patrol_id INTEGER NOT NULL REFERENCES patrols (id),
	at        INTEGER NOT NULL,
	lat       REAL NOT NULL,
	lng       REAL NOT NULL,
	point     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX patrol_checkins_patrol ON patrol_checkins (patrol_id, id);

CREATE TABLE patrol_findings (
	id        INTEGER PRIMARY KEY,
	patrol_id INTEGER NOT NULL REFERENCES patrols (id),
	at        INTEGER NOT NULL,
	lat       REAL NOT NULL,
	lng       REAL NOT NULL,
	category  TEXT NOT NULL DEFAULT '',
	note      TEXT NOT NULL DEFAULT '',
	photos    TEXT, -- JSON array
	case_id   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX patrol_findings_patrol ON patrol_findings (patrol_id, id);
