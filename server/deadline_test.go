package server

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	rtmetrics "runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// seedLongCases stores n anonymous reports of 4,000 characters each, so
// that an Open311 list of them is megabytes long.
func seedLongCases(t *testing.T, a *app.App, n int) {
	t.Helper()
	desc := strings.Repeat("long description ", 4000/17)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				_, err := a.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{
					Category: "garbage", Lat: 30.745, Lng: 120.487, Description: desc, Address: fmt.Sprint("No. ", i)})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// heapBytes is the memory of live and not yet swept heap objects.
func heapBytes() uint64 {
	s := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	rtmetrics.Read(s)
	return s[0].Value.Uint64()
}

// TestStuckReaders: 300 clients that ask for a long Open311 list and never
// read the answer hold neither the server's memory nor its connections:
// a few lists are made at a time (the rest are told 503), each is cut
// off at its write deadline, and every connection is closed.
func TestStuckReaders(t *testing.T) {
	a, _, _ := testenv.App(t, dbtest.SQLite(t))
	seedLongCases(t, a, 300) // a list of them is about 1.3 MB
	const deadline = time.Second
	var open atomic.Int64
	srv := httptest.NewUnstartedServer(New(a, Options{WriteTimeout: deadline,
		ExpensiveLimit: 4, ExpensiveQueue: 8, ExpensiveWait: 200 * time.Millisecond}))
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			open.Add(1)
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Listener = smallSendBuffers{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)

	runtime.GC()
	before := heapBytes()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() { // the heap's high-water mark while the clients are stuck
		for {
			peak.Store(max(peak.Load(), heapBytes()))
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	var conns []net.Conn
	for range 300 {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.(*net.TCPConn).SetReadBuffer(4096) // and never reads
		conns = append(conns, c)
		fmt.Fprintf(c, "GET /open311/v2/requests.json HTTP/1.1\r\nHost: guanjia\r\n\r\n")
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	// Without the deadline the connections whose lists are being written
	// stay open as long as their clients; with it they are closed about
	// a second after they came (longer on a loaded machine or under the
	// race detector: the time is logged, not asserted).
	waitFor(t, time.Minute, func() bool { return open.Load() == 0 })
	close(done)
	took := time.Since(start)
	runtime.GC()
	after := heapBytes()
	t.Logf("all 300 connections closed after %v; heap %d MB before, peak %d MB, %d MB after",
		took.Round(time.Millisecond), before>>20, peak.Load()>>20, after>>20)
	if grew := int64(peak.Load()) - int64(before); grew > 100<<20 {
		t.Errorf("the heap grew by %d MB while clients were stuck, want < 100 MB", grew>>20)
	}
	if grew := int64(after) - int64(before); grew > 20<<20 {
		t.Errorf("the heap is %d MB larger once they are gone", grew>>20)
	}
	// Some were answered in full: 503 with Retry-After. Which ones is the
	// server's affair (it may serve the last to connect first, as it did
	// once in CI), so every client's answer is read: all are in, since the
	// server has closed every connection.
	refused := 0
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err == nil && resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
			refused++
		}
	}
	if refused == 0 {
		t.Errorf("none of the %d clients was answered 503 with Retry-After, want those beyond the limit and its queue", len(conns))
	}
	t.Logf("%d clients answered 503 with Retry-After", refused)
}

// smallSendBuffers gives each accepted connection a send buffer of 256
// KB. On loopback the kernel would otherwise take up to 4 MB of an answer
// from the server (tcp_wmem), so that a list shorter than that would be
// "written" to a client that never reads it, and there would be nothing
// to cut off: what is tested is an answer larger than what the kernel
// holds, as it is for any client on a real network with a small window.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(256 << 10)
	}
	return c, err
}
