package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCountyAPI: the figures endpoint ranks every town for the county's
// leader and only their own town for a town's; a town's calendar lists
// its own day over the county's, set by its administrator and refused to
// another town's (404) and, for the county's calendar, to a town's (403);
// the leaderboard of Puyuan is Puyuan's.
func TestCountyAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		wuzhen, puyuan := demo.Town.Code, demo.Towns[0].Code
		towns := func(user string) []string {
			var out struct {
				Towns []struct {
					Jurisdiction string `json:"jurisdiction"`
					Rank         int    `json:"rank"`
				} `json:"towns"`
			}
			e.mustDo("GET", "/api/v1/cases/stats?days=7", e.login(user), nil, http.StatusOK, &out)
			var codes []string
			for _, f := range out.Towns {
				codes = append(codes, f.Jurisdiction)
			}
			return codes
		}
		if got := towns("county-leader"); len(got) != 3 {
			t.Errorf("the county's leader is ranked %v, want three towns", got)
		}
		if got := towns("leader"); !cmp.Equal(got, []string{wuzhen}) {
			t.Errorf("Wuzhen's leader is ranked %v, want Wuzhen alone", got)
		}
		day := map[string]string{"kind": "holiday", "name": "濮院羊毛衫节"}
		e.mustDo("PUT", "/api/v1/jurisdictions/"+puyuan+"/calendar/2026-11-03", e.login("admin"), day, http.StatusNotFound, nil)
		e.mustDo("PUT", "/api/v1/calendar/2026-11-03", e.login("puyuan-admin"), day, http.StatusForbidden, nil)
		e.mustDo("PUT", "/api/v1/jurisdictions/"+puyuan+"/calendar/2026-11-03", e.login("puyuan-admin"), day, http.StatusOK, nil)
		e.mustDo("PUT", "/api/v1/jurisdictions/"+puyuan+"/calendar/2026-11-31", e.login("puyuan-admin"), day, http.StatusBadRequest, nil)
		has := func(path string) bool {
			var out struct {
				Days []struct{ Date, Kind string } `json:"days"`
			}
			e.mustDo("GET", path, "", nil, http.StatusOK, &out)
			for _, d := range out.Days {
				if d.Date == "2026-11-03" && d.Kind == "holiday" {
					return true
				}
			}
			return false
		}
		if !has("/api/v1/jurisdictions/"+puyuan+"/calendar") || has("/api/v1/jurisdictions/"+wuzhen+"/calendar") || has("/api/v1/calendar") {
			t.Error("Puyuan's holiday is not Puyuan's alone")
		}
		var board struct {
			Jurisdiction string `json:"jurisdiction"`
		}
		e.mustDo("GET", "/api/v1/leaderboard?town="+puyuan, "", nil, http.StatusOK, &board)
		if board.Jurisdiction != puyuan {
			t.Errorf("the public's leaderboard of Puyuan is of %q", board.Jurisdiction)
		}
		e.mustDo("GET", "/api/v1/leaderboard?town="+puyuan, e.login("dispatcher"), nil, http.StatusOK, &board)
		if board.Jurisdiction != wuzhen {
			t.Errorf("Wuzhen's dispatcher's leaderboard is of %q, want Wuzhen's", board.Jurisdiction)
		}
		e.mustDo("GET", "/api/v1/leaderboard?town=nowhere", "", nil, http.StatusBadRequest, nil)
	})
}

// TestOpen311TownCatalogue: Puyuan stops offering garbage; Open311 lists
// it for Wuzhen and for no town named, not for Puyuan, whose definition
// of it is 404 and which refuses a request for it.
func TestOpen311TownCatalogue(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		puyuan := demo.Towns[0].Code
		e.mustDo("PUT", "/api/v1/jurisdictions/"+puyuan+"/categories/garbage", e.login("puyuan-admin"),
			map[string]any{"active": false}, http.StatusOK, nil)
		offers := func(q string) bool {
			var svcs []struct {
				Code string `json:"service_code"`
			}
			if err := json.Unmarshal(e.get(t, "/open311/v2/services.json"+q), &svcs); err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(svcs, func(s struct {
				Code string `json:"service_code"`
			}) bool {
				return s.Code == "garbage"
			})
		}
		if !offers("") || !offers("?jurisdiction_id="+demo.Town.Code) || offers("?jurisdiction_id="+puyuan) {
			t.Errorf("garbage offered: every town %v, Wuzhen %v, Puyuan %v; want Puyuan alone without",
				offers(""), offers("?jurisdiction_id="+demo.Town.Code), offers("?jurisdiction_id="+puyuan))
		}
		resp, err := http.Get(e.srv.URL + "/open311/v2/services/garbage.json?jurisdiction_id=" + puyuan)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("Puyuan's definition of garbage: %d, want 404", resp.StatusCode)
		}
		for _, j := range []string{puyuan, ""} {
			form := url.Values{"api_key": {"demo"}, "service_code": {"garbage"}, "lat": {"30.64"}, "long": {"120.42"},
				"description": {"路边堆了垃圾"}}
			if j != "" {
				form.Set("jurisdiction_id", j)
			}
			resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode/100 != 4 {
				t.Errorf("a request for garbage in Puyuan (jurisdiction_id %q): %d, want refused", j, resp.StatusCode)
			}
		}
	})
}
