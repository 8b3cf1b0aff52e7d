package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestAcquireJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		acquire := func(name, owner string, at time.Time) bool {
			t.Helper()
			var ok bool
			mustTx(t, db, func(tx *store.Tx) (err error) {
				ok, err = tx.AcquireJob(ctx, name, owner, at, time.Minute)
				return err
			})
			return ok
		}
		steps := []struct {
			name, owner string
			at          time.Duration
			want        bool
		}{
			{"sweep", "a", 0, true},                 // free
			{"sweep", "b", 30 * time.Second, false}, // a holds it
			{"close", "b", 30 * time.Second, true},  // another job is free
			{"sweep", "a", 50 * time.Second, true},  // a renews until 1m50s
			{"sweep", "b", 61 * time.Second, false}, // renewed, still a's
			{"sweep", "b", 110 * time.Second, true}, // expired: b takes over
			{"sweep", "a", 120 * time.Second, false},
		}
		for _, s := range steps {
			if got := acquire(s.name, s.owner, t0.Add(s.at)); got != s.want {
				t.Errorf("AcquireJob(%s, %s, +%v) = %v, want %v", s.name, s.owner, s.at, got, s.want)
			}
		}
	})
}
