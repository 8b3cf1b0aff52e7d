package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Failed sign-ins, counted per key (app/login_guard.go makes the keys and
// the rules); see migration 0370.

// AddLoginStrike counts a failed sign-in against key at now and returns
// the failures counted and since when. A count whose since is at or
// before restartAt starts again, at 1 since now. With moving, since is
// the last failure (a count forgotten after a quiet time); without, the
// first of the count (a fixed period).
func (tx *Tx) AddLoginStrike(ctx context.Context, key string, now, restartAt time.Time, moving bool) (failures int, since time.Time, err error) {
	last, args := "excluded.last_at", []any{key, now, now, restartAt}
	if !moving {
		last, args = "CASE WHEN login_strikes.last_at <= ? THEN excluded.last_at ELSE login_strikes.last_at END", append(args, restartAt)
	}
	err = tx.queryRow(ctx, `INSERT INTO login_strikes (key, failures, last_at, until_at) VALUES (?, 1, ?, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_strikes.last_at <= ? THEN 1 ELSE login_strikes.failures + 1 END,
			last_at = `+last+`,
			until_at = CASE WHEN login_strikes.last_at <= ? THEN excluded.until_at ELSE login_strikes.until_at END
		RETURNING failures, last_at`, append(args, restartAt)...).Scan(&failures, timeCol{&since})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("count a failed sign-in: %w", err)
	}
	return failures, since, nil
}

// HoldLogins makes key wait until until before it may try again.
func (tx *Tx) HoldLogins(ctx context.Context, key string, until time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE login_strikes SET until_at = ? WHERE key = ?`, until, key); err != nil {
		return fmt.Errorf("hold sign-ins: %w", err)
	}
	return nil
}

// LoginHold returns the latest time until which any of keys must wait
// (zero if none has failures counted), and whether first has failures
// counted.
func (r *reader) LoginHold(ctx context.Context, first string, keys ...string) (until time.Time, counted bool, err error) {
	for _, key := range append([]string{first}, keys...) {
		var u time.Time
		err := r.queryRow(ctx, `SELECT until_at FROM login_strikes WHERE key = ?`, key).Scan(timeCol{&u})
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return time.Time{}, false, fmt.Errorf("sign-in holds: %w", err)
		}
		counted = counted || key == first
		if u.After(until) {
			until = u
		}
	}
	return until, counted, nil
}

// ForgetLoginStrikes forgets the failures counted against key.
func (tx *Tx) ForgetLoginStrikes(ctx context.Context, key string) error {
	if _, err := tx.exec(ctx, `DELETE FROM login_strikes WHERE key = ?`, key); err != nil {
		return fmt.Errorf("forget failed sign-ins: %w", err)
	}
	return nil
}

// SweepLoginStrikes forgets the counts last touched at or before before
// that hold no one after now, and returns how many.
func (tx *Tx) SweepLoginStrikes(ctx context.Context, before, now time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM login_strikes WHERE last_at <= ? AND until_at <= ?`, before, now)
	if err != nil {
		return 0, fmt.Errorf("sweep failed sign-ins: %w", err)
	}
	return res.RowsAffected()
}
