package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// PhoneCode is a live one-time code of a phone: only its hash is kept.
type PhoneCode struct {
	Phone     string
	Hash      string
	Tries     int // tries spent, this one included
	ExpiresAt time.Time
}

// PutPhoneCode stores the phone's new code, in place of any earlier one,
// with no tries spent.
func (tx *Tx) PutPhoneCode(ctx context.Context, phone, hash string, now, expires time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO phone_codes (phone, hash, tries, expires_at, created_at) VALUES (?, ?, 0, ?, ?)
		ON CONFLICT (phone) DO UPDATE SET hash = excluded.hash, tries = 0, expires_at = excluded.expires_at,
		created_at = excluded.created_at`, phone, hash, norm(expires), norm(now))
	if err != nil {
		return fmt.Errorf("put phone code: %w", err)
	}
	return nil
}

// TakePhoneTry spends one of the phone's code's tries, if fewer than max
// were spent, and returns the code. Spending and reading are one
// statement, so concurrent guesses never get more than max tries between
// them. A phone without a code, or whose code has no tries left, is
// ENOTFOUND.
func (tx *Tx) TakePhoneTry(ctx context.Context, phone string, max int) (*PhoneCode, error) {
	pc := &PhoneCode{Phone: phone}
	err := tx.queryRow(ctx, `UPDATE phone_codes SET tries = tries + 1 WHERE phone = ? AND tries < ?
		RETURNING hash, tries, expires_at`, phone, max).Scan(&pc.Hash, &pc.Tries, timeCol{&pc.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, guanjia.Errorf(guanjia.ENOTFOUND, "No code to check.")
	} else if err != nil {
		return nil, fmt.Errorf("take phone try: %w", err)
	}
	return pc, nil
}

// DeletePhoneCode forgets the phone's code: it was used.
func (tx *Tx) DeletePhoneCode(ctx context.Context, phone string) error {
	if _, err := tx.exec(ctx, "DELETE FROM phone_codes WHERE phone = ?", phone); err != nil {
		return fmt.Errorf("delete phone code: %w", err)
	}
	return nil
}

// AddFollower adds f unless its user (or tracking hash) already follows
// the case, and reports whether it did.
func (tx *Tx) AddFollower(ctx context.Context, f *Follower) (bool, error) {
	n, err := tx.affected(ctx, `INSERT INTO followers (case_id, user_id, tracking_hash, kind, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, f.CaseID, f.UserID, f.TrackingHash, f.Kind, norm(f.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("add follower of case %d: %w", f.CaseID, err)
	}
	return n > 0, nil
}

// Follows reports whether user follows the case, as its reporter or not.
func (r *reader) Follows(ctx context.Context, caseID, userID int64) (bool, error) {
	var n int
	err := r.queryRow(ctx, "SELECT COUNT(*) FROM followers WHERE case_id = ? AND user_id = ?", caseID, userID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("follows case %d: %w", caseID, err)
	}
	return n > 0, nil
}

// LinkFollower gives the anonymous follower row of a case known by its
// tracking hash to user, who signed in: they follow it from now on as an
// account. A row the user already had on the case is dropped, and the
// count of rows dropped (0 or 1) returned, for the case's count.
func (tx *Tx) LinkFollower(ctx context.Context, caseID, userID int64, trackingHash string) (int, error) {
	n, err := tx.affected(ctx, `DELETE FROM followers WHERE case_id = ? AND user_id = ? AND EXISTS (
		SELECT 1 FROM followers t WHERE t.case_id = ? AND t.tracking_hash = ?)`, caseID, userID, caseID, trackingHash)
	if err != nil {
		return 0, fmt.Errorf("link follower of case %d: %w", caseID, err)
	}
	if _, err := tx.exec(ctx, "UPDATE followers SET user_id = ? WHERE case_id = ? AND tracking_hash = ?",
		userID, caseID, trackingHash); err != nil {
		return 0, fmt.Errorf("link follower of case %d: %w", caseID, err)
	}
	return int(n), nil
}

// UseLink records that the link with this hash was used, and reports
// false when it had been already.
func (tx *Tx) UseLink(ctx context.Context, hash string, caseID int64, at time.Time) (bool, error) {
	n, err := tx.affected(ctx, "INSERT INTO used_links (hash, case_id, used_at, jurisdiction) VALUES (?, ?, ?, "+townOfCase+") ON CONFLICT DO NOTHING",
		hash, caseID, norm(at), caseID)
	if err != nil {
		return false, fmt.Errorf("use link: %w", err)
	}
	return n > 0, nil
}

// LinkUsed reports whether the link with this hash was used.
func (r *reader) LinkUsed(ctx context.Context, hash string) (bool, error) {
	var n int
	if err := r.queryRow(ctx, "SELECT COUNT(*) FROM used_links WHERE hash = ?", hash).Scan(&n); err != nil {
		return false, fmt.Errorf("link used: %w", err)
	}
	return n > 0, nil
}

// FollowedCases returns the cases user follows without having reported
// them ("I have this too"), the newest first, at most limit.
func (r *reader) FollowedCases(ctx context.Context, userID int64, limit int) ([]*guanjia.Case, error) {
	cs, err := list(ctx, r, "SELECT "+caseColumns+` FROM cases WHERE id IN (
		SELECT case_id FROM followers WHERE user_id = ? AND kind = ?) ORDER BY id DESC LIMIT ?`,
		[]any{userID, FollowerFollower, limit}, scanCase)
	if err != nil {
		return nil, fmt.Errorf("followed cases of user %d: %w", userID, err)
	}
	return cs, nil
}

// CountFollower adds one to the case's count of followers, in place: not a
// change of the case that staff must reload for (its version stays).
func (tx *Tx) CountFollower(ctx context.Context, caseID int64) error {
	if _, err := tx.exec(ctx, "UPDATE cases SET followers = followers + 1 WHERE id = ?", caseID); err != nil {
		return fmt.Errorf("count follower of case %d: %w", caseID, err)
	}
	return nil
}
