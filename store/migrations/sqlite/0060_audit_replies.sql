-- audit_log records every administrative change: who (the account, its name
-- and role at the time), when, from which address, what object, and the
-- object before and after as JSON (NULL before a creation, after a
-- removal). It is append-only: the triggers refuse any update or delete.
-- jurisdiction is the town the object belongs to ('' for what applies
-- county-wide), so that a town's administrators read their town's part.
CREATE TABLE audit_log (
	id           INTEGER PRIMARY KEY,
	at           INTEGER NOT NULL,
	actor_id     INTEGER NOT NULL DEFAULT 0,
	actor_name   TEXT NOT NULL DEFAULT '',
	actor_role   TEXT NOT NULL DEFAULT '',
	addr         TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL DEFAULT '',
	action       TEXT NOT NULL,
	object       TEXT NOT NULL,
	object_id    TEXT NOT NULL DEFAULT '',
	before       TEXT,
	after        TEXT
) STRICT;
CREATE INDEX audit_log_object ON audit_log (object, object_id, id);
CREATE INDEX audit_log_town ON audit_log (jurisdiction, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- replies are the standard replies and resolution templates of a category:
-- the current version's text here, every version in reply_versions.
-- jurisdiction '' is the county's (every town's), else one town's.
CREATE TABLE replies (
	id           INTEGER PRIMARY KEY,
	category     TEXT NOT NULL,
	kind         TEXT NOT NULL,
	jurisdiction TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL,
	body         TEXT NOT NULL,
	version      INTEGER NOT NULL,
	active       INTEGER NOT NULL DEFAULT 1,
	updated_by   INTEGER NOT NULL DEFAULT 0,
	updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX replies_category ON replies (category, kind);

CREATE TABLE reply_versions (
	reply_id   INTEGER NOT NULL REFERENCES replies (id),
	version    INTEGER NOT NULL,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	active     INTEGER NOT NULL DEFAULT 1,
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (reply_id, version)
) STRICT;
