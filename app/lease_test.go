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

// TestLeasesHandedOnAtStop: an instance that stops (a restart, a deploy)
// hands its background jobs' leases on, so that the next instance takes
// the jobs over at once, on the same clock, rather than after the leases
// lapse (2 × poll + 1 minute of no points, no notifications, no sweep).
func TestLeasesHandedOnAtStop(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := instanceOn(t, dsn, clock)
		jobs := []string{"points", "webhooks", "notify-reminders", "sweep", "reports"}
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{}, 2)
		go func() { a.RunHousekeeperJobs(runCtx, time.Hour); done <- struct{}{} }()
		go func() { a.RunJobs(runCtx, time.Hour); done <- struct{}{} }()
		testenv.WaitFor(t, 10*time.Second, "a to take every job's lease", func() bool {
			for _, job := range jobs {
				if owner, until, err := a.Store().JobLease(ctx, job); err != nil || owner == "" || !until.After(clock.Now()) {
					return false
				}
			}
			return true
		})
		cancel()
		<-done
		<-done
		for _, job := range jobs {
			owner, until, err := a.Store().JobLease(ctx, job)
			if err != nil {
				t.Fatal(err)
			}
			if until.After(clock.Now()) {
				t.Errorf("%s: a stopped and its lease (%s) runs until %v, %v from now", job, owner, until, until.Sub(clock.Now()))
			}
			ran := false
			b.RunLeased(ctx, job, "b", time.Hour, func() error { ran = true; return nil })
			if !ran {
				t.Errorf("%s: b did not take the job over from a, stopped", job)
			}
		}
	})
}

// TestLeaseHandedOnSeenWithinAPoll: an instance refused a lease reads it
// again (reading only) once a poll, and takes it within a poll of its
// holder handing it on, not when it would have lapsed.
func TestLeaseHandedOnSeenWithinAPoll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := instanceOn(t, dsn, clock)
		const poll = time.Second // a lease of 62 s
		start := clock.Now()
		runs := map[string]int{}
		run := func(x *app.App, owner string, after time.Duration) {
			clock.Set(start.Add(after))
			x.RunLeased(ctx, "test", owner, poll, func() error { runs[owner]++; return nil })
		}
		run(a, "a", 0)
		run(b, "b", 1*time.Second) // refused: a's lease runs until 62 s
		a.ReleaseLeases(ctx, "a")
		run(b, "b", 1500*time.Millisecond) // within a poll of its look at 1 s
		if runs["b"] != 0 {
			t.Errorf("b ran %d times within a poll of being refused, want it to wait for the poll", runs["b"])
		}
		run(b, "b", 2*time.Second)
		if runs["b"] != 1 {
			t.Errorf("a poll after a handed the lease on, b ran %d times, want 1", runs["b"])
		}
		if owner, _, _ := a.Store().JobLease(ctx, "test"); owner != "b" {
			t.Errorf("the lease is %q's, want b's", owner)
		}
		if tries := b.LeaseTries(); tries != 2 {
			t.Errorf("b made %d write transactions for the lease, want 2 (refused, then taken)", tries)
		}
	})
}

// TestJobsPacedUnderCommits: a background job that commits wake runs at
// once after a commit, then at most once every app.JobGap however fast
// commits come, and always once more after the last of them, so that
// nothing a commit wrote waits for the poll.
func TestJobsPacedUnderCommits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var runs []time.Time
		done := make(chan struct{})
		go func() {
			defer close(done)
			a.Loop(ctx, time.Hour, func() { mu.Lock(); runs = append(runs, time.Now()); mu.Unlock() })
		}()
		const commits, every = 80, 5 * time.Millisecond
		var last time.Time
		first := time.Now()
		for range commits {
			time.Sleep(every)
			last = time.Now()
			a.NotifyChanged()
		}
		testenv.WaitFor(t, 10*time.Second, "a run after the last commit", func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(runs) > 0 && runs[len(runs)-1].After(last)
		})
		cancel()
		<-done
		for i := 1; i < len(runs); i++ {
			if gap := runs[i].Sub(runs[i-1]); gap < app.JobGap {
				t.Errorf("runs %d and %d %v apart, want %v at least", i-1, i, gap, app.JobGap)
			}
		}
		// At the start, then a gap apart while commits come: at 100 ms and
		// 200 ms at least, since they come for 400 ms and more.
		if len(runs) < 3 {
			t.Errorf("%d runs for %d commits over %v, want one at least every %v", len(runs), commits, last.Sub(first), app.JobGap)
		}
	})
}

// TestJobsListed: every lease the app's loops take is in app.Jobs, which
// the outbox page names and /metrics reports. It reads the sources, so a
// job added with a new lease name fails here until it is listed.
func TestJobsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, j := range app.Jobs() {
		listed[j] = true
	}
	for _, m := range inSources(t, `(?:runLeased|AcquireJob)\(ctx, "([^"]+)"`, 5) {
		if !listed[m.Sub[1]] {
			t.Errorf("%s takes the lease %q, which app.Jobs does not list", m.File, m.Sub[1])
		}
	}
	for _, k := range guanjia.ChannelKinds {
		if !listed["notify-"+string(k)] {
			t.Errorf("the sender of %s is not listed", k)
		}
	}
}
