package httpapi_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLiveEvents: a dispatcher's event stream receives a new case without
// polling, and a handler's stream only its own unit's cases: the
// sanitation handler's gets the case of garbage, the water handler's not.
func TestLiveEvents(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		dispatcher := e.stream(t, "dispatcher")
		water := e.stream(t, "handler-water")
		sanitation := e.stream(t, "handler-sanitation")
		lat, lng := e.pointIn(e.firstGrid().Code)
		var c caseJSON
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng}, 201, &c)
		got := waitFor(t, dispatcher, c.Number)
		if !strings.Contains(got, "case.created") {
			t.Errorf("first event for the case: %q", got)
		}
		waitFor(t, sanitation, c.Number)
		select {
		case line := <-water:
			if strings.Contains(line, c.Number) {
				t.Errorf("the water unit saw sanitation's case: %s", line)
			}
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// stream opens the event stream as a user and returns its lines.
func (e *testEnv) stream(t *testing.T, user string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return lines
}

func waitFor(t *testing.T, lines <-chan string, substr string) string {
	t.Helper()
	var prev string
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l := <-lines:
			if strings.Contains(l, substr) {
				return prev + "\n" + l
			}
			prev = l
		case <-deadline:
			t.Fatalf("no event with %q within 5 s", substr)
		}
	}
}
