package app

import (
	"context"
	"fmt"
	"os"
	"sync"
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
// The jobs run after every commit; the lease is renewed in the database
// only once half of it has passed (heldLeases), since each renewal is a
// write transaction (on SQLite a turn of the one writer, and a commit
// flushed to disk on either engine). A lease another instance holds is
// tried again only once it ends: with three instances, the two without it
// had tried after each of their commits, 1,357 write transactions in a
// 10 s run of scripts/loadtest.
func (a *App) runLeased(ctx context.Context, job, owner string, poll time.Duration, fn func() error) {
	lease, now, key := 2*poll+time.Minute, a.now(), owner+" "+job
	if a.leases.elsewhere(key, now) {
		return
	}
	got := a.leases.held(key, now, lease/2)
	var err error
	if !got {
		a.leaseTries.Add(1)
		err = a.db.Tx(ctx, func(tx *store.Tx) error {
			var err error
			got, err = tx.AcquireJob(ctx, job, owner, now, lease)
			return err
		})
		switch {
		case err == nil && got:
			a.leases.record(key, now.Add(lease), true)
		case err == nil:
			var until time.Time
			if _, until, err = a.db.JobLease(ctx, job); err == nil {
				a.leases.record(key, until, false)
			}
		}
	}
	if err == nil && got {
		err = fn()
	}
	if err != nil && ctx.Err() == nil {
		a.log.Error("background job", "job", job, "err", err)
	}
}

// heldLeases remembers, by owner and job, until when this process holds
// its jobs' leases and until when other instances hold the ones it could
// not take. Another instance may take a lease only once it expired, so one
// held with more than a margin left needs no renewal yet, and one held
// elsewhere needs no try before it ends.
type heldLeases struct {
	mu   sync.Mutex
	seen map[string]leaseSeen
}

// leaseSeen is until when a lease is held, and whether by this process.
type leaseSeen struct {
	until time.Time
	mine  bool
}

// held reports whether this process holds the lease of key past now+margin.
func (l *heldLeases) held(key string, now time.Time, margin time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.seen[key]
	return s.mine && now.Add(margin).Before(s.until)
}

// elsewhere reports whether another instance holds the lease of key at
// now, as last seen.
func (l *heldLeases) elsewhere(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.seen[key]
	return !s.mine && now.Before(s.until)
}

// record remembers that the lease of key is held until until, by this
// process when mine.
func (l *heldLeases) record(key string, until time.Time, mine bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]leaseSeen{}
	}
	l.seen[key] = leaseSeen{until, mine}
}
