package httpapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
)

// TestEventsPausedDuringAnOutage: when the hub cannot read the outbox
// (the database out of reach), a console's stream ends at once, so that
// the page shows itself not live (live.js), and a new one is answered 503
// with Retry-After, in the reader's language, until the hub reads again;
// then the stream opens again. A stream used to stay open and silent, the
// console showing itself live throughout.
func TestEventsPausedDuringAnOutage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		a, _, _ := testenv.App(t, dsn)
		src := &outage{Source: a}
		ws := startWokenStream(t, a, src)
		hub, wake, token := ws.hub, ws.wake, ws.token
		wake <- struct{}{} // the hub has started
		last, err := a.LastMessageID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := resume(t, ctx, ws.url, token, last)
		testenv.WaitFor(t, 5*time.Second, "the console to subscribe", func() bool { return hub.Len() == 1 })
		src.down.Store(true)
		wake <- struct{}{} // a read that fails
		select {
		case _, open := <-ids:
			if open {
				t.Fatal("the console got a message while the outbox could not be read")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the console's stream stayed open while the outbox could not be read")
		}
		st, body, h := ws.open(t, ctx)
		if st != http.StatusServiceUnavailable || h.Get("Retry-After") != "5" || !strings.Contains(body, "实时更新已暂停") {
			t.Errorf("a console connecting while the outbox cannot be read: %d, Retry-After %q, %s; want 503, 5, saying live updates are paused",
				st, h.Get("Retry-After"), body)
		}
		src.down.Store(false)
		wake <- struct{}{} // a read that succeeds
		wake <- struct{}{}
		if st, body, _ := ws.open(t, ctx); st != http.StatusOK {
			t.Errorf("a console connecting once the outbox is read again: %d, %s; want 200", st, body)
		}
	})
}

// open connects to the event stream in Chinese and returns the answer's
// status, its body unless it is the stream (200), and its header.
func (ws *wokenStream) open(t *testing.T, ctx context.Context) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", ws.url+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+ws.token)
	req.Header.Set("Accept-Language", "zh-CN")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, "", resp.Header
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// outage is a Source whose reads fail while down is set.
type outage struct {
	live.Source
	down atomic.Bool
}

var errOutage = errors.New("the database is out of reach")

func (o *outage) Messages(ctx context.Context, after int64, limit int) ([]guanjia.Message, error) {
	if o.down.Load() {
		return nil, errOutage
	}
	return o.Source.Messages(ctx, after, limit)
}

func (o *outage) LastMessageID(ctx context.Context) (int64, error) {
	if o.down.Load() {
		return 0, errOutage
	}
	return o.Source.LastMessageID(ctx)
}
