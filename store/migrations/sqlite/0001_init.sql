-- Guanjia's schema on SQLite.
--
-- Times are INTEGER microseconds since the Unix epoch, UTC. They sort and
-- compare as numbers, index compactly, round-trip exactly at the precision
-- the store keeps (microseconds, as on PostgreSQL), and cannot be confused
-- with local times the way text without an offset can. Booleans are INTEGER
-- 0/1; JSON is TEXT. Tables are STRICT so that a wrongly typed value fails
-- loudly instead of being stored as something else.

CREATE TABLE jurisdictions (
	code    TEXT PRIMARY KEY,
	name    TEXT NOT NULL DEFAULT '',
	name_en TEXT NOT NULL DEFAULT '',
	prefix  TEXT NOT NULL DEFAULT '',
	parent  TEXT NOT NULL DEFAULT '',
	level   TEXT NOT NULL DEFAULT '',
	lat     REAL NOT NULL DEFAULT 0,
	lng     REAL NOT NULL DEFAULT 0
) STRICT;
-- Case numbers start with the prefix, so a unique prefix makes numbers unique everywhere.
CREATE UNIQUE INDEX jurisdictions_prefix ON jurisdictions (prefix) WHERE prefix <> '';

CREATE TABLE units (
	code         TEXT PRIMARY KEY,
	name_zh      TEXT NOT NULL DEFAULT '',
	name_en      TEXT NOT NULL DEFAULT '',
	kind         TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL DEFAULT '',
	village      TEXT NOT NULL DEFAULT '',
	phone        TEXT NOT NULL DEFAULT '',
	active       INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE villages (
	code         TEXT PRIMARY KEY,
	name         TEXT NOT NULL DEFAULT '',
	name_en      TEXT NOT NULL DEFAULT '',
	kind         TEXT NOT NULL DEFAULT '',
	jurisdiction TEXT NOT NULL DEFAULT '',
	households   INTEGER NOT NULL DEFAULT 0,
	lat          REAL NOT NULL DEFAULT 0,
	lng          REAL NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE grids (
	code       TEXT PRIMARY KEY,
	name       TEXT NOT NULL DEFAULT '',
	village    TEXT NOT NULL DEFAULT '',
	households INTEGER NOT NULL DEFAULT 0,
	geometry   TEXT NOT NULL DEFAULT '', -- GeoJSON geometry, as given
	synthetic  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX grids_village ON grids (village);

CREATE TABLE categories (
	code           TEXT PRIMARY KEY,
	name_zh        TEXT NOT NULL DEFAULT '',
	name_en        TEXT NOT NULL DEFAULT '',
	category_group TEXT NOT NULL DEFAULT '',
	description_zh TEXT NOT NULL DEFAULT '',
	description_en TEXT NOT NULL DEFAULT '',
	keywords       TEXT,          -- JSON array
	icon           TEXT NOT NULL DEFAULT '',
	priority       INTEGER NOT NULL DEFAULT 0,
	sign_n         INTEGER NOT NULL DEFAULT 0,
	sign_unit      TEXT NOT NULL DEFAULT '',
	resolve_n      INTEGER NOT NULL DEFAULT 0,
	resolve_unit   TEXT NOT NULL DEFAULT '',
	auto_dispatch  INTEGER NOT NULL DEFAULT 0,
	attributes     TEXT,          -- JSON array of attribute definitions
	active         INTEGER NOT NULL DEFAULT 1,
	sort           INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE rules (
	id       INTEGER PRIMARY KEY,
	category TEXT NOT NULL,
	area     TEXT NOT NULL DEFAULT '',
	unit     TEXT NOT NULL,
	UNIQUE (category, area)
) STRICT;

CREATE TABLE calendar_days (
	date TEXT PRIMARY KEY, -- 2026-10-01
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL,
	name          TEXT NOT NULL DEFAULT '',
	phone         TEXT NOT NULL DEFAULT '',
	email         TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	unit          TEXT NOT NULL DEFAULT '',
	grid          TEXT NOT NULL DEFAULT '',
	jurisdiction  TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_role ON users (role);
CREATE INDEX users_unit ON users (unit) WHERE unit <> '';
CREATE INDEX users_grid ON users (grid) WHERE grid <> '';

CREATE TABLE tokens (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE,
	user_id      INTEGER REFERENCES users (id) ON DELETE CASCADE, -- NULL for open311 client keys
	name         TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL,
	expires_at   INTEGER,
	revoked_at   INTEGER,
	last_used_at INTEGER
) STRICT;
CREATE INDEX tokens_kind ON tokens (kind, id);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE cases (
	id                INTEGER PRIMARY KEY,
	number            TEXT NOT NULL,
	jurisdiction      TEXT NOT NULL REFERENCES jurisdictions (code),
	status            TEXT NOT NULL,
	category          TEXT NOT NULL,
	priority          INTEGER NOT NULL DEFAULT 0,
	lat               REAL NOT NULL,
	lng               REAL NOT NULL,
	address           TEXT NOT NULL DEFAULT '',
	description       TEXT NOT NULL DEFAULT '',
	attributes        TEXT,     -- JSON object
	grid              TEXT NOT NULL DEFAULT '',
	village           TEXT NOT NULL DEFAULT '',
	unit              TEXT NOT NULL DEFAULT '',
	channel           TEXT NOT NULL DEFAULT '',
	photos            TEXT,     -- JSON array
	client_id         TEXT NOT NULL DEFAULT '',
	reporter_id       INTEGER NOT NULL DEFAULT 0,
	reporter_name     TEXT NOT NULL DEFAULT '',
	reporter_phone    TEXT NOT NULL DEFAULT '',
	reporter_email    TEXT NOT NULL DEFAULT '',
	tracking_hash     TEXT NOT NULL DEFAULT '',
	returns           INTEGER NOT NULL DEFAULT 0,
	disputed          INTEGER NOT NULL DEFAULT 0,
	final_dispatch    INTEGER NOT NULL DEFAULT 0,
	escalation_level  INTEGER NOT NULL DEFAULT 0,
	merged_into       INTEGER NOT NULL DEFAULT 0,
	satisfaction      INTEGER NOT NULL DEFAULT 0,
	reopened          INTEGER NOT NULL DEFAULT 0,
	supervised        INTEGER NOT NULL DEFAULT 0,
	followers         INTEGER NOT NULL DEFAULT 0,
	pending_extension TEXT,     -- JSON object
	sign_due_at       INTEGER,
	resolve_due_at    INTEGER,
	dispatched_at     INTEGER,
	accepted_at       INTEGER,
	resolved_at       INTEGER,
	closed_at         INTEGER,
	resolution        TEXT NOT NULL DEFAULT '',
	due_at            INTEGER,  -- the running deadline, Case.DueAt(), kept on every write
	version           INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cases_number ON cases (number, jurisdiction);
CREATE UNIQUE INDEX cases_client_id ON cases (client_id, jurisdiction) WHERE client_id <> '';
CREATE INDEX cases_status_due ON cases (status, due_at);
CREATE INDEX cases_due ON cases (due_at) WHERE due_at IS NOT NULL; -- overdue across units
CREATE INDEX cases_unit_status_due ON cases (unit, status, due_at);
CREATE INDEX cases_grid ON cases (grid);
CREATE INDEX cases_village ON cases (village);
CREATE INDEX cases_category_created ON cases (category, created_at);
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_updated ON cases (updated_at);
CREATE INDEX cases_lat_lng ON cases (lat, lng);
CREATE INDEX cases_reporter ON cases (reporter_id, created_at) WHERE reporter_id <> 0;

-- case_counters numbers each jurisdiction's cases per day (Asia/Shanghai).
CREATE TABLE case_counters (
	jurisdiction TEXT NOT NULL,
	day          TEXT NOT NULL, -- 20261128
	n            INTEGER NOT NULL,
	PRIMARY KEY (jurisdiction, day)
) STRICT;

CREATE TABLE events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	case_id     INTEGER NOT NULL REFERENCES cases (id),
	at          INTEGER NOT NULL,
	action      TEXT NOT NULL,
	actor_id    INTEGER NOT NULL DEFAULT 0,
	actor_name  TEXT NOT NULL DEFAULT '',
	actor_role  TEXT NOT NULL DEFAULT '',
	from_status TEXT NOT NULL DEFAULT '',
	to_status   TEXT NOT NULL DEFAULT '',
	unit        TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT '',
	public      INTEGER NOT NULL DEFAULT 0,
	photos      TEXT, -- JSON array
	data        TEXT  -- JSON object
) STRICT;
CREATE INDEX events_case ON events (case_id, id);

-- The timeline is append-only.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'events are append-only');
END;

-- messages is the outbox: what consumers read after commit, by ascending id.
CREATE TABLE messages (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	topic    TEXT NOT NULL,
	case_id  INTEGER NOT NULL DEFAULT 0,
	event_id INTEGER NOT NULL DEFAULT 0,
	payload  TEXT NOT NULL DEFAULT '',
	at       INTEGER NOT NULL
) STRICT;

CREATE TABLE followers (
	case_id       INTEGER NOT NULL REFERENCES cases (id),
	user_id       INTEGER NOT NULL DEFAULT 0, -- 0 for an anonymous follower
	tracking_hash TEXT NOT NULL DEFAULT '',
	kind          TEXT NOT NULL,              -- reporter or follower
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX followers_case ON followers (case_id, created_at);
CREATE UNIQUE INDEX followers_case_user ON followers (case_id, user_id) WHERE user_id <> 0;
CREATE UNIQUE INDEX followers_case_tracking ON followers (case_id, tracking_hash) WHERE tracking_hash <> '';
CREATE INDEX followers_user ON followers (user_id) WHERE user_id <> 0;

-- job_leases lets one instance at a time run each background job.
CREATE TABLE job_leases (
	name        TEXT PRIMARY KEY,
	owner       TEXT NOT NULL,
	acquired_at INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
) STRICT;
