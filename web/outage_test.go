package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// outageAnswer is what a request got: its status and Retry-After.
type outageAnswer struct {
	Status     int
	RetryAfter string
}

// TestDatabaseOutage: when the database goes away under a running server
// (PostgreSQL refusing and ending connections; SQLite's store closed), the
// API, the pages and Open311 answer 503 with Retry-After, not 500; on
// PostgreSQL, once the database is back, so are the answers.
func TestDatabaseOutage(t *testing.T) {
	paths := []string{"/api/v1/cases?status=new", "/api/v1/me", "/open311/v2/requests.json", "/console", "/readyz"}
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		dispatcher := e.client("dispatcher")
		get := func() map[string]outageAnswer {
			t.Helper()
			got := map[string]outageAnswer{}
			for _, p := range paths {
				st, _, resp := e.get(dispatcher, p)
				got[p] = outageAnswer{st, resp.Header.Get("Retry-After")}
			}
			return got
		}
		want := func(status int, retry string) map[string]outageAnswer {
			m := map[string]outageAnswer{}
			for _, p := range paths {
				m[p] = outageAnswer{status, retry}
			}
			m["/readyz"] = outageAnswer{status, ""}
			return m
		}
		// during gets the answers in an outage. Who is signed in is
		// answered from the session cache (app/session_cache.go) for up
		// to a second after it last read the database's AuthVersion, and
		// like the rest once it cannot read it again: either is right,
		// depending on how long the requests before took.
		during := func() map[string]outageAnswer {
			t.Helper()
			got := get()
			if got["/api/v1/me"] == (outageAnswer{http.StatusOK, ""}) {
				got["/api/v1/me"] = outageAnswer{http.StatusServiceUnavailable, "5"}
			}
			return got
		}
		if diff := cmp.Diff(want(http.StatusOK, ""), get()); diff != "" {
			t.Fatalf("before the outage (-want +got):\n%s", diff)
		}
		if !strings.HasPrefix(dsn, "postgres") {
			e.db.Close()
			if diff := cmp.Diff(want(http.StatusServiceUnavailable, "5"), during()); diff != "" {
				t.Errorf("with the store closed (-want +got):\n%s", diff)
			}
			reportDuringOutage(t, e)
			return
		}
		restore := dbtest.CutOff(t, dsn)
		if diff := cmp.Diff(want(http.StatusServiceUnavailable, "5"), during()); diff != "" {
			t.Errorf("with the database cut off (-want +got):\n%s", diff)
		}
		reportDuringOutage(t, e)
		restore()
		if diff := cmp.Diff(want(http.StatusOK, ""), get()); diff != "" {
			t.Errorf("after the outage (-want +got):\n%s", diff)
		}
	})
}

// reportDuringOutage: a resident's report form sent while the database
// is out of reach comes back as typed, 503 with Retry-After, saying to
// try again, instead of an error page that loses what was typed.
func reportDuringOutage(t *testing.T, e *testEnv) {
	t.Helper()
	const typed = "桥下的路灯不亮了，晚上很黑。"
	st, body, resp := e.post(e.client(""), "/report", url.Values{"category": {"streetlight"}, "lat": {"30.7452"},
		"lng": {"120.4871"}, "description": {typed}})
	if st != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "5" ||
		!strings.Contains(body, typed) || !strings.Contains(body, "服务暂时不可用，请稍后再试。") {
		t.Errorf("the report form during the outage: %d, Retry-After %q, kept what was typed: %v, says to try again: %v",
			st, resp.Header.Get("Retry-After"), strings.Contains(body, typed), strings.Contains(body, "服务暂时不可用，请稍后再试。"))
	}
}
