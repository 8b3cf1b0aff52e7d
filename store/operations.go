package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guanjia/guanjia"
)

// What an operator watches of the background work that the instances
// sharing a database share: the jobs' leases, how far behind the outbox's
// consumers are, and the notifications waiting to be sent.

// JobLease is a background job's lease: who holds it and until when.
type JobLease struct {
	Job, Owner string
	Until      time.Time
}

// JobLeases returns every job's lease, by job.
func (r *reader) JobLeases(ctx context.Context) ([]JobLease, error) {
	ls, err := list(ctx, r, "SELECT name, owner, expires_at FROM job_leases ORDER BY name", nil, func(s scanner) (JobLease, error) {
		var l JobLease
		err := s.Scan(&l.Job, &l.Owner, timeCol{&l.Until})
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("job leases: %w", err)
	}
	return ls, nil
}

// OutboxAfter counts the outbox messages after id, up to limit (a count
// past it reads as limit), and returns when the first of them was
// written; zero when there is none.
func (r *reader) OutboxAfter(ctx context.Context, id int64, limit int) (n int64, first time.Time, err error) {
	err = r.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE id > ? LIMIT ?) m", id, limit).Scan(&n)
	if err == nil && n > 0 {
		err = r.queryRow(ctx, "SELECT at FROM messages WHERE id > ? ORDER BY id LIMIT 1", id).Scan(timeCol{&first})
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("outbox after %d: %w", id, err)
	}
	return n, first, nil
}

// DueCount is how many notifications of a kind of channel are due and
// not yet sent, and since when the oldest has been.
type DueCount struct {
	Kind   guanjia.ChannelKind
	N      int64
	Oldest time.Time
}

// DueNotificationCounts counts the pending notifications due at now, by
// kind of channel.
func (r *reader) DueNotificationCounts(ctx context.Context, now time.Time) ([]DueCount, error) {
	cs, err := list(ctx, r, `SELECT kind, COUNT(*), MIN(next_at) FROM notifications
		WHERE status = 'pending' AND next_at <= ? GROUP BY kind ORDER BY kind`, []any{now}, func(s scanner) (DueCount, error) {
		var c DueCount
		err := s.Scan(&c.Kind, &c.N, timeCol{&c.Oldest})
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("due notifications: %w", err)
	}
	return cs, nil
}

// DueWebhookCount counts the webhook deliveries due at now and not yet
// made nor given up, and returns since when the oldest has been due.
func (r *reader) DueWebhookCount(ctx context.Context, now time.Time) (n int64, oldest time.Time, err error) {
	err = r.queryRow(ctx, `SELECT COUNT(*), MIN(next_at) FROM webhook_jobs
		WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= ?`, now).Scan(&n, timeCol{&oldest})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("due webhooks: %w", err)
	}
	return n, oldest, nil
}
