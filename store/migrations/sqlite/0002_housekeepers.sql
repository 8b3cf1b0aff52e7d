-- Housekeepers: registration, the points ledger, rewards, tasks,
-- mobilisations, notices and dispute mediation records.

CREATE TABLE housekeepers (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL UNIQUE REFERENCES users (id),
	name       TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	occupation TEXT NOT NULL,
	grid       TEXT NOT NULL,
	village    TEXT NOT NULL DEFAULT '',
	households INTEGER NOT NULL DEFAULT 0,
	stairwell  TEXT NOT NULL DEFAULT '',
	lat        REAL NOT NULL DEFAULT 0,
	lng        REAL NOT NULL DEFAULT 0,
	note       TEXT NOT NULL DEFAULT '',
	status     TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'suspended')),
	reason     TEXT NOT NULL DEFAULT '',
	decided_by INTEGER NOT NULL DEFAULT 0,
	decided_at INTEGER,
	version    INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX housekeepers_grid ON housekeepers (grid, status);
CREATE INDEX housekeepers_village ON housekeepers (village, status);
CREATE INDEX housekeepers_status ON housekeepers (status, id);
CREATE INDEX housekeepers_lat_lng ON housekeepers (lat, lng) WHERE status = 'approved';

-- points_rules keeps every version of the award rules; the highest is in force.
CREATE TABLE points_rules (
	version    INTEGER PRIMARY KEY,
	rules      TEXT NOT NULL, -- JSON PointRules
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
) STRICT;

-- points_entries is the append-only ledger; a balance is the sum of amount.
CREATE TABLE points_entries (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	kind         TEXT NOT NULL,
	source_type  TEXT NOT NULL,
	source_id    INTEGER NOT NULL,
	evidence_id  INTEGER NOT NULL DEFAULT 0,
	amount       INTEGER NOT NULL,
	capped       INTEGER NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT '',
	rule_version INTEGER NOT NULL DEFAULT 0,
	approved_by  INTEGER NOT NULL DEFAULT 0,
	reverses     INTEGER REFERENCES points_entries (id),
	day          TEXT NOT NULL, -- 2026-11-02, China time
	created_at   INTEGER NOT NULL
) STRICT;
-- One award per outcome, person and kind: a replayed outcome awards nothing twice.
CREATE UNIQUE INDEX points_entries_outcome ON points_entries (source_type, source_id, evidence_id, kind, user_id)
	WHERE reverses IS NULL;
-- An entry is reversed at most once.
CREATE UNIQUE INDEX points_entries_reverses ON points_entries (reverses) WHERE reverses IS NOT NULL;
CREATE INDEX points_entries_user ON points_entries (user_id, id);
CREATE INDEX points_entries_user_day ON points_entries (user_id, day, kind);
CREATE INDEX points_entries_day ON points_entries (day);
CREATE INDEX points_entries_source ON points_entries (source_type, source_id);

CREATE TRIGGER points_entries_no_update BEFORE UPDATE ON points_entries
BEGIN
	SELECT RAISE(ABORT, 'points entries are append-only');
END;
CREATE TRIGGER points_entries_no_delete BEFORE DELETE ON points_entries
BEGIN
	SELECT RAISE(ABORT, 'points entries are append-only');
END;

CREATE TABLE rewards (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	partner     TEXT NOT NULL DEFAULT '',
	cost        INTEGER NOT NULL CHECK (cost > 0),
	stock       INTEGER NOT NULL CHECK (stock >= 0),
	active      INTEGER NOT NULL DEFAULT 1,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE redemptions (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	reward_id  INTEGER NOT NULL REFERENCES rewards (id),
	user_id    INTEGER NOT NULL REFERENCES users (id),
	cost       INTEGER NOT NULL,
	entry_id   INTEGER NOT NULL DEFAULT 0,
	status     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	used_at    INTEGER,
	used_by    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX redemptions_user ON redemptions (user_id, id);

CREATE TABLE tasks (
	id          INTEGER PRIMARY KEY,
	title       TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	kind        TEXT NOT NULL,
	unit        TEXT NOT NULL DEFAULT '',
	case_id     INTEGER NOT NULL DEFAULT 0,
	grid        TEXT NOT NULL DEFAULT '',
	village     TEXT NOT NULL DEFAULT '',
	lat         REAL NOT NULL DEFAULT 0,
	lng         REAL NOT NULL DEFAULT 0,
	radius      REAL NOT NULL DEFAULT 0,
	address     TEXT NOT NULL DEFAULT '',
	starts_at   INTEGER NOT NULL,
	ends_at     INTEGER NOT NULL,
	needed      INTEGER NOT NULL,
	claimed     INTEGER NOT NULL DEFAULT 0,
	points      INTEGER NOT NULL DEFAULT 0,
	cancelled   INTEGER NOT NULL DEFAULT 0,
	created_by  INTEGER NOT NULL DEFAULT 0,
	created_at  INTEGER NOT NULL,
	CHECK (claimed >= 0 AND claimed <= needed)
) STRICT;
CREATE INDEX tasks_ends ON tasks (ends_at);

CREATE TABLE task_claims (
	task_id      INTEGER NOT NULL REFERENCES tasks (id),
	user_id      INTEGER NOT NULL REFERENCES users (id),
	status       TEXT NOT NULL,
	claimed_at   INTEGER NOT NULL,
	checkin_at   INTEGER,
	checkin_lat  REAL NOT NULL DEFAULT 0,
	checkin_lng  REAL NOT NULL DEFAULT 0,
	completed_at INTEGER,
	photos       TEXT, -- JSON array
	note         TEXT NOT NULL DEFAULT '',
	confirmed_at INTEGER,
	confirmed_by INTEGER NOT NULL DEFAULT 0,
	reason       TEXT NOT NULL DEFAULT '',
	version      INTEGER NOT NULL,
	PRIMARY KEY (task_id, user_id)
) STRICT;
CREATE INDEX task_claims_user ON task_claims (user_id);

CREATE TABLE mobilisations (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	radius     REAL NOT NULL DEFAULT 0,
	grid       TEXT NOT NULL DEFAULT '',
	note       TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX mobilisations_case ON mobilisations (case_id);

CREATE TABLE mobilisation_calls (
	mobilisation_id INTEGER NOT NULL REFERENCES mobilisations (id),
	user_id         INTEGER NOT NULL REFERENCES users (id),
	status          TEXT NOT NULL,
	distance        REAL NOT NULL DEFAULT 0,
	called_at       INTEGER NOT NULL,
	accepted_at     INTEGER,
	PRIMARY KEY (mobilisation_id, user_id)
) STRICT;
CREATE INDEX mobilisation_calls_user ON mobilisation_calls (user_id, mobilisation_id);

CREATE TABLE notices (
	id         INTEGER PRIMARY KEY,
	title      TEXT NOT NULL,
	body       TEXT NOT NULL,
	scope      TEXT NOT NULL,
	area       TEXT NOT NULL DEFAULT '',
	unit       TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE notice_recipients (
	notice_id INTEGER NOT NULL REFERENCES notices (id),
	user_id   INTEGER NOT NULL REFERENCES users (id),
	read_at   INTEGER,
	PRIMARY KEY (notice_id, user_id)
) STRICT;
CREATE INDEX notice_recipients_user ON notice_recipients (user_id, notice_id);

CREATE TABLE mediations (
	case_id        INTEGER PRIMARY KEY REFERENCES cases (id),
	parties        TEXT, -- JSON array
	outcome        TEXT NOT NULL DEFAULT '',
	agreement      TEXT NOT NULL DEFAULT '',
	referral       TEXT NOT NULL DEFAULT '',
	follow_up_due  INTEGER,
	followed_up_at INTEGER,
	follow_up_note TEXT NOT NULL DEFAULT '',
	version        INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE mediation_sessions (
	id            INTEGER PRIMARY KEY,
	case_id       INTEGER NOT NULL REFERENCES cases (id),
	at            INTEGER NOT NULL,
	mediator      TEXT NOT NULL,
	mediator_name TEXT NOT NULL DEFAULT '',
	mediator_id   INTEGER NOT NULL DEFAULT 0,
	note          TEXT NOT NULL DEFAULT '',
	created_by    INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX mediation_sessions_case ON mediation_sessions (case_id, at);

-- consumer_cursors keeps how far each outbox consumer has read, so that it
-- resumes there after a restart.
CREATE TABLE consumer_cursors (
	name       TEXT PRIMARY KEY,
	last_id    INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

-- webhook_jobs are outgoing notifications (mobilisations to an SMS or
-- messaging gateway) kept until delivered or given up.
CREATE TABLE webhook_jobs (
	id           INTEGER PRIMARY KEY,
	topic        TEXT NOT NULL,
	url          TEXT NOT NULL,
	payload      TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	delivered_at INTEGER,
	failed_at    INTEGER,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_jobs_due ON webhook_jobs (next_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
