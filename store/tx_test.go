package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestTxRetryAfterDeadlock: two transactions that take two cases' rows in
// opposite orders deadlock on PostgreSQL, which gives one of them up;
// TxRetry runs that one again and both commit. With Tx one of them fails.
func TestTxRetryAfterDeadlock(t *testing.T) {
	for _, retry := range []bool{true, false} {
		t.Run(map[bool]string{true: "TxRetry", false: "Tx"}[retry], func(t *testing.T) {
			ctx := context.Background()
			db := newDB(t, dbtest.Postgres(t))
			cs := mustCreate(t, db, caseSet(2)...)
			var both sync.WaitGroup // each holds its first row
			both.Add(2)
			var tries atomic.Int32
			run := func(first, second int64) error {
				fn := func(tx *store.Tx) error {
					n := tries.Add(1)
					if err := store.ExecForTest(ctx, tx, "UPDATE cases SET priority = priority WHERE id = ?", first); err != nil {
						return err
					}
					if n <= 2 { // the first try of each: wait until both hold a row
						both.Done()
						both.Wait()
					}
					return store.ExecForTest(ctx, tx, "UPDATE cases SET priority = priority WHERE id = ?", second)
				}
				if retry {
					return db.TxRetry(ctx, fn)
				}
				return db.Tx(ctx, fn)
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			wg.Go(func() { errs[0] = run(cs[0].ID, cs[1].ID) })
			wg.Go(func() { errs[1] = run(cs[1].ID, cs[0].ID) })
			wg.Wait()
			failed := 0
			for _, err := range errs {
				if err != nil {
					failed++
				}
			}
			if retry && (failed != 0 || tries.Load() != 3) {
				t.Errorf("TxRetry: %v after %d tries, want both committed, one run again", errs, tries.Load())
			}
			if !retry && failed != 1 {
				t.Errorf("Tx: %v, want one given up as a deadlock", errs)
			}
		})
	}
}
