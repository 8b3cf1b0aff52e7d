-- Notifications (docs/notifications.md). notify_channels are the ways out:
-- group robots and webhooks of a unit or the command center, and a town's
-- email and SMS gateways. notify_rules are administrators' changes to who
-- hears what (the defaults are in code). notifications are the messages
-- planned from the outbox, one row per recipient and channel, with a
-- stable msg_id so a replay plans nothing twice and a receiver can drop
-- the repeat of one in flight at a crash; they are the delivery log too.
CREATE TABLE notify_channels (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL,
	name         TEXT NOT NULL,
	jurisdiction TEXT NOT NULL DEFAULT '',
	unit         TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT '',
	secret       TEXT NOT NULL DEFAULT '',
	settings     TEXT,
	active       INTEGER NOT NULL DEFAULT 1,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE notify_rules (
	event    TEXT NOT NULL,
	audience TEXT NOT NULL,
	unit     TEXT NOT NULL DEFAULT '',
	enabled  INTEGER NOT NULL,
	PRIMARY KEY (event, audience, unit)
) STRICT;

CREATE TABLE notify_prefs (
	user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	via         TEXT NOT NULL DEFAULT 'auto',
	quiet_start INTEGER NOT NULL,
	quiet_end   INTEGER NOT NULL,
	lang        TEXT NOT NULL DEFAULT 'zh'
) STRICT;

CREATE TABLE area_alerts (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	village    TEXT NOT NULL DEFAULT '',
	grid       TEXT NOT NULL DEFAULT '',
	categories TEXT NOT NULL DEFAULT '', -- comma-separated codes, '' for all
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX area_alerts_user ON area_alerts (user_id);

CREATE TABLE notifications (
	id           INTEGER PRIMARY KEY,
	msg_id       TEXT NOT NULL UNIQUE,
	kind         TEXT NOT NULL,
	channel_id   INTEGER NOT NULL DEFAULT 0,
	user_id      INTEGER NOT NULL DEFAULT 0,
	destination  TEXT NOT NULL DEFAULT '',
	mentions     TEXT NOT NULL DEFAULT '', -- comma-separated phones a robot @-mentions
	case_id      INTEGER NOT NULL DEFAULT 0,
	event        TEXT NOT NULL,
	msg_key      TEXT NOT NULL,
	args         TEXT,
	lang         TEXT NOT NULL,
	urgent       INTEGER NOT NULL DEFAULT 0,
	status       TEXT NOT NULL, -- pending, sent, failed, kept (no gateway: shown on the outbox page)
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	attempted_at INTEGER,
	sent_at      INTEGER,
	last_error   TEXT NOT NULL DEFAULT '',
	source_id    INTEGER NOT NULL DEFAULT 0,
	created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX notifications_due ON notifications (kind, next_at) WHERE status = 'pending';
CREATE INDEX notifications_channel ON notifications (channel_id, attempted_at) WHERE channel_id <> 0;
CREATE INDEX notifications_case ON notifications (case_id);

-- notify_reminders remembers which time-based reminders (two hours before a
-- limit, untriaged too long) have been announced, once each.
CREATE TABLE notify_reminders (
	case_id INTEGER NOT NULL,
	kind    TEXT NOT NULL,
	due_at  INTEGER NOT NULL,
	PRIMARY KEY (case_id, kind, due_at)
) STRICT;

-- The channel consumers start at the end of the outbox as it stands: the
-- history before notifications existed is nobody's news.
INSERT INTO consumer_cursors (name, last_id, updated_at)
SELECT 'notify-' || k.kind, (SELECT COALESCE(MAX(id), 0) FROM messages), 0
FROM (SELECT 'dingtalk' AS kind UNION ALL SELECT 'wecom' UNION ALL SELECT 'feishu' UNION ALL SELECT 'webhook'
	UNION ALL SELECT 'email' UNION ALL SELECT 'sms') k;
