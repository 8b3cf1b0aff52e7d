package store

import (
	"context"
	"fmt"
	"time"
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
