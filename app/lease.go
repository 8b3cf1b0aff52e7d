package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Jobs lists the names of the background jobs' leases, which the pages
// and /metrics show (TestJobsListed keeps it whole).
func Jobs() []string {
	jobs := []string{"sweep", "reports", "points", "webhooks", planConsumer, "notify-reminders", "notify-bnb"}
	for _, k := range guanjia.ChannelKinds {
		jobs = append(jobs, senderJob(k))
	}
	return jobs
}

// jobTakeover is Options.JobTakeover's default: a holder stalled for less
// (a long collection, a slow commit) keeps its jobs.
const jobTakeover = time.Minute

// leaseOwner names a loop of background jobs as the owner of the leases it
// takes: this host, this process and the time it started, then suffix. The
// app remembers the names it gave (ownsLease).
func (a *App) leaseOwner(suffix string) string {
	host, _ := os.Hostname()
	owner := fmt.Sprintf("%s-%d-%d%s", host, os.Getpid(), time.Now().UnixNano(), suffix)
	a.owners.Store(owner, true)
	return owner
}

// ownsLease reports whether owner is the name of one of this app's loops
// of background jobs.
func (a *App) ownsLease(owner string) bool {
	_, ok := a.owners.Load(owner)
	return ok
}

// leaseNow is the time the leases are taken, renewed, handed on and read
// by: the app's clock less how far it was ahead of the database's when
// last measured (MeasureClock, RunInstance's beats), so that instances
// whose machines' clocks differ agree on when a lease ends, however
// little they differ. Before any measure (tests, commands) it is the
// app's clock.
func (a *App) leaseNow() time.Time { return a.clock().Add(-time.Duration(a.clockAhead.Load())) }

// runLeased runs fn if this instance holds, or can take, the job's lease.
// The jobs run after every commit; the lease is renewed in the database
// only once half of it has passed (heldLeases), since each renewal is a
// write transaction (on SQLite a turn of the one writer, and a commit
// flushed to disk on either engine). A lease another instance holds is
// tried again only once it ends: with three instances, the two without it
// had tried after each of their commits, 1,357 write transactions in a
// 10 s run of scripts/loadtest. Meanwhile the lease is read (no write)
// once a poll, so that one its holder handed on as it stopped
// (releaseLeases) is taken within a poll, not when it would have lapsed.
func (a *App) runLeased(ctx context.Context, job, owner string, poll time.Duration, fn func() error) {
	lease, now, key := 2*poll+a.opts.JobTakeover, a.leaseNow(), owner+" "+job
	if held, recheck := a.leases.elsewhere(key, now, poll); held && (!recheck || !a.handedOn(ctx, key, job, now)) {
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
			a.leases.record(key, now.Add(lease), true, now)
		case err == nil:
			var until time.Time
			if _, until, err = a.db.JobLease(ctx, job); err == nil {
				a.leases.record(key, until, false, now)
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

// handedOn reads the lease of job, held elsewhere as last seen, and
// reports whether it has ended since; if not, it notes until when it runs.
func (a *App) handedOn(ctx context.Context, key, job string, now time.Time) bool {
	_, until, err := a.db.JobLease(ctx, job)
	if err != nil {
		return false
	}
	if !now.Before(until) {
		return true
	}
	a.leases.record(key, until, false, now)
	return false
}

// releaseLeases ends the leases owner holds, as the jobs that took them
// stop, so that another instance, or this one restarted, takes the jobs
// over at once instead of after the leases lapse (2 × poll +
// Options.JobTakeover).
// It runs when ctx has ended, on a context of its own.
func (a *App) releaseLeases(ctx context.Context, owner string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ReleaseJobs(ctx, owner, a.leaseNow())
		return err
	})
	a.leases.forget(owner)
	if err != nil {
		a.log.Warn("release the background jobs' leases", "owner", owner, "err", err)
	}
}

// heldLeases remembers, by owner and job, until when this process holds
// its jobs' leases and until when other instances hold the ones it could
// not take. Another instance may take a lease only once it expired or was
// handed on, so one held with more than a margin left needs no renewal
// yet, and one held elsewhere needs no try before it ends, only a look
// once a poll.
type heldLeases struct {
	mu   sync.Mutex
	seen map[string]leaseSeen
}

// leaseSeen is until when a lease is held, whether by this process, and
// when it was last read.
type leaseSeen struct {
	until time.Time
	mine  bool
	read  time.Time
}

// held reports whether this process holds the lease of key past now+margin.
func (l *heldLeases) held(key string, now time.Time, margin time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.seen[key]
	return s.mine && now.Add(margin).Before(s.until)
}

// elsewhere reports whether another instance holds the lease of key at
// now, as last seen, and whether a poll has passed since it was read.
func (l *heldLeases) elsewhere(key string, now time.Time, poll time.Duration) (held, recheck bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.seen[key]
	return !s.mine && now.Before(s.until), !now.Before(s.read.Add(poll))
}

// record remembers that the lease of key is held until until, by this
// process when mine, as read at now.
func (l *heldLeases) record(key string, until time.Time, mine bool, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string]leaseSeen{}
	}
	l.seen[key] = leaseSeen{until, mine, now}
}

// forget drops what is remembered of owner's leases.
func (l *heldLeases) forget(owner string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for key := range l.seen {
		if strings.HasPrefix(key, owner+" ") {
			delete(l.seen, key)
		}
	}
}
