package app_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestBusyKeyCountedAhead: one api_key's requests on two instances of one
// PostgreSQL, in turn and then all at once, are never let through beyond
// the limit, and the instances count them in the database a batch at a
// time, and once the limit is counted refuse the rest without a trip: far
// fewer trips than requests. In turn, what an instance counted ahead and
// did not use holds back at most a sixteenth of the limit.
func TestBusyKeyCountedAhead(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.Postgres(t)
	const limit = 640 // 40 counted ahead at most
	opts := app.Options{Open311PerMinute: limit}
	a, _, clock := testenv.AppWith(t, dsn, opts)
	opts.Now, opts.Translate = clock.Now, i18n.Sprintf
	instances := []*app.App{a, testenv.Instance(t, dsn, opts)}
	key, err := a.CreateOpen311Key(ctx, "city app", "")
	if err != nil {
		t.Fatal(err)
	}
	try := func(b *app.App) bool {
		_, err := b.Client(ctx, key)
		if err != nil && guanjia.ErrorCode(err) != guanjia.ERATELIMIT {
			t.Fatal(err)
		}
		return err == nil
	}

	allowed := 0
	for i := range 800 {
		if try(instances[i%2]) {
			allowed++
		}
	}
	trips := instances[0].RateTrips() + instances[1].RateTrips()
	t.Logf("in turn: %d of 800 let through, %d trips to the database", allowed, trips)
	if allowed > limit || allowed < limit-2*limit/16 {
		t.Errorf("in turn: %d of 800 requests let through, want at most %d and at least %d", allowed, limit, limit-2*limit/16)
	}
	if trips > 40 {
		t.Errorf("in turn: %d trips to the database for 800 requests, want a few dozen", trips)
	}

	clock.Set(clock.Now().Add(time.Minute)) // a new window
	var through atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for range 125 {
				if try(instances[g%2]) {
					through.Add(1)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("at once: %d of 1,000 let through", through.Load())
	if n := through.Load(); n > limit || n == 0 {
		t.Errorf("at once: %d of 1,000 requests let through, want at most %d", n, limit)
	}
}
