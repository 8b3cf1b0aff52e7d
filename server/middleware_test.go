package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRecoverer: a handler's panic is a 500 and a log line, and the
// server goes on serving.
func TestRecoverer(t *testing.T) {
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	srv := httptest.NewServer(recoverer(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/panic" {
			panic("boom")
		}
		w.Write([]byte("fine"))
	})))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		path string
		want int
	}{{"/panic", http.StatusInternalServerError}, {"/", http.StatusOK}} {
		resp, err := srv.Client().Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
	}
	srv.Close() // the handlers have finished writing the log
	if !strings.Contains(logged.String(), `msg="panic serving request" method=GET path=/panic panic=boom`) {
		t.Errorf("log lacks the panic:\n%s", logged.String())
	}
}
