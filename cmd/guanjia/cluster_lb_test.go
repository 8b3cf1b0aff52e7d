package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// balancer is a small load balancer in front of several processes: round
// robin, and a request whose backend refuses the connection (it never
// reached one) goes to the next. A request cut off after it reached a
// backend is answered 502 and not retried: the client does not know
// whether it took effect, and must send it again itself.
type balancer struct {
	procs    []*process
	next     atomic.Uint64
	refused  atomic.Int64 // requests sent to another backend after a refusal
	tr       *http.Transport
	proxy    *httputil.ReverseProxy
	frontend *httptest.Server
}

// newBalancer starts a balancer in front of procs; Close stops it.
func newBalancer(procs []*process) *balancer {
	b := &balancer{procs: procs, tr: &http.Transport{MaxIdleConnsPerHost: 32}}
	b.proxy = &httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.Out.URL.Scheme, r.Out.URL.Host = "http", "backend" },
		Transport: b,
		ErrorLog:  log.New(io.Discard, "", 0), // streams cut off by the kill
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, "balancer: "+err.Error(), http.StatusBadGateway)
		},
	}
	b.frontend = httptest.NewServer(http.HandlerFunc(b.serve))
	return b
}

// URL is the balancer's address.
func (b *balancer) URL() string { return b.frontend.URL }

// Close stops the balancer.
func (b *balancer) Close() {
	b.frontend.CloseClientConnections()
	b.frontend.Close()
	b.tr.CloseIdleConnections()
}

// serve reads the body first, so that a refused request can be sent again.
func (b *balancer) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	b.proxy.ServeHTTP(w, r)
}

// RoundTrip sends r to the next backend, and to the one after when that
// one refuses the connection.
func (b *balancer) RoundTrip(r *http.Request) (*http.Response, error) {
	start := int(b.next.Add(1))
	err := errors.New("balancer: no backend")
	for i := range b.procs {
		addr, _ := b.procs[(start+i)%len(b.procs)].current()
		u, perr := url.Parse(addr)
		if perr != nil || addr == "" {
			continue
		}
		out := r.Clone(r.Context())
		out.URL.Host, out.Host = u.Host, u.Host
		if r.GetBody != nil {
			out.Body, _ = r.GetBody()
		}
		var resp *http.Response
		resp, err = b.tr.RoundTrip(out)
		if err == nil {
			return resp, nil
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			return nil, err
		}
		b.refused.Add(1)
	}
	return nil, err
}

// A console leaves its stream after consoleSpan events (as a phone that
// changes networks), and waits consoleRetry before it resumes, so that
// changes commit while it is away.
const (
	consoleSpan  = 40
	consoleRetry = 150 * time.Millisecond
)

// console is a staff member's live console: it follows /api/v1/events,
// first on one instance, then, each time the stream breaks or it leaves,
// through the balancer, resuming from the last id it saw with
// Last-Event-ID.
type console struct {
	name  string
	token string

	mu         sync.Mutex
	ids        []int64 // every event id received, in the order received
	last       int64   // the greatest
	reconnects int
}

// follow reads events from first, then from lb after each break, until
// ctx ends.
func (c *console) follow(ctx context.Context, first, lb string) {
	client := &http.Client{}
	base := first
	for ctx.Err() == nil {
		err := c.read(ctx, client, base)
		if ctx.Err() != nil {
			return
		}
		c.mu.Lock()
		c.reconnects++
		c.mu.Unlock()
		_ = err
		base = lb
		select {
		case <-ctx.Done():
		case <-time.After(consoleRetry):
		}
	}
}

// read follows one stream until it breaks or brings consoleSpan events.
func (c *console) read(ctx context.Context, client *http.Client, base string) error {
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	n := 0
	return followEvents(ctx, client, base, c.token, last, nil, func(e sseEvent) bool {
		c.mu.Lock()
		c.ids = append(c.ids, e.id)
		c.last = max(c.last, e.id)
		c.mu.Unlock()
		n++
		return n < consoleSpan
	})
}

// seen returns the greatest id received.
func (c *console) seen() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}
