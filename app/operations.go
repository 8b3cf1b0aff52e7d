package app

import (
	"context"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// Operations is the background work as every instance sharing the
// database sees it, for an operator's monitoring (the server's /metrics):
// whether each job's lease is held, and by this process; how far behind
// the outbox's consumers are; and the notifications and webhook
// deliveries due and not yet made.
type Operations struct {
	// At is when it was read, by the app's clock, and LeaseAt the same
	// moment by the clock the leases are kept by (leaseNow): the app's,
	// less how far it is ahead of the database's.
	At, LeaseAt time.Time
	Leases      []LeaseStatus
	Backlogs    []Backlog
	Due         []store.DueCount
	// Webhooks is the housekeepers' webhook deliveries due and not yet
	// made (Kind empty).
	Webhooks store.DueCount
	// Instances are the instances serving the database (RunInstance).
	Instances []InstanceStatus
	// Schema is the last migration applied to the database; SchemaAhead
	// the migrations applied that this binary does not have.
	Schema      int
	SchemaAhead []string
}

// LeaseStatus is a background job's lease: its holder (the host, process
// and start of an instance's loop of jobs), until when it runs (a time
// past means no instance runs the job now) and whether this process
// holds it.
type LeaseStatus struct {
	Job, Owner string
	Until      time.Time
	Mine       bool
}

// Backlog is how far an outbox consumer is behind: the messages it has
// not taken yet (counted up to backlogLimit) and when the first of them
// was written (zero for none).
type Backlog struct {
	Consumer string
	Behind   int64
	Since    time.Time
}

// backlogLimit caps the count of a consumer's backlog, so that reading it
// stays cheap however far behind the consumer has fallen.
const backlogLimit = 100000

// Operations reads the background work's state.
func (a *App) Operations(ctx context.Context) (*Operations, error) {
	ls, err := a.db.JobLeases(ctx)
	if err != nil {
		return nil, err
	}
	ops := &Operations{At: a.now(), LeaseAt: a.leaseNow()}
	for _, l := range ls {
		ops.Leases = append(ops.Leases, LeaseStatus{Job: l.Job, Owner: l.Owner, Until: l.Until, Mine: a.ownsLease(l.Owner)})
	}
	for _, name := range []string{planConsumer, pointsConsumer} {
		last, err := a.db.Cursor(ctx, name)
		if err != nil {
			return nil, err
		}
		b, err := a.OutboxBehind(ctx, name, last)
		if err != nil {
			return nil, err
		}
		ops.Backlogs = append(ops.Backlogs, b)
	}
	if ops.Due, err = a.db.DueNotificationCounts(ctx, ops.At); err != nil {
		return nil, err
	}
	if ops.Webhooks.N, ops.Webhooks.Oldest, err = a.db.DueWebhookCount(ctx, ops.At); err != nil {
		return nil, err
	}
	if err := a.instances(ctx, ops); err != nil {
		return nil, err
	}
	return ops, nil
}

// Waited is how long something waiting since since has waited at o.At:
// 0 for nothing waiting (the zero time), never below 0.
func (o *Operations) Waited(since time.Time) time.Duration {
	if since.IsZero() {
		return 0
	}
	return max(0, o.At.Sub(since))
}

// Ended reports whether l had ended when o was read: no instance runs its
// job.
func (o *Operations) Ended(l LeaseStatus) bool { return !o.LeaseAt.Before(l.Until) }

// OutboxBehind is how far a reader of the outbox that has read up to
// the message after (this instance's live hub) is behind, as a Backlog
// of consumer.
func (a *App) OutboxBehind(ctx context.Context, consumer string, after int64) (Backlog, error) {
	n, first, err := a.db.OutboxAfter(ctx, after, backlogLimit)
	return Backlog{Consumer: consumer, Behind: n, Since: first}, err
}

// OperationsFor is Operations for a person to read: the county's
// administrators, who run the instances, may; a town's may not (the
// outbox and the jobs are the whole installation's).
func (a *App) OperationsFor(ctx context.Context, actor guanjia.Actor) (*Operations, error) {
	if !guanjia.MayManageNotifications(actor) || a.Confined(actor) {
		return nil, guanjia.Errorf(guanjia.EFORBIDDEN, "Only the county's administrators see the background work.")
	}
	return a.Operations(ctx)
}
