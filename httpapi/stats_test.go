package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/guanjia/guanjia/demo"
)

type statsAnswer struct {
	From, To, By, Unit, Town string
	Total                    struct {
		Received, Signed int
		Rates            struct {
			SignOnTime *float64 `json:"sign_on_time"`
		}
	}
	Rows []struct {
		Key      string
		Received int
		Prev     *struct{ Received int }
	}
	Trend []struct{ Key string }
}

// TestStatsAPI: the figures over HTTP, as each caller may see them: the
// command center its town's by unit; a handler their unit's only; another
// town is not found for a town's staff, and open to the county's; bad
// periods and groupings are refused with a reason.
func TestStatsAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		var created caseJSON
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
			"description": "垃圾堆在路口"}, http.StatusCreated, &created)
		if created.Unit != "sanitation" {
			t.Fatalf("the garbage report went to %q", created.Unit)
		}
		e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/accept", created.ID), e.login("handler-sanitation"), map[string]any{}, http.StatusOK, nil)

		var st statsAnswer
		e.mustDo("GET", "/api/v1/stats?from=2026-11-01&to=2026-12-01&by=unit", e.login("dispatcher"), nil, http.StatusOK, &st)
		if st.Total.Received != 1 || st.Total.Signed != 1 || st.Total.Rates.SignOnTime == nil || *st.Total.Rates.SignOnTime != 1 {
			t.Errorf("the town's total: %+v", st.Total)
		}
		if len(st.Rows) != 1 || st.Rows[0].Key != "sanitation" || st.Rows[0].Received != 1 || st.Rows[0].Prev != nil {
			t.Errorf("rows by unit: %+v", st.Rows)
		}
		if st.Town != demo.Town.Code || len(st.Trend) != 1 || st.Trend[0].Key != "2026-11-02" {
			t.Errorf("town %q, trend %+v", st.Town, st.Trend)
		}

		e.mustDo("GET", "/api/v1/stats?from=2026-11-01&to=2026-12-01", e.login("handler-urban"), nil, http.StatusOK, &st)
		if st.Unit != "urban" || st.Total.Received != 0 || len(st.Rows) != 0 {
			t.Errorf("another unit's handler sees %+v", st)
		}
		e.mustDo("GET", "/api/v1/stats?from=2026-11-01&to=2026-12-01&by=category", e.login("handler-sanitation"), nil, http.StatusOK, &st)
		if st.Unit != "sanitation" || st.Total.Received != 1 || len(st.Rows) != 1 || st.Rows[0].Key != "garbage" {
			t.Errorf("the unit's handler sees %+v", st)
		}

		other := demo.Towns[0].Code
		if code, body := e.do("GET", "/api/v1/stats?town="+other, e.login("dispatcher"), nil); code != http.StatusNotFound {
			t.Errorf("a town's dispatcher asks for another town: %d %s", code, body)
		}
		e.mustDo("GET", "/api/v1/stats?from=2026-11-01&to=2026-12-01&town="+other, e.login("county-admin"), nil, http.StatusOK, &st)
		if st.Town != other || st.Total.Received != 0 {
			t.Errorf("the county asks for another town: %+v", st)
		}
		e.mustDo("GET", "/api/v1/stats?from=2026-11-01&to=2026-12-01&by=town", e.login("county-admin"), nil, http.StatusOK, &st)
		if st.Total.Received != 1 || len(st.Rows) != 1 || st.Rows[0].Key != demo.Town.Code {
			t.Errorf("the county by town: %+v", st)
		}
		for _, q := range []string{"from=2026-13-01", "from=2026-11-05&to=2026-11-01", "from=2025-01-01&to=2026-12-01", "by=day", "by=colour"} {
			if code, body := e.do("GET", "/api/v1/stats?"+q, e.login("dispatcher"), nil); code != http.StatusBadRequest {
				t.Errorf("%s: %d %s", q, code, body)
			}
		}
	})
}
