package app_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestInstancesAcrossClocks: two instances whose machines' clocks are ten
// minutes apart each see the other as serving, because the instances are
// seen by the database's clock, not their own; the one whose clock is off
// says so in its log and is shown as off to both.
func TestInstancesAcrossClocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		testenv.App(t, dsn) // the demo town, migrated and seeded
		var log testenv.Buffer
		ahead := testenv.Instance(t, dsn, app.Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) },
			Logger: slog.New(slog.NewTextHandler(&log, nil))})
		right := testenv.Instance(t, dsn, app.Options{})
		var wg sync.WaitGroup
		for _, a := range []*app.App{ahead, right} {
			wg.Add(1)
			go func() { defer wg.Done(); a.RunInstance(ctx, 20*time.Millisecond) }()
		}
		defer wg.Wait()
		defer cancel()
		for name, a := range map[string]*app.App{"the instance ahead": ahead, "the instance right": right} {
			testenv.WaitFor(t, 10*time.Second, name+" to read both instances", func() bool {
				ops, err := a.Operations(ctx)
				return err == nil && len(ops.Instances) == 2
			})
			ops, err := a.Operations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range ops.Instances {
				if in.Gone {
					t.Errorf("%s reads %s (mine %v) as gone: seen %v", name, in.ID, in.Mine, in.Seen)
				}
				off := in.ClockOffset > 9*time.Minute && in.ClockOffset < 11*time.Minute
				if mineAhead := in.Mine == (a == ahead); off != mineAhead || in.Skewed != mineAhead {
					t.Errorf("%s reads %s (mine %v) as %v ahead of the database (off: %v)", name, in.ID, in.Mine, in.ClockOffset, in.Skewed)
				}
			}
		}
		if !strings.Contains(log.String(), "this machine's clock is off the database's") {
			t.Errorf("the instance ahead did not warn of its clock; its log:\n%s", log.String())
		}
	})
}

// TestLeasesAcrossClocks: an instance whose machine's clock runs ten
// minutes ahead does not take the leases another holds, since both keep
// them by the database's clock; by its own it would find them all ended.
// (It may take those nobody held yet.)
func TestLeasesAcrossClocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		testenv.App(t, dsn) // the demo town, migrated and seeded
		right := testenv.Instance(t, dsn, app.Options{})
		ahead := testenv.Instance(t, dsn, app.Options{Now: func() time.Time { return time.Now().Add(10 * time.Minute) }})
		held := func(a *app.App) map[string]bool {
			ops, err := a.Operations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			mine := map[string]bool{}
			for _, l := range ops.Leases {
				if l.Mine && !ops.Ended(l) {
					mine[l.Job] = true
				}
			}
			return mine
		}
		var wg sync.WaitGroup
		defer wg.Wait()
		defer cancel()
		for _, a := range []*app.App{right, ahead} {
			if err := a.MeasureClock(ctx); err != nil {
				t.Fatal(err)
			}
			wg.Go(func() { a.RunHousekeeperJobs(ctx, 20*time.Millisecond) })
			if a == right {
				testenv.WaitFor(t, 10*time.Second, "the instance whose clock is right to take the points' lease", func() bool { return held(right)["points"] })
			}
		}
		before := held(right)
		time.Sleep(time.Second) // some fifty polls of the instance ahead
		got := held(right)
		for job := range before {
			if !got[job] {
				t.Errorf("the instance whose clock is right lost the lease of %s (it holds %v)", job, got)
			}
		}
		for job := range held(ahead) {
			if before[job] {
				t.Errorf("the instance ten minutes ahead took the lease of %s from the other", job)
			}
		}
	})
}
