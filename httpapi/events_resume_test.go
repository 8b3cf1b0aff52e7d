package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/server"
)

// TestEventsResumeOnce: a console that resumes with Last-Event-ID on an
// instance whose hub is behind (another instance took the reports, and
// this one has not read them yet) gets what it missed from the outbox,
// then, when the hub catches up, nothing it has already had, and then the
// next change: each message once, in id order. (On PostgreSQL the hub
// also hears the commits by LISTEN, so it may not be behind.)
func TestEventsResumeOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		a, _, _ := testenv.App(t, dsn)
		ws := startWokenStream(t, a, a)
		hub, wake, token := ws.hub, ws.wake, ws.token
		report := func() { t.Helper(); reportGarbage(t, a) }
		wake <- struct{}{} // the hub has read its cursor and waits
		report()           // unseen by the hub, which is not woken
		report()
		seen, err := a.LastMessageID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := resume(t, ctx, ws.url, token, seen-1)
		testenv.WaitFor(t, 5*time.Second, "the console to subscribe", func() bool { return hub.Len() == 1 })
		wake <- struct{}{} // the hub delivers both reports' messages, the console has them
		report()
		wake <- struct{}{}
		last, err := a.LastMessageID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := received(t, ids, 0, last, fmt.Sprintf("after Last-Event-ID %d", seen-1))
		for i, id := range got {
			if id < seen || (i > 0 && id <= got[i-1]) {
				t.Fatalf("after Last-Event-ID %d the console received %v: each message once, in id order", seen-1, got)
			}
		}
		if got[0] != seen {
			t.Errorf("the console's first message is %d, want %d (the one it missed)", got[0], seen)
		}
	})
}

// reportGarbage makes a resident's report through a.
func reportGarbage(t *testing.T, a *app.App) {
	t.Helper()
	if _, err := a.Report(t.Context(), guanjia.Actor{UserID: 4, Role: guanjia.RoleResident},
		guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "垃圾"}); err != nil {
		t.Fatal(err)
	}
}

// received reads the ids of the events on ids until one reaches upTo and
// returns those above above, in the order they came; what says when, for
// the messages of failures.
func received(t *testing.T, ids <-chan int64, above, upTo int64, what string) []int64 {
	t.Helper()
	var got []int64
	timeout := time.After(10 * time.Second)
	for len(got) == 0 || got[len(got)-1] < upTo {
		select {
		case id, ok := <-ids:
			if !ok {
				t.Fatalf("the stream ended after %v", got)
			}
			if id > above {
				got = append(got, id)
			}
		case <-timeout:
			t.Fatalf("%s the console received %v, not yet %d", what, got, upTo)
		}
	}
	return got
}

// wokenStream is the event stream's server over a hub that reads the
// outbox only when the test sends on wake (and at its start), and a
// dispatcher's token for it.
type wokenStream struct {
	hub   *live.Hub
	url   string
	token string
	wake  chan struct{}
}

// startWokenStream starts a wokenStream for the test, its hub reading src.
func startWokenStream(t *testing.T, a *app.App, src live.Source) *wokenStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ws := &wokenStream{wake: make(chan struct{})}
	ws.hub = live.NewHub(src, func() <-chan struct{} { return ws.wake }, time.Hour, nil)
	go ws.hub.Run(ctx)
	srv := httptest.NewServer(server.New(a, server.Options{Hub: ws.hub}))
	t.Cleanup(srv.Close)
	t.Cleanup(cancel) // first: the streams end, then the server closes
	ws.url = srv.URL
	var err error
	if ws.token, err = a.CreateAPIToken(ctx, "dispatcher", "console"); err != nil {
		t.Fatal(err)
	}
	return ws
}

// resume opens the event stream with Last-Event-ID and returns the ids of
// the events it brings.
func resume(t *testing.T, ctx context.Context, base, token string, after int64) <-chan int64 {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Last-Event-ID", strconv.FormatInt(after, 10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	ids := make(chan int64, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				ids <- n
			}
		}
		close(ids)
	}()
	return ids
}

// TestEventsResumeAfterRewind: after the database went back in time (a
// standby promoted without the last commits) to before every message the
// hub had delivered, the hub delivers again from the start of the outbox;
// a console resuming with a Last-Event-ID past the outbox's end replays
// from there too, and gets the messages written since, each once. A
// rewind to the start was once taken for no rewind, and the console
// resumed at the outbox's end, skipping them.
func TestEventsResumeAfterRewind(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		a, _, _ := testenv.App(t, dsn)
		base, err := a.LastMessageID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		src := &lostPrimary{Source: a, end: base}
		ws := startWokenStream(t, a, src)
		hub, wake, token := ws.hub, ws.wake, ws.token
		wake <- struct{}{} // the hub has started
		src.commit(10)     // on the primary, soon lost
		wake <- struct{}{} // the hub delivers them
		wake <- struct{}{} // and has
		src.failover()
		for range 2 { // on the promoted standby: ids the lost messages had
			reportGarbage(t, a)
		}
		end, err := a.LastMessageID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wake <- struct{}{} // the hub finds the outbox went back
		wake <- struct{}{}
		if from, ok := hub.RewoundTo(); from != 0 || !ok {
			t.Fatalf("RewoundTo() = %d, %v; want 0, true (the lost messages' times were before every message)", from, ok)
		}
		ids := resume(t, ctx, ws.url, token, base+10)
		testenv.WaitFor(t, 5*time.Second, "the console to subscribe", func() bool { return hub.Len() == 1 })
		wake <- struct{}{} // the hub delivers from the start: nothing new to the console
		got := received(t, ids, base, end, "resuming past the outbox's end")
		if want := end - base; int64(len(got)) != want || got[0] != base+1 {
			t.Errorf("the console received %v of the new messages; want the %d after %d, each once, in id order", got, want, base)
		}
	})
}

// lostPrimary is the outbox of a primary that adds messages of its own
// after end (commit), until the failover, when it is the standby's: the
// database's own, without them.
type lostPrimary struct {
	live.Source
	mu   sync.Mutex
	end  int64
	lost []guanjia.Message
	gone bool
}

func (p *lostPrimary) commit(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.lost = append(p.lost, guanjia.Message{ID: p.end + int64(len(p.lost)) + 1, Topic: guanjia.TopicCaseCreated,
			Payload: []byte(`{}`), At: time.Unix(0, 0)})
	}
}

func (p *lostPrimary) failover() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gone = true
}

func (p *lostPrimary) Messages(ctx context.Context, after int64, limit int) ([]guanjia.Message, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		return p.Source.Messages(ctx, after, limit)
	}
	msgs, err := p.Source.Messages(ctx, after, limit)
	for _, m := range p.lost {
		if m.ID > after && len(msgs) < limit {
			msgs = append(msgs, m)
		}
	}
	return msgs, err
}

func (p *lostPrimary) LastMessageID(ctx context.Context) (int64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		return p.Source.LastMessageID(ctx)
	}
	return p.end + int64(len(p.lost)), nil
}
