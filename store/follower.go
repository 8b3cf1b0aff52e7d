package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// Follower kinds.
const (
	FollowerReporter = "reporter"
	FollowerFollower = "follower"
)

// Follower is someone told about a case's progress: a user, or an anonymous
// reporter known by the hash of their tracking token.
type Follower struct {
	CaseID       int64
	UserID       int64  // 0 for an anonymous follower
	TrackingHash string // SHA-256 hex of the tracking token, for anonymous followers
	Kind         string // "reporter" or "follower"
	CreatedAt    time.Time
}

// AddFollower records a follower of a case. A user or tracking hash that
// already follows the case is an ECONFLICT error, which leaves the
// transaction usable. CreatedAt is set to the clock's time when zero.
func (tx *Tx) AddFollower(ctx context.Context, f Follower) error {
	if f.UserID == 0 && f.TrackingHash == "" {
		return guanjia.Errorf(guanjia.EINVALID, "A follower needs a user or a tracking token.")
	}
	if f.Kind == "" {
		f.Kind = FollowerFollower
	}
	if f.CreatedAt.IsZero() {
		f.CreatedAt = tx.now()
	}
	n, err := tx.affected(ctx, `INSERT INTO followers (case_id, user_id, tracking_hash, kind, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		f.CaseID, f.UserID, f.TrackingHash, f.Kind, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("add follower to case %d: %w", f.CaseID, err)
	}
	if n == 0 {
		return guanjia.Errorf(guanjia.ECONFLICT, "You already follow case %d.", f.CaseID)
	}
	return nil
}

// Followers returns a case's followers, earliest first.
func (r *reader) Followers(ctx context.Context, caseID int64) ([]Follower, error) {
	fs, err := list(ctx, r, `SELECT case_id, user_id, tracking_hash, kind, created_at FROM followers
		WHERE case_id = ? ORDER BY created_at, user_id, tracking_hash`, []any{caseID},
		func(s scanner) (Follower, error) {
			var f Follower
			err := s.Scan(&f.CaseID, &f.UserID, &f.TrackingHash, &f.Kind, timeCol{&f.CreatedAt})
			return f, err
		})
	if err != nil {
		return nil, fmt.Errorf("followers of case %d: %w", caseID, err)
	}
	return fs, nil
}

// MoveFollowers moves the followers of case from to case to, as when from
// is merged into to, and returns how many moved. They follow the target as
// followers, not reporters. Those who already follow to stay only there:
// their rows on from are dropped.
func (tx *Tx) MoveFollowers(ctx context.Context, from, to int64) (int, error) {
	if from == to {
		return 0, nil
	}
	n, err := tx.affected(ctx, `UPDATE followers SET case_id = ?, kind = ? WHERE case_id = ? AND NOT EXISTS (
		SELECT 1 FROM followers t WHERE t.case_id = ? AND (
			(followers.user_id <> 0 AND t.user_id = followers.user_id) OR
			(followers.tracking_hash <> '' AND t.tracking_hash = followers.tracking_hash)))`,
		to, FollowerFollower, from, to)
	if err != nil {
		return 0, fmt.Errorf("move followers from case %d to %d: %w", from, to, err)
	}
	if _, err := tx.exec(ctx, "DELETE FROM followers WHERE case_id = ?", from); err != nil {
		return 0, fmt.Errorf("move followers from case %d to %d: %w", from, to, err)
	}
	return int(n), nil
}
