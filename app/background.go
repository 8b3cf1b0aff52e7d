package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/guanjia/guanjia/store"
)

// RunHousekeeperJobs runs the points consumer and webhook delivery (and,
// beside them, the notifications, RunNotifications, and the watch on the
// reference data, WatchReference) until
// ctx ends: at once after each commit of this process, and every poll to
// catch other instances' commits and retries that fall due. With several
// instances on one PostgreSQL, a lease in the database lets one run each.
func (a *App) RunHousekeeperJobs(ctx context.Context, poll time.Duration) {
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s-%d-%d-hk", host, os.Getpid(), time.Now().UnixNano())
	go a.RunNotifications(ctx, poll)
	go a.WatchReference(ctx, poll)
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

// runLeased runs fn if this instance holds, or can take, the job's lease.
func (a *App) runLeased(ctx context.Context, job, owner string, poll time.Duration, fn func() error) {
	var got bool
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		got, err = tx.AcquireJob(ctx, job, owner, a.now(), 2*poll+time.Minute)
		return err
	})
	if err == nil && got {
		err = fn()
	}
	if err != nil && ctx.Err() == nil {
		a.log.Error("background job", "job", job, "err", err)
	}
}
