package app

import (
	"context"
	"sync"
	"time"
)

// RunHousekeeperJobs runs the points consumer and webhook delivery (and,
// beside them, the notifications, RunNotifications, and the watch on the
// reference data, WatchReference) until
// ctx ends: at once after each commit of this process (jobGap apart at
// least), and every poll to
// catch other instances' commits and retries that fall due. With several
// instances on one PostgreSQL, a lease in the database lets one run each;
// it returns once they have stopped and handed their leases on.
func (a *App) RunHousekeeperJobs(ctx context.Context, poll time.Duration) {
	owner := a.leaseOwner("-hk")
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { a.RunNotifications(ctx, poll) })
	wg.Go(func() { a.WatchReference(ctx, poll) })
	defer a.releaseLeases(ctx, owner)
	a.loop(ctx, poll, func() {
		a.runLeased(ctx, "points", owner, poll, func() error { _, err := a.ProcessPoints(ctx); return err })
		a.runLeased(ctx, "webhooks", owner, poll, func() error { _, err := a.DeliverWebhooks(ctx); return err })
	})
}

// jobGap is the least time between two runs of a background job that
// commits wake (the points, the notification planner and senders). Under
// intake a group of new cases commits every 15 ms or so, and a run after
// each, a write transaction each (on SQLite a turn of the one writer, on
// either engine a flush to disk), had been 200 write transactions a
// second beside the cases' (bench intake at a million cases on SQLite);
// 100 ms apart, a run takes what came meanwhile in one transaction, 78%
// fewer of them, for a notification planned at most 100 ms later.
const jobGap = 100 * time.Millisecond

// settle waits until jobGap has passed since start, or ctx ends.
func settle(ctx context.Context, start time.Time) {
	d := jobGap - time.Since(start)
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// tick runs fn now and every poll until ctx ends.
func (a *App) tick(ctx context.Context, poll time.Duration, fn func()) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// loop runs fn now, after each commit of this process (jobGap apart at
// least) and every poll, until ctx ends.
func (a *App) loop(ctx context.Context, poll time.Duration, fn func()) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		wake, start := a.Changed(), time.Now()
		fn()
		select {
		case <-ctx.Done():
			return
		case <-wake:
			settle(ctx, start)
		case <-t.C:
		}
	}
}
