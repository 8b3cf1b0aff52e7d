package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/guanjia/guanjia/store"
)

// measureLive connects the subscribers to the live event stream, creates
// cases one after another, and measures for each case and subscriber the
// time from the commit (when the app announces it) to the event's arrival.
// The floor is a bare server-sent-events fan-out: the same subscribers on
// loopback, each message handed to every handler the moment it is "committed".
func (r *run) measureLive(ctx context.Context) error {
	t := r.town
	n := r.opts.Subscribers
	r.progress("live: %d subscribers for %s...", n, r.opts.Phase)
	commits := &commitLog{}
	wctx, stopWatch := context.WithCancel(ctx)
	go commits.watch(wctx, t.app.Changed)
	product, err := fanOut(ctx, t.url+"/api/v1/events", t.dispatcher, n, r.opts.Phase, r.caseCreator(commits))
	stopWatch()
	if err != nil {
		return fmt.Errorf("live: %w", err)
	}
	return r.addLive(ctx, "live", product, "")
}

// measureLiveAcross measures the live step across two instances on one
// PostgreSQL database: cases are created through the bench's instance
// while the subscribers follow a second one in this process, with
// connections, app, live hub and server of its own, as another `guanjia
// serve` would be; it learns of each commit by LISTEN/NOTIFY and reads
// the outbox itself. SQLite's database belongs to one process: skipped.
func (r *run) measureLiveAcross(ctx context.Context) error {
	t := r.town
	if t.engine != store.Postgres {
		r.progress("live_across: several instances share only a PostgreSQL database; skipped on %s", t.engine)
		return nil
	}
	n := r.opts.Subscribers
	r.progress("live_across: %d subscribers of a second instance for %s...", n, r.opts.Phase)
	url, stop, err := t.secondInstance(ctx, r)
	if err != nil {
		return fmt.Errorf("live_across: %w", err)
	}
	defer stop()
	commits := &commitLog{}
	wctx, stopWatch := context.WithCancel(ctx)
	go commits.watch(wctx, t.app.Changed)
	product, err := fanOut(ctx, url+"/api/v1/events", t.dispatcher, n, r.opts.Phase, r.caseCreator(commits))
	stopWatch()
	if err != nil {
		return fmt.Errorf("live_across: %w", err)
	}
	return r.addLive(ctx, "live_across", product, "cases created through one instance, subscribers on another; ")
}

// addLive adds a live figure measured as product, with the floor of a bare
// fan-out measured beside it.
func (r *run) addLive(ctx context.Context, name string, product *sample, what string) error {
	n := r.opts.Subscribers
	floor, err := liveFloor(ctx, n, r.opts.Phase)
	if err != nil {
		return fmt.Errorf("%s floor: %w", name, err)
	}
	res := Result{Name: name, Unit: "ms", Value: product.ms(0.99), P50: product.ms(0.5), P99: product.ms(0.99),
		Floor: floor.ms(0.99)}
	if res.Value > 0 {
		res.Ratio = res.Floor / res.Value
	}
	res.Note = joinNotes(fmt.Sprintf("%scommit to arrival at all %d subscribers, %d deliveries; value and floor are p99", what, n, len(product.lat)),
		product.note(), fmt.Sprintf("floor p50 %.2f ms", floor.ms(0.5)))
	r.add(res)
	return nil
}

// caseCreator returns what creates one case through the bench's instance
// and tells its id and, once asked, when its commit was announced.
func (r *run) caseCreator(commits *commitLog) func(context.Context) (int64, func() time.Time, error) {
	t := r.town
	g := newGen(t, 9, time.Now())
	c := newClient(4)
	return func(ctx context.Context) (int64, func() time.Time, error) {
		sent := time.Now()
		commit := func() time.Time { return commits.after(sent) }
		b, _ := json.Marshal(g.report())
		req, err := http.NewRequestWithContext(ctx, "POST", t.url+"/api/v1/cases", bytes.NewReader(b))
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+t.residents[0])
		resp, err := c.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		var out struct{ ID int64 }
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusCreated {
			return 0, nil, fmt.Errorf("create case: %s %v", resp.Status, err)
		}
		return out.ID, commit, nil
	}
}

// commitLog records when the app announces commits.
type commitLog struct {
	mu sync.Mutex
	at []time.Time
}

func (l *commitLog) watch(ctx context.Context, changed func() <-chan struct{}) {
	for {
		ch := changed()
		select {
		case <-ctx.Done():
			return
		case <-ch:
			l.mu.Lock()
			l.at = append(l.at, time.Now())
			l.mu.Unlock()
		}
	}
}

// after returns the first commit announced after t: with one case created
// at a time, that of the case sent at t.
func (l *commitLog) after(t time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, at := range l.at {
		if !at.Before(t) {
			return at
		}
	}
	return t
}

// fanOut connects n subscribers to url, then for d creates one case every
// 20 ms with create, which returns the case's id and its commit time (read
// once the phase is over), and
// collects arrival minus commit for every case at every subscriber.
func fanOut(ctx context.Context, url, token string, n int, d time.Duration,
	create func(context.Context) (int64, func() time.Time, error)) (*sample, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	arrivals := make([]map[int64]time.Time, n)
	var ready, done sync.WaitGroup
	c := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext, MaxIdleConnsPerHost: n, DisableCompression: true}}
	errs := make(chan error, n)
	for i := range n {
		arrivals[i] = map[int64]time.Time{}
		ready.Add(1)
		done.Go(func() { errs <- subscribe(ctx, c, url, token, arrivals[i], &ready) })
	}
	ready.Wait()
	select {
	case err := <-errs:
		return nil, err
	default:
	}
	sleep(ctx, 200*time.Millisecond)
	commits := map[int64]func() time.Time{}
	s := &sample{}
	start := time.Now()
	for time.Since(start) < d && ctx.Err() == nil {
		id, at, err := create(ctx)
		if err != nil {
			s.errs++
			s.firstErr = err
			break
		}
		commits[id] = at
		sleep(ctx, 20*time.Millisecond)
	}
	// The last case's events may take a fan-out's p99 to arrive: with
	// thousands of subscribers, more than half a second.
	sleep(ctx, 2*time.Second)
	cancel()
	done.Wait()
	s.elapsed = time.Since(start)
	at := map[int64]time.Time{}
	for id, f := range commits {
		at[id] = f()
	}
	for _, a := range arrivals {
		for id, at := range at {
			if got, ok := a[id]; ok {
				s.lat = append(s.lat, max(got.Sub(at), 0))
				s.ops++
			} else {
				s.errs++
				if s.firstErr == nil {
					s.firstErr = fmt.Errorf("case %d never arrived", id)
				}
			}
		}
	}
	return s, nil
}

// subscribe reads the event stream at url and notes when each case's first
// event arrives.
func subscribe(ctx context.Context, c *http.Client, url, token string, got map[int64]time.Time, ready *sync.WaitGroup) error {
	once := sync.OnceFunc(ready.Done)
	defer once()
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("subscribe: %s", resp.Status)
	}
	once()
	br := bufio.NewReaderSize(resp.Body, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return nil
		}
		data, ok := bytes.CutPrefix(line, []byte("data: "))
		if !ok {
			continue
		}
		now := time.Now()
		if id, ok := payloadID(data); ok {
			if _, seen := got[id]; !seen {
				got[id] = now
			}
		}
	}
}

// payloadID returns the top-level "id" of an event's JSON data, the case's,
// without decoding the rest: the subscribers share the server's two
// cores, so what they spend reading is charged to the fan-out they
// measure (the floor's subscribers read the same way).
func payloadID(data []byte) (int64, bool) {
	_, rest, ok := bytes.Cut(data, []byte(`"id":`))
	if !ok {
		return 0, false
	}
	end := bytes.IndexAny(rest, ",}")
	if end < 0 {
		return 0, false
	}
	id, err := strconv.ParseInt(string(bytes.TrimSpace(rest[:end])), 10, 64)
	return id, err == nil
}

// liveFloor fans messages out through a bare SSE server.
func liveFloor(ctx context.Context, n int, d time.Duration) (*sample, error) {
	var mu sync.Mutex
	subs := map[chan []byte]struct{}{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ch := make(chan []byte, 512)
		mu.Lock()
		subs[ch] = struct{}{}
		mu.Unlock()
		defer func() { mu.Lock(); delete(subs, ch); mu.Unlock() }()
		rc := http.NewResponseController(w)
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		rc.Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case m := <-ch:
				w.Write(m)
				if rc.Flush() != nil {
					return
				}
			}
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	next := int64(0)
	return fanOut(ctx, "http://"+ln.Addr().String(), "", n, d, func(context.Context) (int64, func() time.Time, error) {
		next++
		msg := []byte("id: " + strconv.FormatInt(next, 10) + "\nevent: case.created\ndata: {\"id\":" + strconv.FormatInt(next, 10) + ",\"status\":\"new\"}\n\n")
		at := time.Now()
		mu.Lock()
		for ch := range subs {
			select {
			case ch <- msg:
			default:
			}
		}
		mu.Unlock()
		return next, func() time.Time { return at }, nil
	})
}
