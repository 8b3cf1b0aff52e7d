-- phone_codes holds the one-time codes that residents sign in with by
-- phone: at most one live code a phone, kept only as an HMAC of the phone
-- and the code under the installation's secret "phone_code", with the
-- tries spent on it. A new code replaces the old; the right code deletes
-- its row, so each code is used once.
CREATE TABLE phone_codes (
	phone      TEXT PRIMARY KEY, -- normalised: 11 digits
	hash       TEXT NOT NULL,
	tries      INTEGER NOT NULL DEFAULT 0,
	expires_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

-- used_links remembers the signed confirmation links (of a resolved case,
-- sent to its reporter) that were used, by the hash of the link, so that
-- each works once.
CREATE TABLE used_links (
	hash    TEXT PRIMARY KEY,
	case_id INTEGER NOT NULL,
	used_at INTEGER NOT NULL
) STRICT;
