package httpapi_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestBnBNightsAPI: over HTTP an owner reports a night of their B&B and
// reports it again (replaced); another owner's B&B is 404; the command
// center's CSV with a bad row is 422 naming the line in the caller's
// language and stores nothing; the village's load comes back with the
// guests.
func TestBnBNightsAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		e.clock.Set(time.Date(2026, 11, 2, 20, 0, 0, 0, guanjia.TownZone))
		owner, other, dispatcher := e.login("owner"), e.login("owner-001"), e.login("dispatcher")
		var mine struct{ BnBs []guanjia.BnB }
		e.mustDo("GET", "/api/v1/bnbs", owner, nil, http.StatusOK, &mine)
		b := mine.BnBs[0]
		path := fmt.Sprintf("/api/v1/bnbs/%d/nights/2026-11-02", b.ID)
		var got struct {
			Night    guanjia.BnBNight
			Replaced bool
		}
		e.mustDo("PUT", path, owner, map[string]int{"rooms": 1, "guests": 2}, http.StatusOK, &got)
		e.mustDo("PUT", path, owner, map[string]int{"rooms": 2, "guests": 4}, http.StatusOK, &got)
		if !got.Replaced || got.Night.Guests != 4 {
			t.Errorf("the second report: %+v", got)
		}
		e.mustDo("PUT", path, other, map[string]int{"rooms": 1, "guests": 1}, http.StatusNotFound, nil)

		csv := fmt.Sprintf("bnb_id,night,rooms,guests\n%d,2026-11-01,1,2\n%d,2026-10-31,99,2\n", b.ID, b.ID)
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/bnb-nights", strings.NewReader(csv))
		req.Header.Set("Content-Type", "text/csv")
		req.Header.Set("Authorization", "Bearer "+dispatcher)
		req.Header.Set("Accept-Language", "zh-CN")
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(body), `"line":3`) || !strings.Contains(string(body), "入住房间数") {
			t.Errorf("a CSV with a bad row: %d %s", resp.StatusCode, body)
		}
		var nights struct{ Nights []guanjia.BnBNight }
		e.mustDo("GET", fmt.Sprintf("/api/v1/bnbs/%d/nights?from=2026-11-01&to=2026-11-01", b.ID), owner, nil, http.StatusOK, &nights)
		if len(nights.Nights) != 0 {
			t.Errorf("a refused upload stored %+v", nights.Nights)
		}
		var loads struct {
			Loads []struct {
				Village string
				Guests  int
				Load    int
			}
		}
		e.mustDo("GET", "/api/v1/bnb-load?night=2026-11-02", dispatcher, nil, http.StatusOK, &loads)
		found := false
		for _, l := range loads.Loads {
			found = found || (l.Village == b.Village && l.Guests == 4)
		}
		if !found {
			t.Errorf("the village's load: %+v", loads.Loads)
		}
	})
}
