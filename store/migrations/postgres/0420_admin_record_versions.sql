-- A version on the settings administrators edit in forms (a unit, a
-- category, a routing rule, an account), as 0400 gave the records others
-- edit: each change adds one, and a change made against an older version
-- is refused (ECONFLICT) instead of overwriting another administrator's
-- edit unseen. Standard replies count their versions already.
ALTER TABLE units ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE categories ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE rules ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version integer NOT NULL DEFAULT 1;
