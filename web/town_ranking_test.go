package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// countyCases reports a case in Wuzhen and two in Puyuan and returns
// their numbers by town.
func countyCases(t testing.TB, e *testEnv) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, p := range [][2]float64{{30.7452, 120.4871}, {30.64, 120.42}, {30.641, 120.421}} {
		rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
			guanjia.Report{Category: "garbage", Lat: p[0], Lng: p[1], Description: "路边有垃圾"})
		if err != nil {
			t.Fatal(err)
		}
		out[rec.Case.Jurisdiction] = append(out[rec.Case.Jurisdiction], rec.Case.Number)
	}
	return out
}

var rankedTown = regexp.MustCompile(`<tr data-town="(\d+)">`)

// TestCountyScreen: the county's leader sees every town ranked on the
// wall screen, and narrows the screen and its map to one town; a town's
// leader sees their town alone, with no ranking and no choice of town,
// whatever they ask for.
func TestCountyScreen(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	numbers := countyCases(t, e)
	wuzhen, puyuan := demo.Town.Code, demo.Towns[0].Code
	county, town := e.client("county-leader"), e.client("leader")

	_, body, _ := e.get(county, "/screen")
	var ranked []string
	for _, m := range rankedTown.FindAllStringSubmatch(body, -1) {
		ranked = append(ranked, m[1])
	}
	if len(ranked) != 3 || !strings.Contains(body, "各镇（街道）排名") || !strings.Contains(body, `name="jurisdiction"`) {
		t.Errorf("the county's screen ranks %v (want the three towns), with a choice of town", ranked)
	}
	_, body, _ = e.get(county, "/screen?jurisdiction="+puyuan)
	if strings.Contains(body, `class="ranking"`) || strings.Contains(body, numbers[wuzhen][0]) || !strings.Contains(body, numbers[puyuan][0]) ||
		!strings.Contains(body, `jurisdiction=`+puyuan) {
		t.Errorf("the county's screen narrowed to Puyuan shows the ranking or Wuzhen's case, or loses the town in its live parts")
	}
	markers := func(c *http.Client, q string) []string {
		_, js, _ := e.get(c, "/map/cases.json?scope=open"+q)
		return regexp.MustCompile(`[A-Z]{2}-\d{8}-\d{4}`).FindAllString(js, -1)
	}
	if got := markers(county, "&jurisdiction="+puyuan); !cmp.Equal(got, numbers[puyuan], cmpopts.SortSlices(func(a, b string) bool { return a < b })) {
		t.Errorf("the county's map of Puyuan shows %v, want %v", got, numbers[puyuan])
	}
	for _, q := range []string{"", "?jurisdiction=" + puyuan} {
		_, body, _ = e.get(town, "/screen"+q)
		if strings.Contains(body, `class="ranking"`) || strings.Contains(body, `name="jurisdiction"`) ||
			strings.Contains(body, numbers[puyuan][0]) || !strings.Contains(body, numbers[wuzhen][0]) {
			t.Errorf("Wuzhen's leader at /screen%s sees the ranking, the choice of town or Puyuan's case", q)
		}
	}
	if got := markers(town, "&jurisdiction="+puyuan); !cmp.Equal(got, numbers[wuzhen]) {
		t.Errorf("Wuzhen's leader's map asking for Puyuan shows %v, want Wuzhen's %v", got, numbers[wuzhen])
	}
}

// TestCountyScreenBrowser drives Chromium as the county's leader, in
// Chinese and in English: the wall screen ranks the three towns; choosing
// Puyuan narrows the screen to it (no ranking, Puyuan's newest cases and
// map markers only, the choice kept by the live refresh); the console
// narrowed to Puyuan lists Puyuan's cases alone. Screenshots on SQLite.
func TestCountyScreenBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		numbers := countyCases(t, e)
		puyuan := demo.Towns[0].Code
		b := newBrowserEnv(t, chromium, e.srv.URL)
		for _, lang := range []string{"zh", "en"} {
			tb := b.newTab(t, 1440, 900, false)
			tb.login("county-leader", lang)
			tb.open("/screen")
			tb.waitFor("the towns ranked", `document.querySelectorAll(".ranking tbody tr").length === 3`)
			heading := map[string]string{"zh": "各镇（街道）排名", "en": "Towns ranked, last 30 days"}[lang]
			if got := eval[string](tb, `document.querySelector(".town-ranking h2").textContent`); !strings.Contains(got, heading) {
				t.Errorf("%s: the ranking's heading is %q", lang, got)
			}
			if !strings.HasPrefix(dsn, "postgres") {
				tb.shot("county-screen-" + lang)
			}
			tb.do(chromedp.SetValue(chromedp.CSS("#s-town"), puyuan), chromedp.Click(chromedp.CSS(".screen-town button")))
			tb.waitFor("the screen of Puyuan", `location.search.includes("jurisdiction=`+puyuan+`") && !document.querySelector(".ranking") &&
				document.querySelectorAll("#newest li").length === 2`)
			tb.waitFor("Puyuan's markers", `document.querySelectorAll(".pin, .cluster").length > 0`)
			if got := eval[string](tb, `document.getElementById("figures").getAttribute("data-live")`); !strings.Contains(got, "jurisdiction="+puyuan) {
				t.Errorf("%s: the live figures lose the town: %s", lang, got)
			}
			tb.open("/console?jurisdiction=" + puyuan)
			tb.waitFor("Puyuan's queue", `document.querySelectorAll("#queue tr[data-id]").length === 2`)
			queue := eval[string](tb, `document.getElementById("queue").textContent`)
			for _, n := range numbers[demo.Town.Code] {
				if strings.Contains(queue, n) {
					t.Errorf("%s: the console of Puyuan lists Wuzhen's %s", lang, n)
				}
			}
		}
		if foreign := b.foreignRequests(); len(foreign) > 0 {
			t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
		}
	})
}
