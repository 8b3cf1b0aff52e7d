package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// ReplayPoints hands every outbox message to the points consumer again, as
// a consumer that lost its cursor would, for tests of idempotency.
func (a *App) ReplayPoints(ctx context.Context) error {
	return a.db.Tx(ctx, func(tx *store.Tx) error {
		msgs, err := tx.Messages(ctx, 0, store.MaxMessageLimit)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if err := a.pointsFor(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// CheckPasswordPolicy is checkPasswordPolicy, for the fuzz test.
var CheckPasswordPolicy = checkPasswordPolicy

// Store returns the store under a, for app's tests to arrange and inspect
// rows that no use case reads or writes. The edges have no such way in.
func (a *App) Store() *store.DB { return a.db }

// PlanReads are the reads a notification planner makes, for tests that
// count them.
type PlanReads = planReads

// PlanMessages plans msgs through r as one batch, or, with each, a batch a
// message, and returns the notifications planned (none is written).
func (a *App) PlanMessages(ctx context.Context, r PlanReads, msgs []guanjia.Message, each bool) ([]store.Notification, error) {
	var out []store.Notification
	var p *planner
	for i, m := range msgs {
		if p == nil || each {
			if p != nil {
				out = append(out, p.out...)
			}
			p = a.newPlanner(r)
			var err error
			if p.rules, err = a.db.NotifyRules(ctx); err != nil {
				return nil, err
			}
			if p.channels, err = a.db.Channels(ctx); err != nil {
				return nil, err
			}
			batch := msgs[i:]
			if each {
				batch = msgs[i : i+1]
			}
			if err := p.prefetch(ctx, batch); err != nil {
				return nil, err
			}
		}
		if err := p.plan(ctx, m); err != nil {
			return nil, err
		}
		if i == len(msgs)-1 {
			out = append(out, p.out...)
		}
	}
	return out, nil
}

// PlannedMessages returns how many outbox messages a planned notifications
// for.
func (a *App) PlannedMessages() int64 { return a.plannedMessages.Load() }

// PointsRead returns how many outbox messages a's points consumer read.
func (a *App) PointsRead() int64 { return a.pointsRead.Load() }

// LeaseTries returns how many write transactions a made to take or renew
// a background job's lease.
func (a *App) LeaseTries() int64 { return a.leaseTries.Load() }

// RemindRuns returns how many times a looked for reminders due.
func (a *App) RemindRuns() int64 { return a.remindRuns.Load() }

// RunLeased is runLeased, for tests of the leases.
func (a *App) RunLeased(ctx context.Context, job, owner string, poll time.Duration, fn func() error) {
	a.runLeased(ctx, job, owner, poll, fn)
}

const RemindChunk = remindChunk

// ReleaseLeases is releaseLeases, for tests of the leases.
func (a *App) ReleaseLeases(ctx context.Context, owner string) { a.releaseLeases(ctx, owner) }

// Loop is loop, and NotifyChanged what a commit does, for tests of the
// jobs' pace.
func (a *App) Loop(ctx context.Context, poll time.Duration, fn func()) { a.loop(ctx, poll, fn) }
func (a *App) NotifyChanged()                                          { a.notifyChanged() }

const JobGap = jobGap

// ConferenceAt returns the event that a case of town reported at (lat,
// lng) at time at is in, or nil.
func (a *App) ConferenceAt(ctx context.Context, town string, lat, lng float64, at time.Time) (*guanjia.Conference, error) {
	return a.conferenceFor(ctx, &guanjia.Case{Jurisdiction: town, Lat: lat, Lng: lng, CreatedAt: at})
}

// RateTrips returns how many times a went to the database to count
// requests against its rate limits (0 where it counts in memory).
func (a *App) RateTrips() int64 {
	if l, ok := a.limiter.(*sharedLimiter); ok {
		return l.trips.Load()
	}
	return 0
}
