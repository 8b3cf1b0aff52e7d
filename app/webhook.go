package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
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
	_, err := a.postJSON(ctx, j.URL, j.Payload, http.Header{"X-Guanjia-Topic": {j.Topic},
		"X-Guanjia-Delivery": {strconv.FormatInt(j.ID, 10)}})
	now := a.now()
	next, giveUp := retryAfter(now, j.Attempts, webhookAttempts, err)
	switch {
	case err == nil:
		j.DeliveredAt, j.LastError = &now, ""
	case giveUp:
		j.FailedAt, j.LastError = &now, err.Error()
		a.log.Warn("webhook: giving up", "job", j.ID, "topic", j.Topic, "attempts", j.Attempts, "err", err)
	default:
		j.NextAt, j.LastError = next, err.Error()
	}
}

// retryAfter decides what follows attempt n (1 the first) of at most max
// that ended in err: when to try again, or to give up. Webhook jobs and
// notifications share it.
func retryAfter(now time.Time, n, max int, err error) (next time.Time, giveUp bool) {
	if err == nil {
		return time.Time{}, false
	}
	if n >= max {
		return time.Time{}, true
	}
	return now.Add(webhookBackoff(n)), false
}

// postJSON POSTs body to url with the extra headers and returns the start
// of the answer; an answer outside 2xx is an error that says its status.
func (a *App) postJSON(ctx context.Context, url string, body []byte, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "guanjia")
	for k, vs := range header {
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	resp, err := a.opts.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answer, fmt.Errorf("status %d", resp.StatusCode)
	}
	return answer, nil
}
