package app

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/guanjia/guanjia/store"
)

// Webhook delivery: jobs wait in the database until a POST answers 2xx,
// retried with exponential backoff and given up after webhookAttempts.

const (
	webhookAttempts   = 12
	webhookFirstRetry = 10 * time.Second
	webhookMaxRetry   = time.Hour
)

// webhookBackoff is the wait before attempt n+1 after n failures.
func webhookBackoff(n int) time.Duration {
	d := webhookFirstRetry
	for i := 1; i < n && d < webhookMaxRetry; i++ {
		d *= 2
	}
	return min(d, webhookMaxRetry)
}

// DeliverWebhooks attempts every webhook job that is due, once each, and
// records the outcome. It returns how many it delivered.
func (a *App) DeliverWebhooks(ctx context.Context) (int, error) {
	jobs, err := a.db.DueWebhookJobs(ctx, a.now(), 50)
	if err != nil {
		return 0, err
	}
	delivered := 0
	for i := range jobs {
		j := &jobs[i]
		a.attempt(ctx, j)
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
		if err := a.db.Tx(ctx, func(tx *store.Tx) error { return tx.RecordWebhookAttempt(ctx, j) }); err != nil {
			return delivered, err
		}
		if j.DeliveredAt != nil {
			delivered++
		}
	}
	return delivered, nil
}

// attempt POSTs a job and sets what happened on it.
func (a *App) attempt(ctx context.Context, j *store.WebhookJob) {
	j.Attempts++
	err := a.post(ctx, j)
	now := a.now()
	switch {
	case err == nil:
		j.DeliveredAt, j.LastError = &now, ""
	case j.Attempts >= webhookAttempts:
		j.FailedAt, j.LastError = &now, err.Error()
		a.log.Warn("webhook: giving up", "job", j.ID, "topic", j.Topic, "attempts", j.Attempts, "err", err)
	default:
		j.NextAt, j.LastError = now.Add(webhookBackoff(j.Attempts)), err.Error()
	}
}

func (a *App) post(ctx context.Context, j *store.WebhookJob) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.URL, bytes.NewReader(j.Payload))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "guanjia")
	req.Header.Set("X-Guanjia-Topic", j.Topic)
	req.Header.Set("X-Guanjia-Delivery", strconv.FormatInt(j.ID, 10))
	resp, err := a.opts.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
