package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestFailoverAsync: with asynchronous replication, PostgreSQL's default,
// a standby promoted without the last commits hands out their outbox ids
// (and case numbers) again. An instance left running through it keeps
// its console's feed going: the new cases' events arrive (live.Hub's
// rewind, and the stream resuming from it for a client whose last id is
// past the outbox's end) instead of being skipped as delivered. The
// standby has the first report, and the hub delivers again from there;
// or it has none of the outbox, and the hub delivers again from the
// start (which the stream once took for no rewind at all, and a CI run
// met when the standby stopped before the first report reached it).
func TestFailoverAsync(t *testing.T) {
	if testing.Short() {
		t.Skip("failover: builds the program and runs it on two PostgreSQL servers; skipped with -short")
	}
	for _, shared := range []int{1, 0} {
		t.Run(fmt.Sprintf("%d shared", shared), func(t *testing.T) { failoverAsync(t, shared) })
	}
}

// failoverAsync runs TestFailoverAsync with shared reports made before
// the standby stops.
func failoverAsync(t *testing.T, shared int) {
	pair := dbtest.Replicated(t)
	pair.Async()
	pair.CreateDatabase("town")
	data, dsn := t.TempDir(), pair.DSN("town")
	var key, admin string
	seedTown(t, data, dsn, 0, func(a *app.App) {
		var err error
		if key, err = a.CreateAPIToken(t.Context(), "dispatcher", "desk"); err == nil {
			admin, err = a.CreateAPIToken(t.Context(), "admin", "console")
		}
		if err != nil {
			t.Fatal(err)
		}
	})
	p := &process{t: t, bin: buildProgram(t), args: []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--db", dsn}}
	p.start()
	defer p.kill()
	defer func() {
		if t.Failed() {
			t.Logf("the instance's log:\n%s", p.logs())
		}
	}()
	addr, _ := p.current()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	f := &feed{token: admin, open: make(chan struct{}), arrived: map[string]time.Time{}}
	go f.follow(ctx, addr)
	select { // a report made before the console listens would not reach it
	case <-f.open:
	case <-ctx.Done():
		t.Fatal("the console's stream never opened")
	}
	report := func(n int) []string { return reportAnswered(ctx, t, p, addr, key, n) }
	f.waitFor(t, ctx, report(shared), time.Time{})
	pair.StopStandby()
	f.waitFor(t, ctx, report(40), time.Time{}) // seen, and never to reach the standby
	pair.StopPrimary()
	pair.StartStandby()
	pair.Promote()
	promoted := time.Now()
	f.waitFor(t, ctx, report(5), promoted)
}

// reportAnswered makes n reports through the instance at addr with the
// API token key, each sent again with its client_id until it is answered
// (while the database is away), and returns their case numbers.
func reportAnswered(ctx context.Context, t *testing.T, p *process, addr, key string, n int) []string {
	t.Helper()
	var numbers []string
	r, client := reporter{key: key}, &http.Client{Timeout: 10 * time.Second}
	for range n {
		cid := newClientID(t)
		for {
			number, err := r.report(ctx, client, addr, cid)
			if err == nil {
				numbers = append(numbers, number)
				break
			} else if ctx.Err() != nil {
				t.Fatalf("report %s: %v\n%s", cid, err, p.logs())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return numbers
}

// feed follows an instance's event stream as a browser's EventSource does,
// resuming with Last-Event-ID after a break, and notes when each case
// number's case.created event last arrived.
type feed struct {
	token  string
	open   chan struct{} // closed once its first stream is open
	opened sync.Once

	mu      sync.Mutex
	last    int64
	arrived map[string]time.Time
	seen    []string // "number@id", in the order they arrived
}

func (f *feed) follow(ctx context.Context, addr string) {
	for ctx.Err() == nil {
		_ = f.read(ctx, addr)
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// markOpen notes that a stream is open.
func (f *feed) markOpen() { f.opened.Do(func() { close(f.open) }) }

func (f *feed) read(ctx context.Context, addr string) error {
	f.mu.Lock()
	last := f.last
	f.mu.Unlock()
	return followEvents(ctx, http.DefaultClient, addr, f.token, last, f.markOpen, func(e sseEvent) bool {
		var m struct{ Number string }
		f.mu.Lock()
		defer f.mu.Unlock()
		if e.name == "case.created" && json.Unmarshal([]byte(e.data), &m) == nil {
			f.arrived[m.Number] = time.Now()
			f.seen = append(f.seen, m.Number+"@"+strconv.FormatInt(e.id, 10))
		}
		f.last = max(f.last, e.id)
		return true
	})
}

// waitFor waits until each of numbers has arrived after since.
func (f *feed) waitFor(t *testing.T, ctx context.Context, numbers []string, since time.Time) {
	t.Helper()
	for {
		f.mu.Lock()
		var missing []string
		for _, n := range numbers {
			if at, ok := f.arrived[n]; !ok || at.Before(since) {
				missing = append(missing, n)
			}
		}
		f.mu.Unlock()
		if len(missing) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			f.mu.Lock()
			defer f.mu.Unlock()
			t.Fatalf("the console never got the case.created events of %v (after %v); it got, in order: %v",
				missing, since.Format(time.TimeOnly), f.seen)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
