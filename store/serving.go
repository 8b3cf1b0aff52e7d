package store

import "fmt"

// ownStats takes the lock that makes this process the one whose new
// cases' rows of stat_days wait in memory (see deferStats); it returns
// what releases it, or nil when another process holds it.
func ownStats(path string) (release func()) { return lockBeside(path + ".stats-lock") }

// HoldServing makes this process the one that serves a SQLite database,
// with a lock on a file beside it (guanjia.db.serve-lock) held until the
// DB closes, and which the kernel lets go however the process ends. Call
// it before Migrate, once. A second server on the same file is refused:
// one process serves SQLite (it counts rate limits in its memory, and its
// writes go through one writer anyway); several instances share
// PostgreSQL, where HoldServing does nothing. Commands run beside the
// server (token, user, backup) do not take it.
func (db *DB) HoldServing() error {
	if db.engine == Postgres || !canLock {
		return nil
	}
	if db.serving = lockBeside(db.path + ".serve-lock"); db.serving == nil {
		return fmt.Errorf("another process is serving %s: one process serves a SQLite database (to run several instances, use PostgreSQL)", db.path)
	}
	return nil
}
