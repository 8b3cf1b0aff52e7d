package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestPatrolAPI: a housekeeper's patrol over HTTP: start, check in (and a
// check-in from far outside refused with 422 and a message), a finding made
// a case, the end; the command center reads the grid's coverage.
func TestPatrolAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		hk := e.login("housekeeper")
		var p guanjia.Patrol
		e.mustDo("POST", "/api/v1/patrols", hk, map[string]any{}, http.StatusCreated, &p)
		pts, err := e.app.PatrolPoints(p.Grid)
		if err != nil {
			t.Fatal(err)
		}
		at := map[string]any{"lat": pts[0].Lat, "lng": pts[0].Lng}
		var c guanjia.PatrolCheckin
		e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/checkins", p.ID), hk, at, http.StatusCreated, &c)
		if c.Point != pts[0].Code {
			t.Errorf("check-in visited %q, want %q", c.Point, pts[0].Code)
		}
		st, body := e.do("POST", fmt.Sprintf("/api/v1/patrols/%d/checkins", p.ID), hk, map[string]any{"lat": pts[0].Lat + 0.05, "lng": pts[0].Lng})
		if st != http.StatusUnprocessableEntity {
			t.Errorf("a check-in 5 km away: %d %s", st, body)
		}
		e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/checkins", p.ID), e.login("dispatcher"), at, http.StatusForbidden, nil)
		var f guanjia.PatrolFinding
		e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/findings", p.ID), hk,
			map[string]any{"lat": pts[0].Lat, "lng": pts[0].Lng, "category": "garbage", "note": "垃圾桶倒了"}, http.StatusCreated, &f)
		var k guanjia.Case
		e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/findings/%d/case", p.ID, f.ID), hk, nil, http.StatusCreated, &k)
		if k.Grid != p.Grid || k.Category != "garbage" {
			t.Errorf("the case from the finding: %+v", k)
		}
		e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/end", p.ID), hk, map[string]any{"note": "巡查完毕"}, http.StatusOK, &p)
		if p.Status != guanjia.PatrolEnded || p.Visited != 1 {
			t.Errorf("ended: %+v", p)
		}
		var rep struct {
			Coverage []guanjia.PatrolCoverage `json:"coverage"`
		}
		e.mustDo("GET", "/api/v1/patrols?weeks=2", e.login("dispatcher"), nil, http.StatusOK, &rep)
		got := false
		for _, cv := range rep.Coverage {
			got = got || (cv.Grid == p.Grid && cv.Patrols == 1 && cv.Visited == 1)
		}
		if !got {
			t.Errorf("the dispatcher's coverage lacks the patrol: %+v", rep.Coverage)
		}
		e.mustDo("GET", "/api/v1/patrols?weeks=99", e.login("dispatcher"), nil, http.StatusBadRequest, nil)
	})
}
