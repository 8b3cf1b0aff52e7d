package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPatrolJourney: a housekeeper on a 360 px phone, in Chinese, starts a
// patrol of their grid, checks in at a check-in point with the phone's GPS
// (and is told, in Chinese, when the phone is far outside the grid), logs
// a finding with a camera photo, makes it a case with one tap (the case has
// the place and the photo), and ends the patrol; the committee's page of
// records shows the grid's coverage. No step scrolls sideways.
func TestPatrolJourney(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	keeper, err := e.db.GetUserByUsername(ctx, "housekeeper")
	if err != nil {
		t.Fatal(err)
	}
	pts, err := e.app.PatrolPoints(keeper.Grid)
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := newPhoneTab(t, b, "housekeeper", "zh")

	tb.open("/patrol")
	tb.waitFor("the patrol page", pageReady)
	noSideways(t, tb, "before the patrol", `#start-patrol`)
	tb.do(chromedp.Click(chromedp.ID("start-patrol")))
	tb.waitFor("the patrol under way", `document.readyState === "complete" && !!document.getElementById("checkin")`)
	noSideways(t, tb, "the patrol under way", `#checkin`, `#add-finding`, `#end-patrol`)

	tb.locateAt(pts[0].Lat+0.05, pts[0].Lng) // 5 km north
	tb.do(chromedp.Click(chromedp.ID("checkin")))
	tb.waitFor("the refusal", `document.readyState === "complete" && !!document.getElementById("err-checkin")`)
	if msg := eval[string](tb, `document.getElementById("err-checkin").innerText`); !strings.Contains(msg, "请进入网格后再打卡") {
		t.Errorf("the refusal of a check-in far outside reads %q", msg)
	}
	noSideways(t, tb, "the refused check-in", `#checkin`)

	tb.open("/patrol")
	tb.locateAt(pts[0].Lat, pts[0].Lng)
	tb.do(chromedp.Click(chromedp.ID("checkin")))
	tb.waitFor("the check-in", `document.readyState === "complete" && document.getElementById("visited") && document.getElementById("visited").innerText.startsWith("已到 1 /")`)
	noSideways(t, tb, "after checking in")

	if got := eval[string](tb, `document.getElementById("finding-photos").getAttribute("capture")`); got != "environment" {
		t.Errorf("the finding's photo input has capture %q, want the rear camera", got)
	}
	tb.do(chromedp.SetValue(chromedp.ID("finding-category"), "garbage"),
		chromedp.SendKeys(chromedp.ID("finding-note"), "河边有一堆建筑垃圾。"),
		chromedp.SetUploadFiles(chromedp.ID("finding-photos"), []string{newPhoto(t, "finding.jpg", 120)}),
		chromedp.Click(chromedp.ID("add-finding")))
	tb.waitFor("the finding", `document.readyState === "complete" && !!document.querySelector("#findings [data-finding] .to-case")`)
	noSideways(t, tb, "the finding logged", `#findings .to-case`)
	tb.capture("phone-zh-housekeeper-patrol")

	tb.do(chromedp.Click(chromedp.CSS(`#findings .to-case`)))
	tb.waitFor("the case", `document.readyState === "complete" && location.pathname.startsWith("/cases/")`)
	noSideways(t, tb, "the case from the finding")
	rep, err := e.app.Patrols(ctx, guanjia.ActorOf(keeper), "", 1)
	if err != nil || len(rep.Patrols) != 1 || len(rep.Patrols[0].Findings) != 1 {
		t.Fatalf("the patrol: %+v, %v", rep, err)
	}
	f := rep.Patrols[0].Findings[0]
	c, err := e.app.Case(ctx, guanjia.SystemActor, f.CaseID)
	if err != nil || c.Grid != keeper.Grid || len(c.Photos) != 1 || c.Photos[0] != f.Photos[0] || c.Lat != f.Lat || c.Category != "garbage" {
		t.Errorf("the case from the finding: %+v, %v", c, err)
	}

	tb.open("/patrol")
	tb.do(chromedp.SendKeys(chromedp.ID("end-note"), "巡查完毕，一处垃圾已上报。"), chromedp.Click(chromedp.ID("end-patrol")))
	tb.waitFor("the records", `document.readyState === "complete" && location.pathname === "/patrols"`)
	noSideways(t, tb, "the records")
	card := eval[string](tb, `(document.querySelector('#coverage [data-grid="`+keeper.Grid+`"]') || {innerText: ""}).innerText`)
	if want := fmt.Sprintf("25%% 的打卡点已到（共 %d 个）", len(pts)); len(pts) != 4 || !strings.Contains(card, want) || !strings.Contains(card, "最近巡查： 11-02 09:00") {
		t.Errorf("the grid's coverage card reads %q", card)
	}
	tb.capture("phone-zh-housekeeper-patrols")

	committee := ""
	units, _ := e.app.Units(ctx)
	g := rep.Patrols[0]
	for _, u := range units {
		if u.Kind == guanjia.UnitCommittee && u.Village == g.Village {
			committee = "lead-" + u.Code
		}
	}
	if committee == "" {
		t.Fatalf("no committee for village %s", g.Village)
	}
	for _, who := range []string{"dispatcher", "leader", committee} {
		st := newPhoneTab(t, b, who, "en")
		st.open("/patrols?weeks=1")
		st.waitFor("the records", pageReady)
		noSideways(t, st, who+"'s patrol records")
		if n := eval[int](st, `document.querySelectorAll("#patrol-list [data-patrol]").length`); n != 1 {
			t.Errorf("%s sees %d patrols, want 1", who, n)
		}
	}
}
