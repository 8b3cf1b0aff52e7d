package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestExpensive(t *testing.T) {
	tests := []struct {
		method, path, ctype string
		want                bool
	}{
		{"GET", "/open311/v2/requests.json", "", true},
		{"GET", "/open311/v2/requests.xml?page_size=500", "", true},
		{"GET", "/open311/v2/servicerequestupdates.json", "", true},
		{"GET", "/open311/v2/requests/WZ-20261102-0001.json", "", false},
		{"GET", "/open311/v2/services.json", "", false},
		{"GET", "/api/v1/cases?q=石佛南路", "", true},
		{"GET", "/console?q=garbage", "", true},
		{"GET", "/api/v1/cases?status=new", "", false},
		{"POST", "/api/v1/photos", "image/jpeg", true},
		{"POST", "/report", "multipart/form-data; boundary=x", true},
		{"POST", "/api/v1/cases", "application/json", false},
		{"POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.path, nil)
		if tt.ctype != "" {
			r.Header.Set("Content-Type", tt.ctype)
		}
		if got := expensive(r); got != tt.want {
			t.Errorf("expensive(%s %s %s) = %v, want %v", tt.method, tt.path, tt.ctype, got, tt.want)
		}
	}
}

// TestShedder: with one turn and room for one to wait, a second expensive
// request waits and is turned away when its wait is over, a third is
// turned away at once, cheap requests pass, and the waiter is let in when
// the turn is given back in time.
func TestShedder(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{}, 4)
	s := newShedder(1, 1, time.Minute)
	h := s.handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		if r.URL.Query().Get("hold") != "" {
			<-release
		}
		w.Write([]byte("done"))
	}))
	serve := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		return w
	}
	var wg sync.WaitGroup
	var first, waiter *httptest.ResponseRecorder
	wg.Go(func() { first = serve("/open311/v2/requests.json?hold=1") })
	<-started
	wg.Go(func() { waiter = serve("/open311/v2/requests.json") })
	waitFor(t, 10*time.Second, func() bool { return len(s.queue) == 1 })

	full := serve("/open311/v2/requests.json")
	got := []string{full.Result().Status, full.Header().Get("Retry-After"), full.Header().Get("Connection")}
	if diff := cmp.Diff([]string{"503 Service Unavailable", "1", "close"}, got); diff != "" {
		t.Errorf("a third while the queue is full (-want +got):\n%s", diff)
	}
	if !strings.Contains(full.Body.String(), "服务器繁忙") {
		t.Errorf("the 503 says %q, want the message in Chinese by default", full.Body.String())
	}
	if cheap := serve("/api/v1/categories"); cheap.Code != http.StatusOK {
		t.Errorf("a cheap request while full: %d, want 200", cheap.Code)
	}
	close(release)
	wg.Wait()
	if first.Code != http.StatusOK || waiter.Code != http.StatusOK {
		t.Errorf("holder %d, waiter %d; want both 200", first.Code, waiter.Code)
	}

	// A waiter whose wait is over is turned away.
	s = newShedder(1, 1, time.Millisecond)
	s.slots <- struct{}{}
	w := httptest.NewRecorder()
	s.handler(http.NotFoundHandler()).ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/cases?q=x", nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("after its wait: %d, want 503", w.Code)
	}
}

// waitFor waits until cond holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("condition not met within %v", timeout)
		}
		time.Sleep(time.Millisecond)
	}
}
