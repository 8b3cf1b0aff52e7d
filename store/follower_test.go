package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestFollowers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		cs := mustCreate(t, db, newCase(), newCase())
		dup, target := cs[0].ID, cs[1].ID
		at := func(m int) time.Time { return norm(t0.Add(time.Duration(m) * time.Minute)) }
		mustTx(t, db, func(tx *store.Tx) error {
			for _, f := range []store.Follower{
				{CaseID: dup, TrackingHash: "anon", Kind: store.FollowerReporter, CreatedAt: at(0)},
				{CaseID: dup, UserID: 7, Kind: store.FollowerFollower, CreatedAt: at(1)},
				{CaseID: dup, UserID: 8, Kind: store.FollowerFollower, CreatedAt: at(2)},
				{CaseID: target, UserID: 8, Kind: store.FollowerReporter, CreatedAt: at(3)},
			} {
				if err := tx.AddFollower(ctx, f); err != nil {
					return err
				}
			}
			// Following twice conflicts and leaves the transaction usable.
			wantCode(t, tx.AddFollower(ctx, store.Follower{CaseID: dup, UserID: 7}), guanjia.ECONFLICT)
			wantCode(t, tx.AddFollower(ctx, store.Follower{CaseID: dup, TrackingHash: "anon"}), guanjia.ECONFLICT)
			wantCode(t, tx.AddFollower(ctx, store.Follower{CaseID: dup}), guanjia.EINVALID)
			_, err := tx.Followers(ctx, dup)
			return err
		})

		var moved int
		mustTx(t, db, func(tx *store.Tx) (err error) {
			moved, err = tx.MoveFollowers(ctx, dup, target)
			return err
		})
		if moved != 2 {
			t.Errorf("MoveFollowers() = %d, want 2 (user 8 follows the target already)", moved)
		}
		got, err := db.Followers(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Follower{
			{CaseID: target, TrackingHash: "anon", Kind: store.FollowerFollower, CreatedAt: at(0)},
			{CaseID: target, UserID: 7, Kind: store.FollowerFollower, CreatedAt: at(1)},
			{CaseID: target, UserID: 8, Kind: store.FollowerReporter, CreatedAt: at(3)},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Followers(target) (-want +got):\n%s", diff)
		}
		if got, err := db.Followers(ctx, dup); err != nil || len(got) != 0 {
			t.Errorf("Followers(merged) = %v, %v; want none", got, err)
		}
	})
}

func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
