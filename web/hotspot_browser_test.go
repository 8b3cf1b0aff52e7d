package web_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestHotspotJourney walks the figures' journey in one Chromium session:
// three garbage reports at one spot make a recurring hot spot on /stats
// (Chinese), drawn on the hot-spot map beside the weekly trend and the
// category mix; the dispatcher makes a preventive patrol of it with one
// click and the hot spot shows it was acted on; its count opens its cases
// in the console, and the month's report lists it with its task. The sanitation lead's desk
// (English) shows the unit's figures of the period and each handler's.
// The wall screen at 1920×1080 draws the trend, ranks the units and maps
// the hot spot, within the screen.
func TestHotspotJourney(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	resident := guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"}
	handler := guanjia.ActorOf(mustUser(t, e, "handler-sanitation"))
	var first int64
	for i := range 3 {
		e.clock.Set(time.Date(2026, 11, 2, 9+i, 0, 0, 0, guanjia.TownZone))
		rec, err := e.app.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.74521, Lng: 120.48712 + float64(i)*0.00002, Description: "垃圾又堆起来了"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = rec.Case.ID
		}
	}
	e.clock.Set(time.Date(2026, 11, 2, 13, 0, 0, 0, guanjia.TownZone))
	if _, err := e.app.Act(ctx, handler, first, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
		t.Fatal(err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)

	op := b.newTab(t, 1280, 900, false)
	op.login("dispatcher", "zh")
	op.open("/stats?from=2026-11-01&to=2026-12-01&by=unit")
	op.waitFor("the charts and the hot-spot map", `document.querySelectorAll(".chart[data-drawn] canvas").length === 4 &&
		document.querySelector("#hotspot-map[data-shown='1'] path.hot-cell.recurring") !== null`)
	if n := eval[string](op, `document.querySelector(".hotspot-table tr[data-hotspot] td:nth-of-type(2)").textContent.trim()`); n != "3" {
		t.Errorf("the hot spot counts %q cases", n)
	}
	op.do(chromedp.ScrollIntoView(chromedp.ID("hotspots")))
	op.shot("hotspots-zh")
	op.do(chromedp.Click(chromedp.CSS(`.hotspot-table tr[data-hotspot] form button`)))
	op.waitFor("the hot spot acted on", `location.search.includes("hotspot_task=") && location.search.includes("by=unit") &&
		document.querySelector(".hotspot-table tr[data-hotspot] .acted") !== null`)
	op.do(chromedp.Click(chromedp.CSS(`.hotspot-table tr[data-hotspot] td:nth-of-type(2) a`)))
	op.waitFor("the hot spot's cases in the console", `location.pathname === "/console" && document.querySelectorAll("#queue [data-id]").length === 3`)
	dispatcher := guanjia.ActorOf(mustUser(t, e, "dispatcher"))
	hs, err := e.app.Hotspots(ctx, dispatcher, app.HotspotRequest{})
	if err != nil || len(hs.Recurring) != 1 || len(hs.Recurring[0].Tasks) != 1 {
		t.Fatalf("after the click: %+v, %v", hs, err)
	}
	task, err := e.app.Task(ctx, dispatcher, hs.Recurring[0].Tasks[0])
	if err != nil || task.Task.Kind != guanjia.TaskPatrol || task.Task.Grid == "" {
		t.Errorf("the preventive task: %+v, %v", task, err)
	}

	// The month's report lists the hot spot and its task.
	op.open("/stats/report?period=2026-11")
	if cells := eval[[]string](op, `Array.from(document.querySelectorAll("#report-hotspots tbody tr:first-child td")).map(td => td.textContent.trim())`); len(cells) != 4 || cells[1] != "3" || cells[3] != "#"+strconv.FormatInt(hs.Recurring[0].Tasks[0], 10) {
		t.Errorf("the report's hot spots: %v", cells)
	}

	lead := b.newTab(t, 1280, 900, false)
	lead.login("lead-sanitation", "en")
	lead.open("/desk?from=2026-11-01&to=2026-12-01")
	lead.waitFor("the unit's figures", `document.querySelector('#desk-figures [data-figure="received"] b') !== null`)
	if got := eval[string](lead, `document.querySelector('#desk-figures [data-figure="received"] b').textContent.trim()`); got != "3" {
		t.Errorf("the lead's desk: %s received", got)
	}
	row := eval[[]string](lead, `Array.from(document.querySelectorAll('#handler-figures tr[data-handler="`+strconv.FormatInt(handler.UserID, 10)+`"] td')).map(td => td.textContent.trim())`)
	unassigned := eval[[]string](lead, `Array.from(document.querySelectorAll('#handler-figures tr[data-handler="0"] td')).map(td => td.textContent.trim())`)
	if len(row) != 5 || row[0] != "1" || row[2] != "1" || len(unassigned) != 5 || unassigned[0] != "2" {
		t.Errorf("the handlers' figures: the handler %v, not assigned %v", row, unassigned)
	}
	lead.shot("desk-figures-en")

	wall := b.newTab(t, 1920, 1080, false)
	wall.login("leader", "en")
	wall.open("/screen")
	wall.waitFor("the screen's band", `document.querySelector("#screen-trend[data-drawn] canvas") !== null &&
		document.querySelector("#screen-hotspots[data-shown='1'] path.hot-cell") !== null &&
		document.querySelectorAll(".unit-ranking tbody tr").length >= 1`)
	if fits := eval[bool](wall, `(() => { const r = document.getElementById("screen-hotspots").getBoundingClientRect();
		return r.bottom <= innerHeight && r.height >= 150 && document.documentElement.scrollWidth <= innerWidth; })()`); !fits {
		t.Error("the hot-spot map is not within the 1920×1080 screen")
	}
	wall.shot("screen-band-en")
}
