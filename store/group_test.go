package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestGroup: concurrent callers share commits; one caller's failure undoes
// its own writes only, and each caller hears its own outcome.
func TestGroup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const n = 40
		errBad := errors.New("bad report")
		errs := make([]error, n)
		ids := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = db.Group(ctx, func(ctx context.Context, tx *store.Tx) error {
					c := newCase(func(c *guanjia.Case) { c.Description = fmt.Sprint("report ", i) })
					if err := createCase(ctx, tx, c); err != nil {
						return err
					}
					ids[i] = c.ID
					e := &guanjia.Event{CaseID: c.ID, Action: guanjia.ActionReport, To: guanjia.StatusNew}
					if err := tx.AddEvent(ctx, e); err != nil {
						return err
					}
					if i%7 == 3 {
						return errBad // after writing: the writes must go
					}
					return nil
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			// A failed caller's id may have gone to a later caller.
			c, gerr := db.GetCase(ctx, ids[i])
			switch {
			case i%7 == 3:
				if !errors.Is(err, errBad) {
					t.Errorf("caller %d: %v, want its own error", i, err)
				}
				if gerr == nil && c.Description == fmt.Sprint("report ", i) {
					t.Errorf("caller %d failed, but its case is stored", i)
				}
			case err != nil || gerr != nil || c.Description != fmt.Sprint("report ", i):
				t.Errorf("caller %d: %v; stored: %v", i, err, gerr)
			}
		}
		counts, err := db.CountCases(ctx, guanjia.CaseFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if want := n - (n+3)/7; counts[guanjia.StatusNew] != want {
			t.Errorf("%d cases stored, want %d", counts[guanjia.StatusNew], want)
		}
	})
}

// TestGroupConflict: a client_id taken earlier in the same group is a
// conflict for the later caller only, and the numbering has no gap.
func TestGroupConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const id = "7f0c1d5e-8a8b-4c1e-9d6f-3b2a1c0d9e8f"
		errs := make([]error, 6)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() {
				errs[i] = db.Group(ctx, func(ctx context.Context, tx *store.Tx) error {
					return createCase(ctx, tx, newCase(func(c *guanjia.Case) { c.ClientID = id }))
				})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantCode(t, err, guanjia.ECONFLICT)
			}
		}
		if ok != 1 {
			t.Fatalf("%d callers created the case, want 1: %v", ok, errs)
		}
		c := mustCreate(t, db, newCase())[0]
		if c.Number != "WZ-20261128-0002" {
			t.Errorf("next number %s, want WZ-20261128-0002", c.Number)
		}
	})
}

// TestGroupCancelled: a caller whose context has ended is not run.
func TestGroupCancelled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		db := newDB(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		ran := false
		err := db.Group(ctx, func(ctx context.Context, tx *store.Tx) error { ran = true; return nil })
		if !errors.Is(err, context.Canceled) || ran {
			t.Errorf("cancelled caller: err %v, ran %v", err, ran)
		}
	})
}
