package server

import (
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/guanjia/guanjia/i18n"
)

// Load shedding. A few kinds of request cost far more than the rest in
// memory or CPU: long Open311 lists (up to 1,000 cases, encoded whole
// before they are written), text searches, photo uploads. At most a few
// of them run at once; a few more may wait a little for a turn; any
// beyond are answered 503 with Retry-After at once, so that a flood of
// them cannot take the memory or the cores the rest need.

// Defaults of Options.ExpensiveLimit, ExpensiveQueue and ExpensiveWait.
const (
	expensivePerCPU       = 4
	DefaultExpensiveQueue = 128
	DefaultExpensiveWait  = 5 * time.Second
)

// expensive reports whether r is one of the costly kinds of request.
func expensive(r *http.Request) bool {
	p := r.URL.Path
	switch r.Method {
	case http.MethodGet:
		return strings.HasPrefix(p, "/open311/v2/requests.") ||
			strings.HasPrefix(p, "/open311/v2/servicerequestupdates.") ||
			r.URL.Query().Get("q") != ""
	case http.MethodPost:
		ct := r.Header.Get("Content-Type")
		return p == "/api/v1/photos" || strings.HasPrefix(ct, "multipart/") || strings.HasPrefix(ct, "image/")
	}
	return false
}

// shedder runs at most cap(slots) expensive requests at once, lets
// cap(queue) more wait up to wait for a turn, and turns the rest away.
type shedder struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

func newShedder(limit, queue int, wait time.Duration) *shedder {
	if limit <= 0 {
		limit = expensivePerCPU * runtime.GOMAXPROCS(0)
	}
	if queue <= 0 {
		queue = DefaultExpensiveQueue
	}
	if wait <= 0 {
		wait = DefaultExpensiveWait
	}
	return &shedder{slots: make(chan struct{}, limit), queue: make(chan struct{}, queue), wait: wait}
}

func (s *shedder) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !expensive(r) {
			next.ServeHTTP(w, r)
			return
		}
		if !s.acquire(r) {
			busy(w, r)
			return
		}
		defer func() { <-s.slots }()
		next.ServeHTTP(w, r)
	})
}

// acquire takes a turn, waiting in the queue when all are taken; false
// when the queue is full too, the wait is over or the client has gone.
func (s *shedder) acquire(r *http.Request) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
	}
	select {
	case s.queue <- struct{}{}:
	default:
		return false
	}
	defer func() { <-s.queue }()
	t := time.NewTimer(s.wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-r.Context().Done():
	}
	return false
}

// busy answers that the server is too busy for the request now, and
// closes the connection.
func busy(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Retry-After", "1")
	h.Set("Connection", "close")
	h.Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(i18n.T(i18n.FromRequest(r), "The server is busy; try again in a moment.") + "\n"))
}
