package store

import (
	"context"
	"fmt"
)

// Who may sign in as whom changes rarely, and every signed-in request asks
// (TokenUser), so the application keeps the answers in memory. It knows
// when they may have gone stale by two counters: AuthEpoch, raised at once
// by each transaction of this process that changes a token or a user, and
// AuthVersion, raised in the database by triggers on every such change,
// whoever makes it (another instance, the command line; migration 0240).

// AuthVersion returns the database's version of tokens and users.
func (r *reader) AuthVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := r.queryRow(ctx, "SELECT version FROM auth_version WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("auth version: %w", err)
	}
	return v, nil
}

// AuthEpoch returns how many transactions of this process have changed a
// token or a user, raised once each has ended (committed or not).
func (db *DB) AuthEpoch() int64 { return db.authEpoch.Load() }

// authChanged marks tx as changing a token or a user.
func (tx *Tx) authChanged() { tx.auth = true }
