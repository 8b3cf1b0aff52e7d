package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// MinMetricsToken is the shortest token that may guard /metrics.
const MinMetricsToken = 16

// Metrics returns the Prometheus metrics handler, for a listener of its
// own (guanjia serve --metrics-addr), where whoever reaches it may read.
func (s *Server) Metrics() http.Handler { return s.metrics.handler() }

// metricsBehindToken guards /metrics on the main listener, which the
// public reaches: without a token configured it is not there (404); with
// one, it answers only a request bearing it (401 otherwise). Metrics tell
// an outsider the load, the routes and the runtime: not theirs to read.
func metricsBehindToken(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			http.NotFound(w, r)
			return
		}
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
		if !ok || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "a bearer token is required for /metrics", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
