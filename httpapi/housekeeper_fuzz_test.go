package httpapi_test

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// FuzzHousekeeperInput sends arbitrary query strings and bodies to the
// housekeeper module's endpoints on a real database: never a 500.
func FuzzHousekeeperInput(f *testing.F) {
	e := newTestEnv(f, dbtest.SQLite(f))
	callers := map[string]string{"resident": e.login("resident"), "housekeeper": e.login("housekeeper"),
		"dispatcher": e.login("dispatcher"), "admin": e.login("county-admin")}
	f.Add("scope=grid&area=x&month=2026-11&near=30.7,120.4,500&status=pending,approved&limit=5",
		[]byte(`{"name":"王","phone":"13900000000","occupation":"retiree","grid":"nowhere","households":3}`))
	f.Add("near=91,0,1&after=-1&level=village&month=2026-13", []byte(`{"title":"t","kind":"patrol","needed":1e9,"starts_at":"x"}`))
	f.Add("scope=village&occupation=astronaut", []byte(`{"parties":[{"name":""}],"session":{"mediator":"x"},"follow_up":{}}`))
	f.Add("", []byte(`{"kinds":{"report":{"amount":-1}},"daily_cap":1e20}`))
	routes := []struct{ method, path, caller string }{
		{"GET", "/api/v1/leaderboard", "resident"}, {"GET", "/api/v1/honours", ""},
		{"GET", "/api/v1/tasks", "housekeeper"}, {"GET", "/api/v1/housekeepers", "dispatcher"},
		{"GET", "/api/v1/coverage", ""}, {"GET", "/api/v1/points", "dispatcher"},
		{"POST", "/api/v1/housekeepers/apply", "resident"}, {"POST", "/api/v1/tasks", "dispatcher"},
		{"POST", "/api/v1/notices", "dispatcher"}, {"PUT", "/api/v1/points/rules", "admin"},
		{"POST", "/api/v1/cases/1/mediation", "dispatcher"}, {"POST", "/api/v1/cases/1/mobilise", "dispatcher"},
		{"POST", "/api/v1/tasks/1/checkin", "housekeeper"}, {"POST", "/api/v1/rewards", "admin"},
	}
	f.Fuzz(func(t *testing.T, query string, body []byte) {
		for _, rt := range routes {
			req := httptest.NewRequest(rt.method, "/", bytes.NewReader(body))
			req.URL.Path, req.URL.RawQuery = rt.path, query
			req.Header.Set("Content-Type", "application/json")
			if tok := callers[rt.caller]; tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			w := httptest.NewRecorder()
			e.srv.Config.Handler.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Fatalf("%s %s?%s with %q: status %d: %s", rt.method, rt.path, query, body, w.Code, w.Body)
			}
		}
	})
}
