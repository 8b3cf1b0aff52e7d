package app_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestJobsAcrossInstances runs the background jobs (RunJobs: the sweep and
// the monthly reports' archive) of two App instances over one database,
// on one test clock, as two guanjia serve processes would. A runs them
// with a lease of two days and stops, as if killed, holding the leases;
// the sweep and then the archive fall due again after it has lapsed. B,
// then B and A started again, must take the jobs over (no lost run), and
// each job is done once:
// each escalation step once on the timeline, each month's reports archived
// once per town and unit.
func TestJobsAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := instanceOn(t, dsn, clock)
		id := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "垃圾"}).Case.ID

		dispatcher := actor(t, a, "dispatcher")
		stopA := runJobs(a, 24*time.Hour) // leases until t0 + 2 days
		october := waitArchived(t, a, "2026-10", 0)
		stopA() // A is gone; its leases stand until they lapse

		clock.Set(t0.Add(49 * time.Hour)) // overdue, and A's lease has lapsed
		stopB := runJobs(b, 10*time.Millisecond)
		defer stopB()
		testenv.WaitFor(t, 10*time.Second, "B to take the sweep over and escalate", func() bool {
			c, err := a.Case(ctx, dispatcher, id)
			return err == nil && c.EscalationLevel > 0
		})

		stopA = runJobs(a, 10*time.Millisecond) // A again, beside B
		defer stopA()
		clock.Set(time.Date(2026, 12, 2, 10, 0, 0, 0, guanjia.TownZone))
		waitArchived(t, b, "2026-11", october)
		stopA()
		stopB()
		checkEscalations(t, a, id)
		if got := len(archived(t, a, "2026-10")); got != october {
			t.Errorf("October: %d reports after the takeover, %d before", got, october)
		}
	})
}

// runJobs runs a's background jobs every interval until the returned
// function is called, which waits for them to stop.
func runJobs(a *app.App, interval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.RunJobs(ctx, interval); close(done) }()
	var once sync.Once
	return func() { once.Do(func() { cancel(); <-done }) }
}

// archived returns the archived reports of period.
func archived(t *testing.T, a *app.App, period string) []*guanjia.ArchivedReport {
	t.Helper()
	all, err := a.ArchivedReports(context.Background(), actor(t, a, "dispatcher"), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []*guanjia.ArchivedReport
	for _, r := range all {
		if r.Period == period {
			out = append(out, r)
		}
	}
	return out
}

// waitArchived waits until period's reports are archived, want of them
// (any number if 0), once per town and unit, and returns how many.
func waitArchived(t *testing.T, a *app.App, period string, want int) int {
	t.Helper()
	var rs []*guanjia.ArchivedReport
	testenv.WaitFor(t, 10*time.Second, period+"'s reports archived", func() bool {
		rs = archived(t, a, period)
		return len(rs) > 0 && (want == 0 || len(rs) >= want)
	})
	seen := map[string]bool{}
	for _, r := range rs {
		if key := r.Town + "/" + r.Unit; seen[key] {
			t.Errorf("%s: %s archived twice", period, key)
		} else {
			seen[key] = true
		}
	}
	if want != 0 && len(rs) != want {
		t.Errorf("%s: %d reports archived, want %d", period, len(rs), want)
	}
	return len(rs)
}

// checkEscalations checks that each escalation step of case id is on its
// timeline once: as many escalations as levels.
func checkEscalations(t *testing.T, a *app.App, id int64) {
	t.Helper()
	ctx, dispatcher := context.Background(), actor(t, a, "dispatcher")
	c, err := a.Case(ctx, dispatcher, id)
	if err != nil {
		t.Fatal(err)
	}
	events, err := a.Timeline(ctx, dispatcher, id)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Action == guanjia.ActionEscalate {
			n++
		}
	}
	if n != c.EscalationLevel || n == 0 {
		t.Errorf("case %d: %d escalations on the timeline at level %d", id, n, c.EscalationLevel)
	}
}

// TestReferenceAcrossInstances: an administrator's change of the reference
// data on one instance reaches another sharing the database, which keeps
// its copy in memory, at its next watch.
func TestReferenceAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, a, b, _ := watchingPair(t, dsn)
		old, ok := a.Category("garbage")
		if !ok {
			t.Fatal("no garbage category")
		}
		c := *old
		c.NameEN = "Heaps of rubbish"
		if err := a.PutCategory(ctx, actor(t, a, "county-admin"), &c); err != nil {
			t.Fatal(err)
		}
		testenv.WaitFor(t, 10*time.Second, "the other instance to see the new name", func() bool {
			got, ok := b.Category("garbage")
			return ok && got.NameEN == c.NameEN
		})
	})
}

// watchingPair returns two instances on dsn that share a clock, the
// second watching the reference data every 10 ms until the test ends.
func watchingPair(t *testing.T, dsn string) (ctx context.Context, a, b *app.App, clock *testenv.Clock) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, clock = newApp(t, dsn)
	b = instanceOn(t, dsn, clock)
	done := make(chan struct{})
	go func() { b.WatchReference(ctx, 10*time.Millisecond); close(done) }()
	t.Cleanup(func() { cancel(); <-done }) // before the instances close
	return ctx, a, b, clock
}

// TestLeaseRenewedAtHalfLife: a job run after every commit renews its lease
// in the database only once half of it has passed (each renewal is a write
// transaction), and the lease still keeps another instance out until it
// lapses; the other instance, refused once, tries again only then.
func TestLeaseRenewedAtHalfLife(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := instanceOn(t, dsn, clock)
		const poll = time.Second // a lease of 2 × poll + 1 minute: 62 s
		start := clock.Now()
		runs := map[string]int{}
		run := func(x *app.App, owner string, after time.Duration) {
			clock.Set(start.Add(after))
			x.RunLeased(ctx, "test", owner, poll, func() error { runs[owner]++; return nil })
		}
		until := func() time.Time {
			_, until, err := a.Store().JobLease(ctx, "test")
			if err != nil {
				t.Fatal(err)
			}
			return until
		}
		run(a, "a", 0)
		first := until()
		run(a, "a", 10*time.Second)
		if got := until(); !got.Equal(first) {
			t.Errorf("10 s into a 62 s lease, it was renewed: until %v, want %v", got, first)
		}
		run(a, "a", 40*time.Second)
		if got, want := until(), start.Add(102*time.Second); !got.Equal(want) {
			t.Errorf("40 s into a 62 s lease: until %v, want renewed to %v", got, want)
		}
		run(b, "b", 90*time.Second) // a's lease stands
		tries := b.LeaseTries()
		for s := 91; s <= 101; s++ {
			run(b, "b", time.Duration(s)*time.Second)
		}
		if got := b.LeaseTries() - tries; got != 0 {
			t.Errorf("b tried %d times more to take a's lease before it ended, want none", got)
		}
		run(b, "b", 103*time.Second) // a's lease has lapsed
		if runs["a"] != 3 || runs["b"] != 1 {
			t.Errorf("runs %v, want a 3 and b 1", runs)
		}
		if owner, _, _ := a.Store().JobLease(ctx, "test"); owner != "b" {
			t.Errorf("the lease is %q's, want b's after a's lapsed", owner)
		}
	})
}
