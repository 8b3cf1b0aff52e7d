package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCountRate: requests counted against a key in a window that starts
// again once it has ended; many counted at once each get a count of their
// own (none lost, none shared); a sweep forgets the windows that ended;
// several requests are counted in one call.
func TestCountRate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		count := func(key string, now time.Time, want int, wantEnd time.Time) {
			t.Helper()
			n, end, err := db.CountRate(ctx, key, 1, now, now.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if n != want || !end.Equal(norm(wantEnd)) {
				t.Errorf("%s at %v: %d until %v, want %d until %v", key, now, n, end, want, wantEnd)
			}
		}
		count("a", t0, 1, t0.Add(time.Hour))
		count("a", t0.Add(time.Minute), 2, t0.Add(time.Hour))
		count("b", t0.Add(time.Minute), 1, t0.Add(61*time.Minute))
		count("a", t0.Add(59*time.Minute), 3, t0.Add(time.Hour))
		count("a", t0.Add(time.Hour), 1, t0.Add(2*time.Hour)) // the window ended: a new one

		const goroutines, each = 20, 10
		var wg sync.WaitGroup
		got := make(chan int, goroutines*each)
		for range goroutines {
			wg.Go(func() {
				for range each {
					n, _, err := db.CountRate(ctx, "c", 1, t0, t0.Add(time.Hour))
					if err != nil {
						t.Error(err)
						return
					}
					got <- n
				}
			})
		}
		wg.Wait()
		close(got)
		seen := map[int]bool{}
		for n := range got {
			if seen[n] || n < 1 || n > goroutines*each {
				t.Errorf("count %d given twice or out of range", n)
			}
			seen[n] = true
		}
		if len(seen) != goroutines*each {
			t.Errorf("%d counts given, want %d", len(seen), goroutines*each)
		}

		swept, err := db.SweepRates(ctx, t0.Add(61*time.Minute))
		if err != nil || swept != 2 { // b and c; a's window runs on
			t.Fatalf("swept %d, %v; want 2", swept, err)
		}
		count("b", t0.Add(62*time.Minute), 1, t0.Add(122*time.Minute))
		count("a", t0.Add(62*time.Minute), 2, t0.Add(2*time.Hour))

		// Several counted at once (a reservation: app/ratelimit_shared.go).
		for _, step := range []struct {
			k    int
			at   time.Time
			want int
		}{{5, t0, 5}, {3, t0.Add(time.Minute), 8}, {2, t0.Add(time.Hour), 2}} {
			n, _, err := db.CountRate(ctx, "d", step.k, step.at, step.at.Add(time.Hour))
			if err != nil || n != step.want {
				t.Errorf("d: %d more at %v: %d, %v; want %d", step.k, step.at, n, err, step.want)
			}
		}
	})
}
