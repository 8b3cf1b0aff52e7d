package app_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
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

// TestTimesAcrossClocks: with FollowDatabaseClock (as guanjia serve
// runs), an instance whose machine's clock is ten minutes ahead writes a
// report's times by the database's clock once it has measured its own
// against it; one off by less than ClockSkewMax keeps its machine's, and
// without the option the times are the machine's however far off.
func TestTimesAcrossClocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		testenv.App(t, dsn) // the demo town, migrated and seeded
		clock := func(ahead time.Duration) func() time.Time {
			return func() time.Time { return time.Now().Add(ahead) }
		}
		dispatcher := guanjia.Actor{UserID: 2, Role: guanjia.RoleDispatcher}
		for _, c := range []struct {
			name         string
			ahead        time.Duration
			follow, slow bool
			want, within time.Duration // how far ahead of the database's clock its times are
		}{
			{"ten minutes ahead, following", 10 * time.Minute, true, false, 0, time.Second},
			{"ten minutes behind, following", -10 * time.Minute, true, false, 0, time.Second},
			{"half a second ahead, following", 500 * time.Millisecond, true, false, 500 * time.Millisecond, 100 * time.Millisecond},
			{"ten minutes ahead, not following", 10 * time.Minute, false, false, 10 * time.Minute, time.Second},
			// Each reading of this clock is a second later than the last,
			// as if the database took a second to answer: its measure is
			// not taken.
			{"ten minutes ahead, a slow measure", 10 * time.Minute, true, true, 10 * time.Minute, time.Minute},
		} {
			now := clock(c.ahead)
			if c.slow {
				var readings atomic.Int64
				now = func() time.Time { return clock(c.ahead)().Add(time.Duration(readings.Add(1)) * time.Second) }
			}
			a := testenv.Instance(t, dsn, app.Options{Now: now, FollowDatabaseClock: c.follow})
			if err := a.MeasureClock(ctx); err != nil {
				t.Fatal(err)
			}
			// What the database holds, read through the app, against the
			// machine's clock (the database's here, PostgreSQL running on
			// the same machine) read before and after.
			before := time.Now()
			r, err := a.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
			if err != nil {
				t.Fatal(err)
			}
			stored, err := a.Case(ctx, dispatcher, r.Case.ID)
			if err != nil {
				t.Fatal(err)
			}
			if at := stored.CreatedAt.Add(-c.want); at.Before(before.Add(-c.within)) || at.After(time.Now().Add(c.within)) {
				t.Errorf("%s: the report was written at %v, less %v not between %v and now", c.name, stored.CreatedAt, c.want, before)
			}
			if off := time.Until(a.Now()) - c.want; off.Abs() > c.within {
				t.Errorf("%s: the app's time is %v from %v ahead of the database's clock", c.name, off, c.want)
			}
		}
	})
}
