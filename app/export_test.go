package app

import (
	"context"
	"time"

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
