package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestCreateCaseConcurrently checks that concurrent intake from two
// processes (two handles on one database) hands out each number once. On
// SQLite a transaction that reads before it writes would fail with
// SQLITE_BUSY here unless it begins IMMEDIATE.
func TestCreateCaseConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		dbs := []*store.DB{newDB(t, dsn), newDB(t, dsn)}
		const workers, each = 8, 5
		var mu sync.Mutex
		var numbers []string
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for range each {
					c := newCase()
					errs[w] = errors.Join(errs[w], dbs[w%2].Tx(ctx, func(tx *store.Tx) error { return createCase(ctx, tx, c) }))
					mu.Lock()
					numbers = append(numbers, c.Number)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		slices.Sort(numbers)
		for i, n := range numbers {
			if want := fmt.Sprintf("WZ-20261128-%04d", i+1); n != want {
				t.Fatalf("numbers[%d] = %s, want %s", i, n, want)
			}
		}
	})
}

// TestOutboxOrder checks that a consumer paging by id while writers commit
// concurrently misses no message: ids become visible in order.
func TestOutboxOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		const writers, each = 6, 15
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					errs[w] = errors.Join(errs[w], db.Tx(ctx, func(tx *store.Tx) error {
						m := &guanjia.Message{Topic: guanjia.TopicCaseChanged, CaseID: int64(w), EventID: int64(i)}
						if err := tx.AddMessage(ctx, m); err != nil {
							return err
						}
						time.Sleep(time.Duration(i%3) * time.Millisecond) // commit late
						return nil
					}))
				}
			})
		}
		seen := map[int64]bool{}
		var after int64
		deadline := time.Now().Add(30 * time.Second)
		for len(seen) < writers*each && time.Now().Before(deadline) {
			ms, err := db.Messages(ctx, after, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				seen[m.ID] = true
				after = m.ID
			}
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		all, err := db.Messages(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range all {
			if !seen[m.ID] {
				t.Errorf("consumer skipped message %d", m.ID)
			}
		}
		if len(all) != writers*each {
			t.Errorf("%d messages, want %d", len(all), writers*each)
		}
	})
}
