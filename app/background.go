package app

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// RunHousekeeperJobs runs the points consumer and webhook delivery (and,
// beside them, the notifications, RunNotifications, and the watch on the
// reference data, WatchReference) until
// ctx ends: at once after each commit of this process, and every poll to
// catch other instances' commits and retries that fall due. With several
// instances on one PostgreSQL, a lease in the database lets one run each;
// it returns once they have stopped and handed their leases on.
func (a *App) RunHousekeeperJobs(ctx context.Context, poll time.Duration) {
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s-%d-%d-hk", host, os.Getpid(), time.Now().UnixNano())
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { a.RunNotifications(ctx, poll) })
	wg.Go(func() { a.WatchReference(ctx, poll) })
	defer a.releaseLeases(ctx, owner)
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		wake := a.Changed()
		a.runLeased(ctx, "points", owner, poll, func() error { _, err := a.ProcessPoints(ctx); return err })
		a.runLeased(ctx, "webhooks", owner, poll, func() error { _, err := a.DeliverWebhooks(ctx); return err })
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
	}
}
