package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestEventJourney: the leader, in Chinese, opens the events page, draws
// an area on the map by clicking its corners (the GeoJSON box fills), is
// refused an open ring in Chinese beside the area, pastes a good one with
// 15-minute and 2-hour limits and a command post, and lands on the event.
// A case reported inside it then goes to the command post; the dispatcher,
// in English, finds it with the console's event filter, publishes a task
// for the event from its page (the task form comes filled) and sees it
// listed there, and from the wall screen opens the event's view, whose
// map draws the area and the one case; the event's report offers its
// cases as CSV and the town's report for its days as XLSX.
func TestEventJourney(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	b := newBrowserEnv(t, chromium, e.srv.URL)
	now := e.app.Now().In(guanjia.TownZone)
	lat, lng := 30.7452, 120.4871

	leader := b.newTab(t, 1440, 900, false)
	leader.login("leader", "zh")
	leader.open("/events")
	leader.waitFor("the events page", `document.readyState === "complete" && !!document.querySelector("details.publish")`)
	leader.do(chromedp.Click(chromedp.CSS(`details.publish summary`)))
	leader.waitFor("the area map", `!!document.querySelector("#area-map .geo-grid")`)
	rect := eval[[]float64](leader, `(el => (el.scrollIntoView({block: "center"}), (r => [r.left, r.top, r.width, r.height])(el.getBoundingClientRect())))(document.getElementById("area-map"))`)
	for _, p := range [][2]float64{{0.3, 0.3}, {0.7, 0.3}, {0.7, 0.7}, {0.3, 0.7}} {
		leader.do(chromedp.MouseClickXY(rect[0]+p[0]*rect[2], rect[1]+p[1]*rect[3]))
	}
	if drawn := eval[string](leader, `document.getElementById("ev-area").value`); !strings.HasPrefix(drawn, `{"type":"Polygon","coordinates":[[[`) {
		t.Errorf("after four clicks the area box holds %q", drawn)
	}
	at := func(d time.Duration) string { return now.Add(d).Format("2006-01-02T15:04") }
	leader.do(chromedp.SetValue(chromedp.ID("ev-name"), "世界互联网大会"),
		chromedp.SetValue(chromedp.ID("ev-setup"), at(-2*time.Hour)), chromedp.SetValue(chromedp.ID("ev-start"), at(-time.Hour)),
		chromedp.SetValue(chromedp.ID("ev-end"), at(48*time.Hour)), chromedp.SetValue(chromedp.ID("ev-teardown"), at(72*time.Hour)),
		chromedp.SetValue(chromedp.ID("ev-sign"), "15min"), chromedp.SetValue(chromedp.ID("ev-resolve"), "2h"),
		chromedp.SetValue(chromedp.ID("ev-post"), "urban"),
		chromedp.SetValue(chromedp.ID("ev-area"), `{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75]]]}`),
		chromedp.Click(chromedp.CSS(`#event-form button[type=submit]`)))
	leader.waitFor("the refusal", `document.readyState === "complete" && !!document.querySelector("#err-area:not([hidden])")`)
	if msg := eval[string](leader, `document.getElementById("err-area").innerText`); !strings.Contains(msg, "区域不是有效的多边形") {
		t.Errorf("the open ring's refusal reads %q", msg)
	}
	square := fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%[2]g,%[1]g],[%[3]g,%[1]g],[%[3]g,%[4]g],[%[2]g,%[4]g],[%[2]g,%[1]g]]]}`,
		lat-0.002, lng-0.002, lng+0.002, lat+0.002)
	leader.do(chromedp.SetValue(chromedp.ID("ev-area"), square), chromedp.Click(chromedp.CSS(`#event-form button[type=submit]`)))
	leader.waitFor("the event's page", `document.readyState === "complete" && /^\/events\/\d+$/.test(location.pathname)`)
	id := strings.TrimPrefix(eval[string](leader, `location.pathname`), "/events/")
	if text := eval[string](leader, `document.querySelector(".event-rules").innerText`); !strings.Contains(text, "15分钟") || !strings.Contains(text, "2小时") {
		t.Errorf("the event's rules read %q", text)
	}
	leader.shot("event-zh")

	rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Case.Unit != "urban" || rec.Case.SignDueAt == nil || rec.Case.SignDueAt.Sub(rec.Case.CreatedAt) != 15*time.Minute {
		t.Errorf("the case inside: unit %q, sign due %v", rec.Case.Unit, rec.Case.SignDueAt)
	}

	disp := b.newTab(t, 1440, 900, false)
	disp.login("dispatcher", "en")
	disp.open("/console")
	disp.waitFor("the console", `document.readyState === "complete" && !!document.getElementById("f-event")`)
	disp.do(chromedp.SetValue(chromedp.ID("f-event"), id), chromedp.Click(chromedp.CSS(`form.filters button[type=submit]`)))
	disp.waitFor("the event's queue", `location.search.includes("conference=`+id+`") && document.querySelectorAll("#queue tbody tr[data-id]").length === 1`)
	if got := eval[string](disp, `document.querySelector("#queue tbody tr[data-id]").dataset.id`); got != fmt.Sprint(rec.Case.ID) {
		t.Errorf("the event's queue shows case %s, want %d", got, rec.Case.ID)
	}
	// The event's tasks: the task form opens filled for it; published,
	// the task shows on the event.
	disp.open("/events/" + id)
	disp.do(chromedp.Click(chromedp.CSS(`a[href^="/staff/tasks?"]`)))
	disp.waitFor("the task form", `location.pathname === "/staff/tasks" && document.getElementById("title").value === "世界互联网大会"`)
	disp.do(chromedp.Click(chromedp.CSS(`details.publish summary`)), chromedp.Click(chromedp.CSS(`#task-form button[type=submit]`)))
	disp.waitFor("the task form sent", `document.readyState === "complete" && location.search === ""`)
	if msg := eval[string](disp, `[...document.querySelectorAll(".field-error:not([hidden])")].map(e => e.innerText).join(" ")`); msg != "" {
		t.Fatalf("publishing the event's task: %s", msg)
	}
	disp.open("/events/" + id)
	if n := eval[int](disp, `document.querySelectorAll("#event-tasks li.card").length`); n != 1 {
		t.Errorf("the event lists %d tasks, want the one published for it", n)
	}

	disp.open("/screen")
	disp.do(chromedp.Click(chromedp.CSS(`a.screen-event[href="/screen/events/` + id + `"]`)))
	disp.waitFor("the event's wall screen", `document.readyState === "complete" && !!document.querySelector("#map path.event-area") && document.getElementById("map").dataset.shown === "1"`)
	if n := eval[string](disp, `document.getElementById("ev-cases").innerText`); n != "1" {
		t.Errorf("the wall screen counts %s cases, want 1", n)
	}
	disp.shot("event-screen-en")

	// The report: the event's own figures on the page and as XLSX, its cases as CSV,
	// and the town's report for its days through the reports' machinery.
	disp.open("/events/" + id + "/report")
	xlsx := eval[string](disp, `document.getElementById("event-xlsx").getAttribute("href")`)
	own := eval[string](disp, `document.getElementById("event-own-xlsx").getAttribute("href")`)
	for _, path := range []string{xlsx, own, "/api/v1/conferences/" + id + "/cases.csv"} {
		st, body, resp := e.get(e.client("dispatcher"), path)
		if st != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || len(body) < 100 {
			t.Errorf("GET %s: %d %q, %d bytes", path, st, resp.Header.Get("Content-Disposition"), len(body))
		}
	}
}
