package web_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestBrowser drives Chromium through the closed loop against the real
// server, in English and in Chinese: a resident reports with a photo while
// offline, and the report arrives once when the phone is back online; the
// dispatcher's console shows it live and dispatches it; the handler signs
// for it and resolves it with a photo; the resident confirms the fix; the
// public page shows it closed without personal data. No page requests
// anything from another host, and the reporting page stays small.
//
// It runs both languages on SQLite and, to keep the suite short, Chinese
// only on PostgreSQL when GUANJIA_TEST_POSTGRES is set.
func TestBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		b := newBrowserEnv(t, chromium, e.srv.URL)
		langs := []string{"en", "zh"}
		if strings.HasPrefix(dsn, "postgres") {
			langs = []string{"zh"}
		}
		for _, lang := range langs {
			t.Run(lang, func(t *testing.T) { closedLoop(t, e, b, lang) })
		}
		checkRequests(t, b)
	})
}

// checkRequests checks that no page asked another host for anything.
func checkRequests(t *testing.T, b *browserEnv) {
	if b.requested() < 50 {
		t.Errorf("only %d requests recorded; is the recording broken?", b.requested())
	}
	if foreign := b.foreignRequests(); len(foreign) > 0 {
		t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
	}
}

// typed is what the people of the flow type, in each language.
var typed = map[string]map[string]string{
	"en": {"bnb": "Riverside Inn", "problem": "The rooms do not match the pictures online; the owner refuses a refund.",
		"done": "Refund arranged; the listing was corrected."},
	"zh": {"bnb": "河畔客栈", "problem": "民宿实际房间和网上图片严重不符，老板拒绝退款。",
		"done": "已协调退款，民宿已更正网上图片。"},
}

// flow is what one run of the closed loop knows.
type flow struct {
	t      *testing.T
	words  map[string]string // what the people type, in the flow's language
	e      *testEnv
	b      *browserEnv
	lang   string
	marker string // unique words in the report, to find its case
	name   string // the reporter's name, which the public must not see
	phone  string
}

func closedLoop(t *testing.T, e *testEnv, b *browserEnv, lang string) {
	f := &flow{t: t, e: e, b: b, lang: lang,
		marker: fmt.Sprintf("E2E-%s-%d", lang, time.Now().UnixNano()),
		name:   "Reporter" + lang + "Zhou", phone: "1390000" + map[string]string{"en": "1111", "zh": "2222"}[lang],
		words: typed[lang]}

	resident := b.newTab(t, 360, 740, true)
	f.openReportingPage(resident)
	console := b.newTab(t, 1440, 900, false)
	console.login("dispatcher", lang)
	console.open("/console")
	console.waitFor("the live connection", `document.getElementById("live").classList.contains("on")`)
	eval[bool](console, `window.noReload = true`)

	f.reportOffline(resident)
	number := f.comeBackOnline(resident)
	c := f.theOneCase()
	if c.Number != number || len(c.Photos) != 1 || c.ReporterName != f.name {
		t.Fatalf("case %s: number %s, %d photos, reporter %q; want %s, 1 photo, %q", c.Number, number, len(c.Photos), c.ReporterName, number, f.name)
	}

	f.dispatchLive(console, c)
	f.handle(c)
	f.confirmFixed(resident, c)
	f.checkPublic(c)
	f.shootOtherPages(c)
}

// openReportingPage loads /report on the phone in the flow's language,
// through the language switch, with GPS, and measures what it transfers.
func (f *flow) openReportingPage(tb *tab) {
	f.t.Helper()
	lat, lng := f.pointInGrid()
	tb.locateAt(lat, lng)
	tb.open("/lang/" + f.lang + "?next=/favicon.ico") // sets the language, loads nothing else
	f.b.startMeasuring()
	tb.open("/report")
	tb.waitFor("the GPS position on the map", `document.getElementById("lat").value !== ""`)
	tb.waitFor("the town map", `document.querySelectorAll(".geo-grid").length > 10`)
	tb.waitFor("the service worker", `navigator.serviceWorker.controller !== null`)
	// Every request the page made, as the page knows them, is measured.
	loaded := eval[[]string](tb, `performance.getEntries().filter(e => e.entryType === "navigation" || e.entryType === "resource").map(e => e.name).filter(u => u.startsWith("http"))`)
	testenv.WaitFor(f.t, 30*time.Second, "the reporting page's requests to be measured", func() bool { return f.b.counted(loaded) })
	n, what := f.b.measured()
	if n > 150<<10 || n < 20<<10 {
		f.t.Errorf("the reporting page transferred %d bytes; want 20 KB to 150 KB:\n%s", n, strings.Join(what, "\n"))
	} else {
		f.t.Logf("the reporting page transferred %.1f KB:\n%s", float64(n)/1024, strings.Join(what, "\n"))
	}
	wantLang := map[string]string{"en": "en", "zh": "zh-CN"}[f.lang]
	if got := eval[string](tb, `document.documentElement.lang`); got != wantLang {
		f.t.Errorf("page language %q, want %q", got, wantLang)
	}
}

// reportOffline makes the report with no connection: the page comes from
// the service worker, and the report waits on the phone.
func (f *flow) reportOffline(tb *tab) {
	f.t.Helper()
	tb.offline(true)
	tb.do(chromedp.Reload())
	tb.waitFor("the reporting page offline", `document.readyState === "complete" && !!document.getElementById("report-form") && navigator.onLine === false`)
	tb.waitFor("the GPS position", `document.getElementById("lat").value !== ""`)
	tb.do(
		chromedp.Click(chromedp.CSS(`.more-cats summary`)),
		chromedp.Click(chromedp.CSS(`input[name=category][value="bnb-complaint"]`)),
		chromedp.SendKeys(chromedp.CSS(`[name="attr.bnb-complaint.bnb"]`), f.words["bnb"]),
		chromedp.SetUploadFiles(chromedp.ID("photos"), []string{newPhoto(f.t, "problem.jpg", 90)}),
	)
	tb.waitFor("the photo preview", `document.querySelectorAll("#previews li").length === 1`)
	tb.do(
		chromedp.SendKeys(chromedp.ID("description"), f.words["problem"]+" "+f.marker),
		chromedp.Click(chromedp.CSS(`details.contact summary`)),
		chromedp.SendKeys(chromedp.ID("name"), f.name),
		chromedp.SendKeys(chromedp.ID("phone"), f.phone),
		chromedp.Click(chromedp.ID("send")),
	)
	tb.waitFor("the report waiting on the phone", `document.querySelectorAll("#outbox-list li").length === 1 && !document.getElementById("waiting").hidden`)
	eval[bool](tb, `GJ.outbox.flush().then(() => true)`) // a send attempt runs and fails
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	tb.shot(f.lang + "-report-offline")
	if n := len(f.cases()); n != 0 {
		f.t.Fatalf("%d cases exist while the phone is offline; want 0", n)
	}
}

// comeBackOnline reconnects the phone; the report is sent by itself, once.
func (f *flow) comeBackOnline(tb *tab) string {
	f.t.Helper()
	tb.offline(false)
	tb.waitFor("the report to be sent", `!!document.querySelector("#sent a[data-number]") && document.querySelectorAll("#outbox-list li").length === 0`)
	number := eval[string](tb, `document.querySelector("#sent a[data-number]").getAttribute("data-number")`)
	tb.do(chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	tb.shot(f.lang + "-report-sent")
	// Ask the phone to send again, twice at once: nothing is left to send,
	// and a retry of the same client_id would find the same case anyway.
	eval[bool](tb, `Promise.all([GJ.outbox.flush(), GJ.outbox.flush()]).then(() => true)`)
	if n := len(f.cases()); n != 1 {
		f.t.Fatalf("%d cases arrived; want exactly 1", n)
	}
	return number
}

// dispatchLive waits for the case to appear in the open console without a
// reload, opens it and dispatches it with one click to the suggested unit.
func (f *flow) dispatchLive(tb *tab, c *guanjia.Case) {
	f.t.Helper()
	sel := `#queue tr[data-id="` + strconv.FormatInt(c.ID, 10) + `"]`
	tb.waitFor("the new case in the console", `!!document.querySelector(`+jsString(sel)+`)`)
	if !eval[bool](tb, `window.noReload === true && document.querySelector(`+jsString(sel)+`).classList.contains("flash")`) {
		f.t.Error("the console reloaded, or did not highlight the new case")
	}
	tb.shot(f.lang + "-console")
	tb.do(chromedp.Click(chromedp.CSS(sel + ` td.num a`)))
	tb.waitFor("the case page", `!!document.getElementById("dispatch-suggested")`)
	page := eval[string](tb, `document.querySelector("main").innerText`)
	for _, want := range []string{c.Number, f.name, f.phone, f.words["bnb"]} {
		if !strings.Contains(page, want) {
			f.t.Errorf("the dispatcher's case page lacks %q", want)
		}
	}
	tb.shot(f.lang + "-case-dispatcher")
	tb.do(chromedp.Click(chromedp.ID("dispatch-suggested")))
	tb.waitFor("the dispatched case", `!document.getElementById("dispatch-suggested") && document.readyState === "complete"`)
	if got := f.reload(c); got.Status != guanjia.StatusDispatched || got.Unit != "market" {
		f.t.Fatalf("after dispatch: status %s, unit %q; want dispatched to market", got.Status, got.Unit)
	}
}

// handle signs for the case on the market unit's workbench and resolves it
// with a photo taken on the spot.
func (f *flow) handle(c *guanjia.Case) {
	f.t.Helper()
	tb := f.b.newTab(f.t, 1280, 860, false)
	tb.login("handler-market", f.lang)
	tb.open("/desk")
	row := `#desk-list tr[data-id="` + strconv.FormatInt(c.ID, 10) + `"]`
	tb.waitFor("the case on the workbench", `!!document.querySelector(`+jsString(row)+`)`)
	tb.shot(f.lang + "-desk")
	tb.do(chromedp.Click(chromedp.CSS(row + ` td.act button`)))
	tb.waitFor("the signed-for case", `!document.querySelector(`+jsString(row+` td.act button`)+`)`)
	if got := f.reload(c); got.Status != guanjia.StatusAccepted {
		f.t.Fatalf("after sign-for: status %s, want accepted", got.Status)
	}
	tb.open("/cases/" + strconv.FormatInt(c.ID, 10))
	tb.do(
		chromedp.SendKeys(chromedp.ID("resolve-note"), f.words["done"]),
		chromedp.SetUploadFiles(chromedp.ID("resolve-photos"), []string{newPhoto(f.t, "fixed.jpg", 200)}),
		chromedp.Click(chromedp.ID("resolve")),
	)
	tb.waitFor("the resolved case", `!document.getElementById("resolve") && document.readyState === "complete"`)
	got := f.reload(c)
	if got.Status != guanjia.StatusResolved {
		f.t.Fatalf("after resolve: status %s, want resolved", got.Status)
	}
	events, err := f.e.app.Timeline(context.Background(), guanjia.SystemActor, c.ID)
	if err != nil || len(events) == 0 || len(events[len(events)-1].Photos) != 1 {
		f.t.Errorf("the resolve event should carry 1 photo: %+v, %v", events, err)
	}
	tb.shot(f.lang + "-case-resolved")
}

// confirmFixed has the resident confirm the fix from "my reports", with the
// tracking code the phone kept.
func (f *flow) confirmFixed(tb *tab, c *guanjia.Case) {
	f.t.Helper()
	tb.open("/my")
	card := `#tracked li[data-number=` + cssString(c.Number) + `]`
	tb.waitFor("the resolved report in my reports", `!!document.querySelector(`+jsString(card+` form.verify`)+`)`)
	tb.shot(f.lang + "-my")
	tb.do(
		chromedp.Click(chromedp.CSS(card+` .stars input[value="4"]`)),
		chromedp.Click(chromedp.CSS(card+` button[name=fixed][value=yes]`)),
	)
	tb.waitFor("the thank-you", `location.pathname === "/my" && !!document.querySelector(".notice.ok")`)
	got := f.reload(c)
	if got.Status != guanjia.StatusClosed || got.Satisfaction != 4 {
		f.t.Fatalf("after confirming: status %s, satisfaction %d; want closed, 4", got.Status, got.Satisfaction)
	}
}

// checkPublic looks at the case as the public does: closed, no personal data.
func (f *flow) checkPublic(c *guanjia.Case) {
	f.t.Helper()
	tb := f.b.newTab(f.t, 1280, 860, false)
	tb.open("/lang/" + f.lang + "?next=/")
	tb.waitFor("the public map", `document.querySelectorAll(".cluster, .pin").length > 0`)
	tb.shot(f.lang + "-home")
	tb.open("/track/" + c.Number)
	html := eval[string](tb, `document.documentElement.outerHTML`)
	closed := map[string]string{"en": "Closed", "zh": "已结案"}[f.lang]
	if !strings.Contains(html, `st-closed`) || !strings.Contains(html, closed) {
		f.t.Errorf("the public page does not show case %s closed", c.Number)
	}
	for _, secret := range []string{f.name, f.phone} {
		if strings.Contains(html, secret) {
			f.t.Errorf("the public page shows personal data %q", secret)
		}
	}
	tb.shot(f.lang + "-track")
	for _, path := range []string{"/", "/map/cases.json"} {
		_, body, _ := f.e.get(f.e.client(""), path)
		if strings.Contains(body, f.name) || strings.Contains(body, f.phone) {
			f.t.Errorf("%s shows personal data", path)
		}
	}
}

// shootOtherPages saves the remaining main pages: the wall screen, the
// workbench of a unit lead, the about and login pages.
func (f *flow) shootOtherPages(c *guanjia.Case) {
	f.t.Helper()
	leader := f.b.newTab(f.t, 1920, 1080, false)
	leader.login("leader", f.lang)
	leader.open("/screen")
	leader.waitFor("the wall screen", `document.getElementById("live").classList.contains("on") && document.querySelectorAll(".cluster, .pin").length >= 0`)
	leader.shot(f.lang + "-screen")
	anon := f.b.newTab(f.t, 1280, 860, false)
	anon.open("/lang/" + f.lang + "?next=/about")
	anon.shot(f.lang + "-about")
	anon.open("/login")
	anon.shot(f.lang + "-login")
}

// cases returns the cases of this run's report.
func (f *flow) cases() []*guanjia.Case {
	f.t.Helper()
	cs, _, err := f.e.app.FindCases(context.Background(), guanjia.SystemActor, guanjia.CaseFilter{Text: &f.marker, Limit: 10})
	if err != nil {
		f.t.Fatal(err)
	}
	return cs
}

func (f *flow) theOneCase() *guanjia.Case {
	f.t.Helper()
	cs := f.cases()
	if len(cs) != 1 {
		f.t.Fatalf("%d cases; want 1", len(cs))
	}
	return cs[0]
}

func (f *flow) reload(c *guanjia.Case) *guanjia.Case {
	f.t.Helper()
	got, err := f.e.app.Case(context.Background(), guanjia.SystemActor, c.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// pointInGrid returns a point of the demo town that lies in a grid.
func (f *flow) pointInGrid() (lat, lng float64) {
	for i := range 400 {
		lat, lng = 30.745+float64(i%20-10)*0.002, 120.487+float64(i/20-10)*0.002
		if g, _, _ := f.e.app.Locate(lat, lng); g != "" {
			return lat, lng
		}
	}
	f.t.Fatal("no point of the town lies in a grid")
	return 0, 0
}

// jsString quotes s for JavaScript.
func jsString(s string) string { return strconv.Quote(s) }
