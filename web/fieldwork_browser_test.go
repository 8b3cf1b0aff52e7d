package web_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// keeperPoint is a place in the demo housekeeper's grid.
const keeperLat, keeperLng = 30.7461, 120.4893

// TestFieldWorkPages drives, on a 360 px phone, the field work that was
// API-only: the dispatcher calls the grid's housekeepers to a case from its
// page (zh); a housekeeper handles what they reported on the spot with the
// camera (zh); the committee's handler records a dispute's parties, a
// session and the agreement, and the housekeeper adds a session (en); the
// leaderboard and honour board in both languages. No step scrolls sideways.
func TestFieldWorkPages(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	user := func(name string) guanjia.Actor {
		u, err := e.db.GetUserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return guanjia.ActorOf(u)
	}
	keeper, disp := user("housekeeper"), user("dispatcher")
	photo := func(name string) string {
		f, err := os.Open(newPhoto(t, name, 60))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := e.app.Media().Save(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		return p.Hash
	}
	report := func(who guanjia.Actor, r guanjia.Report) *guanjia.Case {
		r.Lat, r.Lng = keeperLat, keeperLng
		rec, err := e.app.Report(ctx, who, r)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Case
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)

	t.Run("mobilise", func(t *testing.T) {
		c := report(guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Description: "桥头一大堆建筑垃圾。"})
		tb := newPhoneTab(t, b, "dispatcher", "zh")
		tb.open("/cases/" + strconv.FormatInt(c.ID, 10))
		tb.waitFor("the case page", pageReady)
		noSideways(t, tb, "the case page", `#mobilise`, `#mobilise-radius`)
		tb.do(chromedp.SetValue(chromedp.CSS(`#mobilise-radius`), "grid"),
			chromedp.SendKeys(chromedp.CSS(`#mobilise-note`), "请到桥头看看，协助疏导。"),
			chromedp.Click(chromedp.CSS(`#mobilise`)))
		tb.waitFor("the call sent", `document.readyState === "complete" && !!document.querySelector("#field-mobilise [data-mobilisation]")`)
		noSideways(t, tb, "after calling")
		text := eval[string](tb, `document.getElementById("field-mobilise").innerText`)
		if !strings.Contains(text, "位管家") || !strings.Contains(text, keeper.Name) {
			t.Errorf("the mobilise panel does not list who was called:\n%s", text)
		}
		tb.capture("phone-zh-dispatcher-mobilise")
		calls, err := e.app.MyCalls(ctx, keeper)
		if err != nil || len(calls) != 1 || calls[0].CaseID != c.ID {
			t.Errorf("the housekeeper's calls: %+v, %v", calls, err)
		}
	})

	t.Run("on-the-spot", func(t *testing.T) {
		c := report(keeper, guanjia.Report{Category: "garbage", Description: "路边有人乱扔垃圾，一大袋。", Photos: []string{photo("before.jpg")}})
		tb := newPhoneTab(t, b, "housekeeper", "zh")
		tb.open("/cases/" + strconv.FormatInt(c.ID, 10))
		tb.waitFor("the case page", pageReady)
		noSideways(t, tb, "the case page", `#handle`, `#handle-photos`)
		if got := eval[string](tb, `document.getElementById("handle-photos").getAttribute("capture")`); got != "environment" {
			t.Errorf("the photo input's capture is %q, want the rear camera", got)
		}
		tb.do(chromedp.SetUploadFiles(chromedp.ID("handle-photos"), []string{newPhoto(t, "after.jpg", 200)}),
			chromedp.SendKeys(chromedp.ID("handle-note"), "已捡拾装袋，送到垃圾房。"),
			chromedp.Click(chromedp.ID("handle")))
		tb.waitFor("handled", `document.readyState === "complete" && !document.getElementById("handle") && !!document.querySelector(".timeline")`)
		noSideways(t, tb, "the handled case")
		got, err := e.app.Case(ctx, guanjia.SystemActor, c.ID)
		if err != nil || got.Status != guanjia.StatusResolved || !got.HandledOnSpot() {
			t.Errorf("the case after handling: %+v, %v", got, err)
		}
	})

	t.Run("mediation", func(t *testing.T) {
		c := report(guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "neighbour-dispute", Description: "楼上漏水，邻居不肯修。"})
		unit := c.Unit // disputes go to the village's committee as they arrive
		if c.Status == guanjia.StatusNew {
			unit, _ = e.app.Route(c.Category, c.Grid, c.Village, c.Jurisdiction)
			if _, err := e.app.Act(ctx, disp, c.ID, guanjia.Command{Action: guanjia.ActionDispatch, Unit: unit}); err != nil {
				t.Fatal(err)
			}
		}
		tb := newPhoneTab(t, b, "handler-"+unit, "en")
		path := "/cases/" + strconv.FormatInt(c.ID, 10)
		tb.open(path)
		tb.waitFor("the case page", pageReady)
		noSideways(t, tb, "the dispute's page", `#mediation-session button`)
		tb.do(chromedp.Click(chromedp.CSS(`#parties-box summary`)),
			chromedp.SendKeys(chromedp.CSS(`#applicant-name`), "王建国"), chromedp.SendKeys(chromedp.CSS(`#respondent-name`), "李小红"),
			chromedp.Click(chromedp.CSS(`#mediation-parties button`)))
		tb.waitFor("the parties saved", `document.readyState === "complete" && document.getElementById("field-mediation").innerText.includes("李小红")`)
		tb.do(chromedp.SetValue(chromedp.CSS(`#mediator`), guanjia.MediatorCommittee),
			chromedp.SendKeys(chromedp.CSS(`#mediator-name`), "村调委会"), chromedp.SendKeys(chromedp.CSS(`#session-note`), "双方当面沟通。"),
			chromedp.Click(chromedp.CSS(`#mediation-session button`)))
		tb.waitFor("the session saved", `document.readyState === "complete" && !!document.querySelector("#field-mediation .sessions li")`)
		tb.do(chromedp.SetValue(chromedp.CSS(`#outcome`), guanjia.OutcomeAgreement),
			chromedp.SendKeys(chromedp.CSS(`#agreement`), "楼上一周内修好水管。"), chromedp.Click(chromedp.CSS(`#mediation-outcome button`)))
		tb.waitFor("the outcome saved", `document.readyState === "complete" && (document.querySelector("#field-mediation p.resolution") || {innerText: ""}).innerText.includes("Agreement reached")`)
		noSideways(t, tb, "the mediation record")
		tb.capture("phone-en-committee-mediation")

		hk := newPhoneTab(t, b, "housekeeper", "zh")
		hk.open(path)
		hk.waitFor("the case page", pageReady)
		if n := eval[int](hk, `document.querySelectorAll("#mediation-outcome, #mediation-parties, #mediator").length`); n != 0 {
			t.Errorf("a housekeeper is offered %d of the committee's mediation forms", n)
		}
		hk.do(chromedp.Click(chromedp.CSS(`#session-box summary`)), chromedp.SendKeys(chromedp.CSS(`#session-note`), "又去劝了一次，双方同意再谈。"), chromedp.Click(chromedp.CSS(`#mediation-session button`)))
		hk.waitFor("the housekeeper's session", `document.readyState === "complete" && document.querySelectorAll("#field-mediation .sessions li").length === 2`)
		noSideways(t, hk, "the housekeeper's mediation")
		m, err := e.app.Mediation(ctx, disp, c.ID)
		if err != nil || len(m.Parties) != 2 || len(m.Sessions) != 2 || m.Outcome != guanjia.OutcomeAgreement || m.Sessions[1].Mediator != guanjia.MediatorHousekeeper {
			t.Errorf("the mediation: %+v, %v", m, err)
		}
	})

	t.Run("leaderboard", func(t *testing.T) {
		for lang, title := range map[string]string{"zh": "积分榜与光荣榜", "en": "Leaderboard and honours"} {
			for _, who := range []string{"housekeeper", "dispatcher"} {
				tb := newPhoneTab(t, b, who, lang)
				tb.open("/leaderboard?scope=grid")
				tb.waitFor("the leaderboard", pageReady)
				if h := eval[string](tb, `document.querySelector("main h1").innerText`); h != title {
					t.Errorf("%s in %s: the title is %q", who, lang, h)
				}
				noSideways(t, tb, "the leaderboard", `#board-filter button`, `#honours-level`)
			}
		}
	})
}
