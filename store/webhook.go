package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// WebhookJob is an outgoing notification, kept until it is delivered or
// given up on.
type WebhookJob struct {
	ID          int64
	Topic       string
	URL         string
	Payload     []byte // JSON
	Attempts    int
	NextAt      time.Time
	DeliveredAt *time.Time
	FailedAt    *time.Time
	LastError   string
	CreatedAt   time.Time
}

const webhookColumns = "id, topic, url, payload, attempts, next_at, delivered_at, failed_at, last_error, created_at"

func scanWebhookJob(s scanner) (WebhookJob, error) {
	var j WebhookJob
	var payload string
	err := s.Scan(&j.ID, &j.Topic, &j.URL, &payload, &j.Attempts, timeCol{&j.NextAt}, nullTimeCol{&j.DeliveredAt},
		nullTimeCol{&j.FailedAt}, &j.LastError, timeCol{&j.CreatedAt})
	j.Payload = []byte(payload)
	return j, err
}

// AddWebhookJob queues j, due at j.NextAt (CreatedAt when zero), and sets j.ID.
func (tx *Tx) AddWebhookJob(ctx context.Context, j *WebhookJob) error {
	if j.CreatedAt.IsZero() {
		j.CreatedAt = tx.now()
	}
	if j.NextAt.IsZero() {
		j.NextAt = j.CreatedAt
	}
	j.CreatedAt, j.NextAt = norm(j.CreatedAt), norm(j.NextAt)
	err := tx.queryRow(ctx, `INSERT INTO webhook_jobs (topic, url, payload, attempts, next_at, created_at)
		VALUES (?, ?, ?, 0, ?, ?) RETURNING id`, j.Topic, j.URL, string(j.Payload), j.NextAt, j.CreatedAt).Scan(&j.ID)
	if err != nil {
		return fmt.Errorf("add webhook job %s: %w", j.Topic, err)
	}
	return nil
}

// DueWebhookJobs returns up to limit undelivered jobs due at now, oldest first.
func (r *reader) DueWebhookJobs(ctx context.Context, now time.Time, limit int) ([]WebhookJob, error) {
	js, err := list(ctx, r, "SELECT "+webhookColumns+` FROM webhook_jobs
		WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= ? ORDER BY next_at, id LIMIT `+strconv.Itoa(limit),
		[]any{now}, scanWebhookJob)
	if err != nil {
		return nil, fmt.Errorf("due webhook jobs: %w", err)
	}
	return js, nil
}

// RecordWebhookAttempt writes the outcome of one delivery attempt: j's
// Attempts, NextAt, DeliveredAt, FailedAt and LastError.
func (tx *Tx) RecordWebhookAttempt(ctx context.Context, j *WebhookJob) error {
	j.NextAt, j.DeliveredAt, j.FailedAt = norm(j.NextAt), normp(j.DeliveredAt), normp(j.FailedAt)
	_, err := tx.exec(ctx, `UPDATE webhook_jobs SET attempts = ?, next_at = ?, delivered_at = ?, failed_at = ?,
		last_error = ? WHERE id = ?`, j.Attempts, j.NextAt, j.DeliveredAt, j.FailedAt, j.LastError, j.ID)
	if err != nil {
		return fmt.Errorf("record webhook attempt %d: %w", j.ID, err)
	}
	return nil
}
