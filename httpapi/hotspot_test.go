package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/demo"
)

type hotspotsAnswer struct {
	Unit  string
	Min   int
	Cells []struct {
		Key   string
		Cases int
	}
	Recurring []struct {
		Key    string
		Cases  int
		Bounds [2][2]float64
		List   []struct {
			ID     int64
			Number string
		}
		Tasks []int64
	}
}

// TestHotspotAPI: three garbage reports at one spot make a recurring hot
// spot with its cases; the command center makes a preventive task of it in
// one call and the hot spot shows the task; another unit's handler sees no
// hot spot of cases not theirs; another town's hot spot is not found; bad
// keys and settings are refused with a reason.
func TestHotspotAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		resident := e.login("resident")
		for i := 0; i < 3; i++ {
			e.mustDo("POST", "/api/v1/cases", resident, map[string]any{"category": "garbage", "lat": lat, "lng": lng + float64(i)*0.00001,
				"description": "垃圾又堆在路口"}, http.StatusCreated, nil)
		}
		dispatcher := e.login("dispatcher")
		var hs hotspotsAnswer
		e.mustDo("GET", "/api/v1/stats/hotspots", dispatcher, nil, http.StatusOK, &hs)
		if hs.Min != 3 || len(hs.Recurring) != 1 || hs.Recurring[0].Cases != 3 || len(hs.Recurring[0].List) != 3 || len(hs.Cells) != 1 {
			t.Fatalf("hot spots: %+v", hs)
		}
		spot := hs.Recurring[0]
		if b := spot.Bounds; lat < b[0][0] || lat >= b[1][0] || !strings.HasPrefix(spot.Key, demo.Town.Code+"/garbage/") {
			t.Errorf("the hot spot %s %v does not hold its cases at %f", spot.Key, b, lat)
		}
		e.mustDo("GET", "/api/v1/stats/hotspots?min=4", dispatcher, nil, http.StatusOK, &hs)
		if len(hs.Recurring) != 0 || len(hs.Cells) != 1 {
			t.Errorf("min=4: %+v", hs)
		}

		var task struct {
			ID   int64
			Kind string
			Lat  float64
		}
		e.mustDo("POST", "/api/v1/stats/hotspots/tasks", dispatcher, map[string]any{"hotspot": spot.Key}, http.StatusCreated, &task)
		if task.Kind != "patrol" || task.Lat == 0 {
			t.Errorf("the preventive task: %+v", task)
		}
		e.mustDo("GET", "/api/v1/stats/hotspots", e.login("handler-sanitation"), nil, http.StatusOK, &hs)
		if hs.Unit != "sanitation" || len(hs.Recurring) != 1 || len(hs.Recurring[0].Tasks) != 1 || hs.Recurring[0].Tasks[0] != task.ID {
			t.Errorf("the unit's handler after the task: %+v", hs)
		}
		e.mustDo("GET", "/api/v1/stats/hotspots", e.login("handler-urban"), nil, http.StatusOK, &hs)
		if hs.Unit != "urban" || len(hs.Recurring) != 0 || len(hs.Cells) != 0 {
			t.Errorf("another unit's handler sees %+v", hs)
		}

		other := demo.Towns[0].Code
		if code, body := e.do("GET", "/api/v1/stats/hotspots?town="+other, dispatcher, nil); code != http.StatusNotFound {
			t.Errorf("another town's hot spots: %d %s", code, body)
		}
		otherKey := other + strings.TrimPrefix(spot.Key, demo.Town.Code)
		if code, body := e.do("POST", "/api/v1/stats/hotspots/tasks", dispatcher, map[string]any{"hotspot": otherKey}); code != http.StatusNotFound {
			t.Errorf("a task of another town's hot spot: %d %s", code, body)
		}
		for _, q := range []string{"min=1", "min=x", "to=2026-13-01"} {
			if code, body := e.do("GET", "/api/v1/stats/hotspots?"+q, dispatcher, nil); code != http.StatusBadRequest {
				t.Errorf("%s: %d %s", q, code, body)
			}
		}
		for _, key := range []string{"", "a/b/c", demo.Town.Code + "/garbage/1/2/3", demo.Town.Code + "/garbage/999999999/1"} {
			if code, body := e.do("POST", "/api/v1/stats/hotspots/tasks", dispatcher, map[string]any{"hotspot": key}); code != http.StatusBadRequest {
				t.Errorf("key %q: %d %s", key, code, body)
			}
		}
	})
}
