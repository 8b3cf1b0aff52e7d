package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/server"
)

// metricsToken guards /metrics in the tests that read it.
const metricsToken = "metrics-0123456789abcdef"

// TestMetricsAccess: /metrics on the main listener is refused by default
// (404) and, with a token configured, answers only a request bearing it;
// the handler for a listener of its own answers anyone who reaches it.
func TestMetricsAccess(t *testing.T) {
	a, _, _ := testenv.App(t, dbtest.SQLite(t))
	open := server.New(a, server.Options{})
	guarded := server.New(a, server.Options{MetricsToken: metricsToken})
	tests := []struct {
		name          string
		handler       http.Handler
		authorization string
		want          int
	}{
		{"main listener, no token configured", open, "", 404},
		{"main listener, no token configured, one sent", open, "Bearer " + metricsToken, 404},
		{"token configured, none sent", guarded, "", 401},
		{"token configured, a wrong one", guarded, "Bearer metrics-0123456789abcdeX", 401},
		{"token configured, as a password", guarded, "Basic " + metricsToken, 401},
		{"token configured, the right one", guarded, "Bearer " + metricsToken, 200},
		{"a listener of its own", open.Metrics(), "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			req, _ := http.NewRequest("GET", srv.URL+"/metrics", nil)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body strings.Builder
			_, _ = io.Copy(&body, resp.Body)
			got := struct {
				Status  int
				Metrics bool
			}{resp.StatusCode, strings.Contains(body.String(), "go_goroutines")}
			want := struct {
				Status  int
				Metrics bool
			}{tt.want, tt.want == 200}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
