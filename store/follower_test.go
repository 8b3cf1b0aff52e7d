package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestMoveFollowers: the followers of a merged case follow the target,
// except those who follow it already.
func TestMoveFollowers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		dup, target := newCase(), newCase()
		mustTx(t, db, func(tx *store.Tx) error {
			errs, err := tx.CreateCases(ctx, []store.NewCase{
				{Case: dup, Follower: &store.Follower{TrackingHash: "anon", Kind: store.FollowerReporter}},
				{Case: target, Follower: &store.Follower{UserID: 8, Kind: store.FollowerReporter}},
			})
			if err != nil {
				return err
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
			for _, user := range []int64{7, 8} { // followed the duplicate too
				if err := store.ExecForTest(ctx, tx, `INSERT INTO followers (case_id, user_id, kind, created_at)
					VALUES (?, ?, 'follower', ?)`, dup.ID, user, dup.CreatedAt); err != nil {
					return err
				}
			}
			return nil
		})
		var moved int
		mustTx(t, db, func(tx *store.Tx) (err error) {
			moved, err = tx.MoveFollowers(ctx, dup.ID, target.ID)
			return err
		})
		if moved != 2 {
			t.Errorf("MoveFollowers() = %d, want 2 (user 8 follows the target already)", moved)
		}
		count := func(where string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowForTest(ctx, "SELECT COUNT(*) FROM followers WHERE "+where, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			what  string
			where string
			args  []any
			want  int
		}{
			{"followers of the duplicate", "case_id = ?", []any{dup.ID}, 0},
			{"followers of the target", "case_id = ?", []any{target.ID}, 3},
			{"reporters of the target", "case_id = ? AND kind = 'reporter'", []any{target.ID}, 1},
			{"the anonymous reporter, now a follower", "case_id = ? AND tracking_hash = 'anon' AND kind = 'follower'", []any{target.ID}, 1},
		} {
			if got := count(c.where, c.args...); got != c.want {
				t.Errorf("%s: %d, want %d", c.what, got, c.want)
			}
		}
	})
}

func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
