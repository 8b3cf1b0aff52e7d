-- B&Bs (guanjia.BnB): the registry of a town's family B&Bs, keyed with the
-- town; licences are a JSON array of {kind, number, expires}.
CREATE TABLE bnbs (
	id              INTEGER PRIMARY KEY,
	jurisdiction    TEXT NOT NULL,
	village         TEXT NOT NULL DEFAULT '',
	grid            TEXT NOT NULL DEFAULT '',
	name            TEXT NOT NULL,
	owner_id        INTEGER NOT NULL REFERENCES users (id),
	address         TEXT NOT NULL DEFAULT '',
	lat             REAL NOT NULL,
	lng             REAL NOT NULL,
	rooms           INTEGER NOT NULL,
	beds            INTEGER NOT NULL,
	floors          INTEGER NOT NULL,
	floor_area      REAL NOT NULL,
	grade           TEXT NOT NULL DEFAULT '',
	member          INTEGER NOT NULL DEFAULT 0,
	status          TEXT NOT NULL,
	licences        TEXT, -- JSON array
	last_inspect_at INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX bnbs_town ON bnbs (jurisdiction, village, id);
CREATE INDEX bnbs_owner ON bnbs (owner_id, id);
