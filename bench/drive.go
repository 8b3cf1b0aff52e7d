package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
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
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s: %.200s", req.Method, req.URL.Path, resp.Status, body)
	}
	return nil
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
				if err := fn(ctx, w, k); err != nil {
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

// load is a product figure measured twice: the rate its clients reach
// flat out, and the latency when they ask at half that rate.
func loadTest(ctx context.Context, n int, d time.Duration, fn op) (flat, half *sample) {
	flat = drive(ctx, n, d, fn)
	half = pace(ctx, n, flat.rate()/2, d, fn)
	return flat, half
}
