-- B&B registry completion and self-regulation (issue 17): the Zhejiang
-- provincial grade, nightly occupancy with its replaced reports, each
-- village's (or the town's) load threshold and the alerts it raised, the
-- licence reminders sent, and complaints (cases) linked to B&Bs.
ALTER TABLE bnbs ADD COLUMN zj_grade TEXT NOT NULL DEFAULT '';

-- One report per B&B and night (the night's date, YYYY-MM-DD in the town's zone).
CREATE TABLE bnb_nights (
	bnb_id       INTEGER NOT NULL REFERENCES bnbs (id),
	night        TEXT NOT NULL,
	jurisdiction TEXT NOT NULL,
	village      TEXT NOT NULL DEFAULT '',
	rooms        INTEGER NOT NULL,
	guests       INTEGER NOT NULL,
	beds         INTEGER NOT NULL, -- the B&B's beds that night
	reported_by  INTEGER NOT NULL DEFAULT 0,
	source       TEXT NOT NULL DEFAULT 'owner',
	reported_at  INTEGER NOT NULL,
	PRIMARY KEY (bnb_id, night)
) STRICT;
CREATE INDEX bnb_nights_town ON bnb_nights (jurisdiction, night, village);

-- What a later report of the same night replaced: the audit of replacements.
CREATE TABLE bnb_night_history (
	id          INTEGER PRIMARY KEY,
	bnb_id      INTEGER NOT NULL,
	night       TEXT NOT NULL,
	rooms       INTEGER NOT NULL,
	guests      INTEGER NOT NULL,
	reported_by INTEGER NOT NULL,
	source      TEXT NOT NULL,
	reported_at INTEGER NOT NULL,
	replaced_by INTEGER NOT NULL,
	replaced_at INTEGER NOT NULL
) STRICT;
CREATE INDEX bnb_night_history_bnb ON bnb_night_history (bnb_id, night);

-- Load thresholds in percent; village '' is the town's default.
CREATE TABLE bnb_load_settings (
	jurisdiction TEXT NOT NULL,
	village      TEXT NOT NULL DEFAULT '',
	threshold    INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, village)
) STRICT;

-- A load alert per village and night, raised once.
CREATE TABLE bnb_load_alerts (
	jurisdiction TEXT NOT NULL,
	village      TEXT NOT NULL,
	night        TEXT NOT NULL,
	guests       INTEGER NOT NULL,
	beds         INTEGER NOT NULL,
	threshold    INTEGER NOT NULL,
	raised_at    INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, village, night)
) STRICT;

-- A licence reminder per B&B, licence, expiry and window (60, 30, 7), sent once.
CREATE TABLE bnb_licence_reminders (
	bnb_id   INTEGER NOT NULL,
	kind     TEXT NOT NULL,
	expires  TEXT NOT NULL,
	days_ahead INTEGER NOT NULL,
	sent_at  INTEGER NOT NULL,
	PRIMARY KEY (bnb_id, kind, expires, days_ahead)
) STRICT;

-- Complaints linked to a B&B: a case belongs to at most one B&B.
CREATE TABLE case_bnbs (
	case_id      INTEGER PRIMARY KEY REFERENCES cases (id),
	bnb_id       INTEGER NOT NULL REFERENCES bnbs (id),
	how          TEXT NOT NULL, -- chosen, place, staff
	linked_by    INTEGER NOT NULL DEFAULT 0,
	linked_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX case_bnbs_bnb ON case_bnbs (bnb_id, case_id);
