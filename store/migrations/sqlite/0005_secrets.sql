-- secrets holds the installation's own secrets, each made of random bytes
-- the first time it is needed (store.DB.Secret) and kept from then on:
-- "tracking" is the key that anonymous reporters' tracking tokens are
-- derived with. Tokens issued before this key existed keep working, since
-- a case stores only the hash of the token it issued and checks a token
-- against that hash, never by deriving it again.
CREATE TABLE secrets (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL -- hex
) STRICT;
