package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// Xizha car park, a landmark of the demo (demo/landmarks.go), a point 50 m
// north of it, and a point in Puyuan.
const (
	parkLat, parkLng       = 30.74130, 120.47900
	northLat               = parkLat + 50/111195.0
	puyuanLat, puyuanLng   = 30.64, 120.42
	garbage, trafficJam    = "garbage", "traffic-jam"
	wantPlaceZH, wantPlace = "西栅停车场北 50 米，", "50 m north of Xizha Car Park, grid "
)

// seedMapCases reports 3 garbage cases and 2 traffic jams north of the
// car park in Wuzhen, and 1 garbage case in Puyuan, none with an address.
func seedMapCases(t *testing.T, e *testEnv) {
	t.Helper()
	report := func(category string, lat, lng float64) {
		t.Helper()
		r := guanjia.Report{Category: category, Lat: lat, Lng: lng, Description: "地图测试"}
		if category == trafficJam {
			r.Attributes = map[string]any{"severity": "jammed"}
		}
		if _, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous}, r); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		report(garbage, northLat, parkLng)
	}
	for range 2 {
		report(trafficJam, northLat, parkLng)
	}
	report(garbage, puyuanLat, puyuanLng)
}

// TestConsoleMapFollowsFilter: the console's map data is the queue's
// filter — its category, its town — within what the dispatcher may see:
// Wuzhen's dispatcher never sees Puyuan's case, even when asking for it
// (the filter is confined to their town, as the queue's is).
// The console page hands its filter to the map.
func TestConsoleMapFollowsFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		seedMapCases(t, e)
		count := func(user, query string) int {
			t.Helper()
			st, body, _ := e.get(e.client(user), "/map/cases.json?scope=open"+query)
			if st != 200 {
				t.Fatalf("%s %s: %d %s", user, query, st, body)
			}
			var list []struct {
				Number string `json:"n"`
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		tests := []struct {
			user, query string
			want        int
		}{
			{"dispatcher", "", 5},
			{"dispatcher", "&category=" + garbage, 3},
			{"dispatcher", "&category=" + trafficJam, 2},
			{"dispatcher", "&category=" + garbage + "&jurisdiction=330483101", 3}, // another town: confined to their own, as the queue
			{"county-dispatcher", "&category=" + garbage, 4},
			{"county-dispatcher", "&category=" + garbage + "&jurisdiction=330483101", 1},
			{"dispatcher", "&status=closed", 0},
			{"dispatcher", "&overdue=", 5}, // an unticked box filters nothing
		}
		for _, tt := range tests {
			if got := count(tt.user, tt.query); got != tt.want {
				t.Errorf("%s, %q: %d cases on the map, want %d", tt.user, tt.query, got, tt.want)
			}
		}
		if st, body, _ := e.get(e.client("dispatcher"), "/map/cases.json?scope=open&status=bogus"); st != 400 {
			t.Errorf("a bad filter: %d %s", st, body)
		}
		_, page, _ := e.get(e.client("dispatcher"), "/console?category="+garbage)
		if !strings.Contains(page, `data-markers="/map/cases.json?scope=open&amp;category=garbage"`) {
			t.Errorf("the console's map is not given the filter")
		}
	})
}

// TestPlaceTextOnPages: a case reported at a bare point shows its place
// text on the public page, the tracking page and the console's queue, in
// the reader's language.
func TestPlaceTextOnPages(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
		guanjia.Report{Category: garbage, Lat: northLat, Lng: parkLng, Description: "垃圾没人收"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ user, path string }{{"", "/"}, {"", "/track/" + rec.Case.Number}, {"dispatcher", "/console"}} {
		for lang, want := range map[string]string{"zh": wantPlaceZH, "en": wantPlace} {
			_, body, _ := e.get(e.client(p.user), p.path+"?lang="+lang)
			if !strings.Contains(body, want) {
				t.Errorf("%s in %s: no %q", p.path, lang, want)
			}
		}
	}
}

// TestPlaceSearchBrowser: on a 360 px phone, typing "xzt" in the report
// page's place search offers 西栅停车场; choosing it moves the pin and the
// map there. On the console, the map shows the filtered cases only, and
// the hot spots appear when ticked.
func TestPlaceSearchBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	seedMapCases(t, e)
	b := newBrowserEnv(t, chromium, e.srv.URL)

	phone := b.newTab(t, 360, 740, true)
	phone.open("/lang/zh?next=/report")
	phone.do(chromedp.SendKeys(chromedp.ID("place-q"), "xzt"))
	phone.waitFor("the places found", `document.querySelector("#place-hits li[role=option]") !== null && !document.getElementById("place-hits").hidden`)
	if first := eval[string](phone, `document.querySelector("#place-hits li[role=option]").firstChild.textContent`); first != "西栅停车场" {
		t.Errorf("first place found: %q, want 西栅停车场", first)
	}
	if w := eval[float64](phone, `document.querySelector(".place-search").getBoundingClientRect().right`); w > 360 {
		t.Errorf("the search box reaches %v px on a 360 px phone", w)
	}
	eval[bool](phone, `(document.querySelector(".place-search").scrollIntoView(), true)`)
	phone.shot("place-search-phone")
	phone.do(chromedp.SendKeys(chromedp.ID("place-q"), kb.Enter))
	phone.waitFor("the pin at the car park", fmt.Sprintf(`Math.abs(parseFloat(document.getElementById("lat").value) - %f) < 1e-5 && Math.abs(parseFloat(document.getElementById("lng").value) - %f) < 1e-5`, parkLat, parkLng))
	centre := eval[[]float64](phone, `[GJ.pickMap.map.getCenter().lat, GJ.pickMap.map.getCenter().lng, GJ.pickMap.map.getZoom()]`)
	if math.Abs(centre[0]-parkLat) > 1e-5 || math.Abs(centre[1]-parkLng) > 1e-5 || centre[2] < 16 {
		t.Errorf("the map is at %v, want the car park at street zoom", centre)
	}
	phone.do(chromedp.ScrollIntoView(chromedp.ID("pick-map")))
	phone.shot("place-search-phone-chosen")
	if eval[bool](phone, `location.pathname !== "/report"`) {
		t.Error("choosing a place sent the report form")
	}

	desk := b.newTab(t, 1280, 800, false)
	desk.login("dispatcher", "en")
	desk.open("/console?category=" + garbage)
	desk.waitFor("the map's cases", `document.getElementById("map").hasAttribute("data-shown")`)
	if n := eval[string](desk, `document.getElementById("map").getAttribute("data-shown")`); n != "3" {
		t.Errorf("the console's map shows %s cases, want the 3 of the filter", n)
	}
	if eval[bool](desk, `document.querySelector(".leaflet-heatmap-layer") !== null`) {
		t.Error("hot spots shown before they were asked for")
	}
	desk.do(chromedp.Click(chromedp.ID("heat-toggle")))
	desk.waitFor("the hot spots", `document.querySelector(".leaflet-heatmap-layer") !== null`)
	desk.do(chromedp.SendKeys(chromedp.ID("place-q"), "Xizha car"))
	desk.waitFor("the places found", `document.querySelector("#place-hits li[role=option]") !== null`)
	desk.do(chromedp.Click(chromedp.CSS(`#place-hits li[role=option]`)))
	desk.waitFor("the car park marked", `document.querySelector(".leaflet-tooltip") !== null && document.querySelector(".leaflet-tooltip").textContent === "Xizha Car Park"`)
	desk.waitFor("the map at the car park", `(() => { const m = document.getElementById("map").getBoundingClientRect(), p = document.querySelector(".place-found").getBoundingClientRect();
		return Math.abs(p.left + p.width / 2 - m.left - m.width / 2) < 3 && Math.abs(p.top + p.height / 2 - m.top - m.height / 2) < 3; })()`)
	desk.shot("console-hot-spots")
}
