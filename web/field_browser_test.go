package web_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// noSideways fails the test when the page, at this step, is wider than the
// phone's screen, scrolls sideways anywhere, or has the given actions off
// screen or too small to tap (phoneProblems).
func noSideways(t *testing.T, tb *tab, step string, actions ...string) {
	t.Helper()
	js, _ := json.Marshal(append([]string{}, actions...))
	for _, p := range eval[[]string](tb, strings.Replace(phoneProblems, "%s", string(js), 1)) {
		t.Errorf("%s: %s", step, p)
	}
}

// fieldCase reports a case in the demo town and moves it with cmds, each by
// the named account; it returns the case.
func fieldCase(t *testing.T, e *testEnv, category string, steps ...any) *guanjia.Case {
	t.Helper()
	ctx := context.Background()
	lat, lng := (&flow{t: t, e: e}).pointInGrid()
	rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: category,
		Lat: lat, Lng: lng, Attributes: map[string]any{"bnb": "西栅客栈"}, Description: "房间与网上图片不符，店主拒绝退款。", Name: "周敏", Phone: "13900001111"})
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Case
	for i := 0; i+1 < len(steps); i += 2 {
		u, err := e.db.GetUserByUsername(ctx, steps[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		if c, err = e.app.Act(ctx, guanjia.ActorOf(u), c.ID, steps[i+1].(guanjia.Command)); err != nil {
			t.Fatalf("case %d: %s: %v", c.ID, steps[i+1].(guanjia.Command).Action, err)
		}
	}
	return c
}

// TestPhoneHandlerSignsAndResolves: a handler on a 360 px phone, in
// Chinese, signs for a case from the desk, opens it, takes a photo with the
// camera (the file input asks for the rear camera) and resolves it; no step
// scrolls sideways. The reporter's phone is a tel: link for the handler
// and nowhere on the public page.
func TestPhoneHandlerSignsAndResolves(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	c := fieldCase(t, e, "bnb-complaint", "dispatcher", guanjia.Command{Action: guanjia.ActionDispatch, Unit: "market"})
	id := strconv.FormatInt(c.ID, 10)
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := newPhoneTab(t, b, "handler-market", "zh")

	tb.open("/desk")
	tb.waitFor("the desk", pageReady)
	sign := `#desk-list [data-id="` + id + `"] form[action$="/accept"] button`
	noSideways(t, tb, "the desk", sign)
	tb.do(chromedp.Click(chromedp.CSS(sign)))
	tb.waitFor("the case signed for", `document.readyState === "complete" && !document.querySelector(`+strconv.Quote(sign)+`)`)
	noSideways(t, tb, "the desk after signing")

	tb.open("/cases/" + id + "?back=/desk")
	tb.waitFor("the case page", pageReady)
	noSideways(t, tb, "the case page", `#resolve`, `#resolve-photos`, `a.call[href="tel:13900001111"]`, `a.nav-geo`)
	input := eval[map[string]string](tb, `(() => { const i = document.getElementById("resolve-photos"); return {accept: i.accept, capture: i.getAttribute("capture")}; })()`)
	if input["accept"] != "image/*" || input["capture"] != "environment" {
		t.Errorf("the resolve form's photo input is %v; want accept=image/* capture=environment (the camera)", input)
	}
	tb.do(chromedp.SetUploadFiles(chromedp.ID("resolve-photos"), []string{newPhoto(t, "fixed.jpg", 90)}),
		chromedp.SendKeys(chromedp.ID("resolve-note"), "已协调店主退款。"))
	noSideways(t, tb, "the resolve form filled in", `#resolve`)
	tb.do(chromedp.Click(chromedp.ID("resolve")))
	tb.waitFor("the case resolved", `document.readyState === "complete" && !document.getElementById("resolve") && !!document.querySelector(".timeline")`)
	noSideways(t, tb, "the resolved case")
	tb.capture("phone-zh-handler-resolved")
	got, err := e.app.Case(context.Background(), guanjia.SystemActor, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != guanjia.StatusResolved || got.Resolution != "已协调店主退款。" {
		t.Errorf("the case is %s with %q, want resolved with the note", got.Status, got.Resolution)
	}
	events, _ := e.app.Timeline(context.Background(), guanjia.SystemActor, c.ID)
	if last := events[len(events)-1]; last.Action != guanjia.ActionResolve || len(last.Photos) != 1 {
		t.Errorf("the last event is %s with %d photos, want resolve with the photo", last.Action, len(last.Photos))
	}

	pub := newPhoneTab(t, b, "", "zh")
	pub.open("/track/" + c.Number)
	pub.waitFor("the public page", pageReady)
	if n := eval[int](pub, `document.querySelectorAll('a[href^="tel:"]').length`); n != 0 {
		t.Errorf("the public page has %d tel: links", n)
	}
	noSideways(t, pub, "the public page")
}

// TestAutoCloseNoteInChinese: a case the sweep closes for want of an
// answer reads, on Chinese pages, in Chinese (staff and public), and the
// public page names no staff member.
func TestAutoCloseNoteInChinese(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	c := fieldCase(t, e, "bnb-complaint", "dispatcher", guanjia.Command{Action: guanjia.ActionDispatch, Unit: "market"},
		"handler-market", guanjia.Command{Action: guanjia.ActionAccept},
		"handler-market", guanjia.Command{Action: guanjia.ActionResolve, Note: "已协调退款。"})
	e.clock.Set(e.clock.Now().Add(guanjia.AutoCloseAfter + 24*60*60*1e9))
	if res, err := e.app.Sweep(ctx); err != nil || res.Closed != 1 {
		t.Fatalf("sweep: %+v, %v", res, err)
	}
	handler, err := e.db.GetUserByUsername(ctx, "handler-market")
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	for _, who := range []string{"dispatcher", ""} {
		tb := b.newTab(t, 1280, 900, false)
		path := "/cases/" + strconv.FormatInt(c.ID, 10)
		if who == "" {
			tb.open("/lang/zh?next=/favicon.ico")
			path = "/track/" + c.Number
		} else {
			tb.login(who, "zh")
		}
		tb.open(path)
		tb.waitFor("the timeline", `!!document.querySelector(".timeline")`)
		text := eval[string](tb, `document.querySelector(".timeline").innerText`)
		if !strings.Contains(text, "自动结案：反映人逾期未回复。") || strings.Contains(text, "Closed automatically") {
			t.Errorf("%s as %q: the timeline does not read the auto-close in Chinese:\n%s", path, who, text)
		}
		page := eval[string](tb, `document.body.innerText`)
		if who == "" && strings.Contains(page, handler.Name) {
			t.Errorf("the public page names the handler %q", handler.Name)
		}
		if who == "" && !strings.Contains(text, "市场监管") {
			t.Errorf("the public timeline does not name the unit that resolved it:\n%s", text)
		}
		tb.capture("autoclose-zh-" + map[string]string{"": "public", "dispatcher": "staff"}[who])
	}
}
