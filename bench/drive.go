package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/metrics"
	"runtime/trace"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// sample is what a phase measured: operations, errors and latencies.
type sample struct {
	ops      int
	errs     int
	firstErr error
	elapsed  time.Duration
	lat      []time.Duration
	late     []time.Duration // paced: how late each operation started
	gcs      uint64          // paced: collections during the phase
	alloc    uint64          // paced: bytes allocated during the phase
}

// rate is operations per second.
func (s *sample) rate() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(s.ops) / s.elapsed.Seconds()
}

// ms returns quantile q (0..1) of the latencies in milliseconds.
func (s *sample) ms(q float64) float64 {
	if len(s.lat) == 0 {
		return 0
	}
	slices.Sort(s.lat)
	i := min(len(s.lat)-1, int(q*float64(len(s.lat))))
	return float64(s.lat[i]) / float64(time.Millisecond)
}

// note says what went wrong, if anything did.
func (s *sample) note() string {
	if s.errs == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d failed: %v", s.errs, s.ops+s.errs, s.firstErr)
}

// op is one operation of a phase; worker is the caller's index and i
// counts the worker's operations.
type op func(ctx context.Context, worker, i int) error

// drive runs op from n workers at once for d after a warm-up, and returns
// what the measured part did.
func drive(ctx context.Context, n int, d time.Duration, fn op) *sample {
	warm := min(d/5, time.Second)
	var measuring atomic.Bool
	stop := make(chan struct{})
	parts := make([]sample, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() { work(ctx, w, fn, &measuring, stop, &parts[w]) })
	}
	sleep(ctx, warm)
	measuring.Store(true)
	start := time.Now()
	sleep(ctx, d)
	close(stop)
	elapsed := time.Since(start)
	wg.Wait()
	out := &sample{elapsed: elapsed}
	for _, p := range parts {
		out.ops += p.ops
		out.errs += p.errs
		if out.firstErr == nil {
			out.firstErr = p.firstErr
		}
		out.lat = append(out.lat, p.lat...)
	}
	return out
}

func work(ctx context.Context, w int, fn op, measuring *atomic.Bool, stop <-chan struct{}, s *sample) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		if ctx.Err() != nil {
			return
		}
		t0 := time.Now()
		err := fn(ctx, w, i)
		dt := time.Since(t0)
		select {
		case <-stop:
			return // finished after the end: not counted
		default:
		}
		if !measuring.Load() {
			continue
		}
		if err != nil {
			s.errs++
			if s.firstErr == nil {
				s.firstErr = err
			}
			continue
		}
		s.ops++
		s.lat = append(s.lat, dt)
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// newClient returns an HTTP client that keeps a connection per worker.
func newClient(n int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        n * 2,
		MaxIdleConnsPerHost: n * 2,
		MaxConnsPerHost:     0,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr, Timeout: time.Minute}
}

// do sends req and reads the whole answer; a status other than want is an error.
func do(c *http.Client, req *http.Request, want int) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		return fmt.Errorf("%s %s: %s: %s", req.Method, req.URL.Path, resp.Status, body)
	}
	// Read the whole answer without keeping it: a copy in a new buffer
	// each time (io.ReadAll) would be the clients' garbage, collected
	// with the server's and charged to its latency, while a real client's
	// garbage is its own.
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// pace runs op from n workers at rate operations a second in all, for d:
// worker w's k-th operation is due at start + (k·n + w)/rate, and its
// latency counts from when it was due, so that a slow answer delays (and
// is charged to) the operations behind it.
func pace(ctx context.Context, n int, rate float64, d time.Duration, fn op) *sample {
	if rate <= 0 {
		return &sample{}
	}
	start := time.Now().Add(10 * time.Millisecond)
	gc0, alloc0 := gcCounts()
	parts := make([]sample, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			s := &parts[w]
			for k := 0; ctx.Err() == nil; k++ {
				due := start.Add(time.Duration(float64(k*n+w) / rate * float64(time.Second)))
				if due.Sub(start) >= d {
					return
				}
				if wait := time.Until(due); wait > 0 {
					sleep(ctx, wait)
				}
				s.late = append(s.late, time.Since(due))
				err := tracedOp(ctx, w, k, fn)
				if err != nil {
					s.errs++
					if s.firstErr == nil {
						s.firstErr = err
					}
					continue
				}
				s.ops++
				s.lat = append(s.lat, time.Since(due))
			}
		})
	}
	wg.Wait()
	out := &sample{elapsed: time.Since(start)}
	gc1, alloc1 := gcCounts()
	out.gcs, out.alloc = gc1-gc0, alloc1-alloc0
	for _, p := range parts {
		out.ops += p.ops
		out.errs += p.errs
		if out.firstErr == nil {
			out.firstErr = p.firstErr
		}
		out.lat = append(out.lat, p.lat...)
		out.late = append(out.late, p.late...)
	}
	return out
}

// gcCounts returns the collections so far and the bytes allocated.
func gcCounts() (gcs, alloc uint64) {
	m := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(m)
	return m[0].Value.Uint64(), m[1].Value.Uint64()
}

// lateNote says how late the paced operations started: the part of their
// latency spent before the request was sent (an earlier answer of the
// same client, or the client's own wait for a CPU).
func (s *sample) lateNote() string {
	if len(s.late) == 0 {
		return ""
	}
	slices.Sort(s.late)
	q := func(q float64) float64 {
		return float64(s.late[min(len(s.late)-1, int(q*float64(len(s.late))))]) / float64(time.Millisecond)
	}
	return fmt.Sprintf("paced: starts late p50 %.2f ms, p99 %.2f ms; %d collections, %.0f KB allocated a request (server and clients)",
		q(0.5), q(0.99), s.gcs, float64(s.alloc)/float64(max(s.ops, 1))/1024)
}

// tracedOp runs fn as a task of an execution trace, when one is being
// taken.
func tracedOp(ctx context.Context, w, k int, fn op) error {
	if !trace.IsEnabled() {
		return fn(ctx, w, k)
	}
	ctx, task := trace.NewTask(ctx, "paced")
	defer task.End()
	return fn(ctx, w, k)
}

// loadTest measures a product figure twice: the rate its clients reach
// flat out, and the latency when they ask at half that rate. With
// Options.TraceDir, the half-rate part is traced into name.trace.
func (r *run) loadTest(ctx context.Context, name string, fn op) (flat, half *sample, err error) {
	n, d := r.opts.Clients, r.opts.Phase
	flat = drive(ctx, n, d, fn)
	stop, err := r.trace(name)
	if err != nil {
		return nil, nil, err
	}
	half = pace(ctx, n, flat.rate()/2, d, fn)
	stop()
	return flat, half, nil
}
