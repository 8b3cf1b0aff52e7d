package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestOperatorTakesCall is the operator's journey: a call is taken at
// /console/intake (the place by a click on the map, the caller's earlier
// case and a likely duplicate shown as the number is typed), the case
// appears in the console's queue filtered by channel phone, and the
// operator dispatches it. English on SQLite, Chinese on PostgreSQL.
func TestOperatorTakesCall(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		lang := "en"
		if strings.HasPrefix(dsn, "postgres") {
			lang = "zh"
		}
		e := newTestEnv(t, dsn)
		b := newBrowserEnv(t, chromium, e.srv.URL)
		ctx := context.Background()
		op := b.newTab(t, 1440, 900, false)
		op.login("dispatcher", lang)
		op.open("/console")
		op.do(chromedp.Click(chromedp.ID("take-a-call")))
		op.waitFor("the intake form", `location.pathname === "/console/intake" && !!(window.GJ && GJ.pickMap)`)

		// The place: a click on the map, off the pin.
		x := eval[float64](op, `(() => { const r = document.getElementById("pick-map").getBoundingClientRect(); return r.left + r.width / 2 + 60; })()`)
		y := eval[float64](op, `(() => { const r = document.getElementById("pick-map").getBoundingClientRect(); return r.top + r.height / 2 + 40; })()`)
		op.do(chromedp.MouseClickXY(x, y))
		op.waitFor("the clicked place", `document.getElementById("lat").value !== ""`)
		lat, _ := strconv.ParseFloat(eval[string](op, `document.getElementById("lat").value`), 64)
		lng, _ := strconv.ParseFloat(eval[string](op, `document.getElementById("lng").value`), 64)

		// The same caller called last week about the same place.
		dispatcher := guanjia.ActorOf(mustUser(t, e, "dispatcher"))
		earlier, err := e.app.TakeCall(ctx, dispatcher, app.Call{Report: guanjia.Report{Category: "garbage", Lat: lat, Lng: lng,
			Description: "Bags by the bridge.", Phone: "13957300077", Name: "Caller"}})
		if err != nil {
			t.Fatal(err)
		}
		op.do(chromedp.SendKeys(chromedp.ID("phone"), "139 5730 0077"), chromedp.SendKeys(chromedp.ID("name"), "Mr Shen"))
		eval[bool](op, `(() => { const s = document.getElementById("category"); s.value = "garbage"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		op.waitFor("the caller's earlier case", `!!document.querySelector('#earlier a[href^="/cases/`+strconv.FormatInt(earlier.Case.ID, 10)+`?"]')`)
		op.waitFor("the likely duplicate", `!!document.querySelector('#dups a[href^="/cases/`+strconv.FormatInt(earlier.Case.ID, 10)+`?"]')`)
		op.waitFor("the category's questions", `!document.querySelector('.attrs[data-category="garbage"]').hidden`)
		op.do(chromedp.SendKeys(chromedp.ID("description"), "Garbage piled up again by the bridge, the caller says."))
		op.shot("intake-" + lang)
		op.do(chromedp.Click(chromedp.ID("take-call")))
		op.waitFor("the new case", `location.pathname.startsWith("/cases/") && !!document.getElementById("dispatch-suggested")`)
		id, _ := strconv.ParseInt(strings.TrimPrefix(eval[string](op, `location.pathname`), "/cases/"), 10, 64)
		c, err := e.app.Case(ctx, dispatcher, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != guanjia.StatusNew || c.Channel != guanjia.ChannelPhone || c.ReporterPhone != "13957300077" || c.ReporterName != "Mr Shen" || c.ReporterID != 0 {
			t.Fatalf("the call's case: %+v", c)
		}
		wantChannel := map[string]string{"en": "Phone", "zh": "电话"}[lang]
		if got := eval[string](op, `document.querySelector("dd.channel").textContent`); got != wantChannel {
			t.Errorf("channel shown %q, want %q", got, wantChannel)
		}

		// In the queue, filtered to phone calls, then dispatched from there.
		op.open("/console?channel=phone")
		row := `#queue tr[data-id="` + strconv.FormatInt(id, 10) + `"]`
		op.waitFor("the call in the queue", `!!document.querySelector('`+row+`')`)
		if n := eval[int](op, `document.querySelectorAll("#queue tr[data-id]").length`); n != 2 {
			t.Errorf("%d phone cases in the queue, want 2", n)
		}
		op.do(chromedp.Click(chromedp.CSS(row + ` a`)))
		op.waitFor("the case page", `!!document.getElementById("dispatch-suggested")`)
		op.do(chromedp.Click(chromedp.ID("dispatch-suggested")))
		op.waitFor("the dispatch", `!document.getElementById("dispatch-suggested") && document.readyState === "complete"`)
		if c, err = e.app.Case(ctx, dispatcher, id); err != nil || c.Status != guanjia.StatusDispatched || c.Unit != "sanitation" {
			t.Errorf("after dispatch: %s %s %v", c.Status, c.Unit, err)
		}
	})
}

// TestLeadAssigns is the unit's journey: the lead assigns a case to a
// handler from the case page, the handler finds it under "my cases" on a
// phone, and the lead's desk counts it as the handler's.
func TestLeadAssigns(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	b := newBrowserEnv(t, chromium, e.srv.URL)
	ctx := context.Background()
	rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "Bins overflowing."})
	if err != nil || rec.Case.Unit != "sanitation" {
		t.Fatalf("report: %+v %v", rec, err)
	}
	id := strconv.FormatInt(rec.Case.ID, 10)
	handler := mustUser(t, e, "handler-sanitation")
	hid := strconv.FormatInt(handler.ID, 10)
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			lead := b.newTab(t, 1280, 800, false)
			lead.login("lead-sanitation", lang)
			lead.open("/cases/" + id + "?back=/desk")
			if lang == "zh" {
				lead.do(chromedp.SetValue(chromedp.ID("handler"), hid), chromedp.Click(chromedp.ID("assign")))
				lead.waitFor("the assignment", `document.readyState === "complete" && (document.querySelector("dd.handler") || {}).textContent === `+cssString(handler.Name))
			}
			lead.open("/desk")
			lead.waitFor("the handler's count", `document.querySelector('#handler-counts li[data-handler="`+hid+`"] b').textContent === "1"`)
			h := b.newTab(t, 360, 740, true)
			h.login("handler-sanitation", lang)
			h.open("/desk")
			h.do(chromedp.Click(chromedp.ID("view-mine")))
			h.waitFor("the case under my cases", `location.search === "?view=mine" && !!document.querySelector('#desk-list [data-id="`+id+`"]')`)
			h.shot("desk-mine-" + lang)
		})
	}
	c, err := e.app.Case(ctx, guanjia.ActorOf(handler), rec.Case.ID)
	if err != nil || c.Handler != handler.ID {
		t.Errorf("handler %d, want %d (%v)", c.Handler, handler.ID, err)
	}
}

// mustUser returns a demo account.
func mustUser(t *testing.T, e *testEnv, username string) *guanjia.User {
	t.Helper()
	u, err := e.db.GetUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
