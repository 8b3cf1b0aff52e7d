-- The version of who may sign in as whom: raised by every change of a
-- token (a sign-out, a revocation) or of a user (role, unit, town, a
-- disabled account, a new password), whatever makes it (another instance,
-- the command line), so that each instance's cache of signed-in callers
-- (app/session_cache.go) drops what it holds once it sees a new version.
CREATE TABLE auth_version (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint NOT NULL DEFAULT 0
);
INSERT INTO auth_version (id, version) VALUES (1, 0);

CREATE FUNCTION bump_auth_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE auth_version SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END;
$$;
CREATE TRIGGER tokens_auth AFTER UPDATE OR DELETE ON tokens
	FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_version();
CREATE TRIGGER users_auth AFTER UPDATE OR DELETE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION bump_auth_version();
