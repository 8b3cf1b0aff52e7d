-- login_strikes counts failed sign-ins, per account and address and per
-- address (app/login_guard.go), in the database rather than each
-- instance's memory, so that several instances hold a guesser to the same
-- limits as one. until_at is when the key may try again.
CREATE TABLE login_strikes (
	key      text PRIMARY KEY,
	failures integer NOT NULL,
	last_at  timestamptz NOT NULL,
	until_at timestamptz NOT NULL
);
