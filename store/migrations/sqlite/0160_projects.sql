-- Investment projects (guanjia.Project): each town's template of stages and
-- items, its projects with their items, the cases raised about them, their
-- timelines, and their channels (messages, attachments, read state).
CREATE TABLE project_templates (
	jurisdiction TEXT PRIMARY KEY,
	body         TEXT NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE projects (
	id           INTEGER PRIMARY KEY,
	jurisdiction TEXT NOT NULL,
	village      TEXT NOT NULL DEFAULT '',
	grid         TEXT NOT NULL DEFAULT '',
	name         TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL DEFAULT '',
	lat          REAL NOT NULL,
	lng          REAL NOT NULL,
	investor_id  INTEGER NOT NULL REFERENCES users (id),
	steward_id   INTEGER NOT NULL REFERENCES users (id),
	units        TEXT, -- JSON array of unit codes
	stages       TEXT, -- JSON array of stage names
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX projects_town ON projects (jurisdiction, id);
CREATE INDEX projects_investor ON projects (investor_id, id);
CREATE INDEX projects_steward ON projects (steward_id, id);

CREATE TABLE project_items (
	id           INTEGER PRIMARY KEY,
	project_id   INTEGER NOT NULL REFERENCES projects (id),
	stage        INTEGER NOT NULL,
	seq          INTEGER NOT NULL,
	name         TEXT NOT NULL,
	unit         TEXT NOT NULL,
	limit_days   INTEGER NOT NULL,
	prereqs      TEXT, -- JSON array of seqs
	planned_at   INTEGER,
	started_at   INTEGER,
	done_at      INTEGER,
	escalated_at INTEGER,
	UNIQUE (project_id, seq)
) STRICT;
CREATE INDEX project_items_unit ON project_items (unit, project_id);
CREATE INDEX project_items_open ON project_items (done_at, escalated_at, project_id);

CREATE TABLE project_cases (
	case_id    INTEGER PRIMARY KEY REFERENCES cases (id),
	project_id INTEGER NOT NULL REFERENCES projects (id),
	item_id    INTEGER REFERENCES project_items (id),
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX project_cases_project ON project_cases (project_id, case_id);

CREATE TABLE project_timeline (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects (id),
	at         INTEGER NOT NULL,
	actor_id   INTEGER NOT NULL DEFAULT 0,
	actor_name TEXT NOT NULL DEFAULT '',
	msg_key    TEXT NOT NULL,
	args       TEXT -- JSON array of strings
) STRICT;
CREATE INDEX project_timeline_project ON project_timeline (project_id, id);

CREATE TABLE project_files (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects (id),
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE project_messages (
	id          INTEGER PRIMARY KEY,
	project_id  INTEGER NOT NULL REFERENCES projects (id),
	author_id   INTEGER NOT NULL REFERENCES users (id),
	body        TEXT NOT NULL,
	file_id     INTEGER REFERENCES project_files (id),
	mentions    TEXT, -- JSON array of user ids
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX project_messages_project ON project_messages (project_id, id);

CREATE TABLE project_reads (
	project_id INTEGER NOT NULL REFERENCES projects (id),
	user_id    INTEGER NOT NULL REFERENCES users (id),
	last_id    INTEGER NOT NULL,
	PRIMARY KEY (project_id, user_id)
) STRICT;
