package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestEventStreamHasNoDeadline: an event stream still writes once the
// deadline of other answers has passed, and so do later requests on the
// same connection.
func TestEventStreamHasNoDeadline(t *testing.T) {
	const d = 50 * time.Millisecond
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "plain\n") })
	mux.HandleFunc("/api/v1/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: first\n\n")
		http.NewResponseController(w).Flush()
		<-release
		io.WriteString(w, "data: second\n\n")
	})
	srv := httptest.NewServer(writeDeadline(d, mux))
	t.Cleanup(srv.Close)
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	get := func(path string) *http.Response {
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: guanjia\r\n\r\n", path)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp
	}
	stream := get("/api/v1/events")
	events := bufio.NewReader(stream.Body)
	if line, err := events.ReadString('\n'); line != "data: first\n" {
		t.Fatalf("first event: %q, %v", line, err)
	}
	<-time.After(3 * d) // what is tested: the time of a deadline has passed
	close(release)
	events.ReadString('\n')
	if line, err := events.ReadString('\n'); line != "data: second\n" {
		t.Errorf("an event after the deadline: %q, %v; want it written", line, err)
	}
	io.Copy(io.Discard, stream.Body)
	if b, err := io.ReadAll(get("/plain").Body); string(b) != "plain\n" {
		t.Errorf("the next request on the connection: %q, %v", b, err)
	}
}
