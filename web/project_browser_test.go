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

// TestProjectInvestorPhone: the demo investor on a 360 px phone, in
// Chinese, opens their projects, reads one (its stages, what waits on
// whom, working days against the limit, the channel) and posts in the
// channel mentioning the steward; the steward, in English on a desktop,
// reads it and answers, and sees the dashboard (overdue items by
// authority, steward load); the investor sees the answer. Another investor's
// project is not found. No step scrolls sideways.
func TestProjectInvestorPhone(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	inv, err := e.db.GetUserByUsername(ctx, "investor")
	if err != nil {
		t.Fatal(err)
	}
	mine, err := e.app.Projects(ctx, guanjia.ActorOf(inv))
	if err != nil || len(mine) != 2 {
		t.Fatalf("the investor's projects: %d, %v", len(mine), err)
	}
	p := mine[len(mine)-1] // the first opened: the one with messages
	inv2, err := e.db.GetUserByUsername(ctx, "investor-2")
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.db.Projects(ctx, guanjia.ProjectFilter{InvestorID: inv2.ID})
	if err != nil || len(other) == 0 {
		t.Fatalf("investor-2's projects: %v", err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := newPhoneTab(t, b, "investor", "zh")
	tb.waitFor("the portal", `location.pathname === "/my/projects"`)
	noSideways(t, tb, "my projects")
	if n := eval[int](tb, `document.querySelectorAll("#projects li[data-project]").length`); n != 2 {
		t.Errorf("%d projects listed, want 2", n)
	}
	tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`li[data-project="%d"] a`, p.ID))))
	tb.waitFor("the project", `document.readyState === "complete" && !!document.getElementById("stages")`)
	noSideways(t, tb, "the project", `.channel-form button[type=submit]`)
	text := eval[string](tb, `document.querySelector("main").innerText`)
	for _, want := range []string{"等待：", "个工作日", "项目群", "材料齐全", "施工许可"} {
		if !strings.Contains(text, want) {
			t.Errorf("the project page lacks %q", want)
		}
	}
	if cur := eval[string](tb, `document.querySelector(".stages li.current").innerText`); cur != "施工许可" {
		t.Errorf("the current stage reads %q, want 施工许可", cur)
	}
	tb.do(chromedp.SetValue(chromedp.ID("msg-body"), "@沈涛 消防验收大概什么时候安排？"),
		chromedp.Click(chromedp.CSS(`.channel-form button[type=submit]`)))
	tb.waitFor("the message", `document.readyState === "complete" && document.getElementById("messages").innerText.includes("消防验收大概")`)
	noSideways(t, tb, "after posting")
	tb.capture("phone-zh-investor-project")

	st := b.newTab(t, 1280, 800, false)
	st.login("steward", "en")
	st.open(fmt.Sprintf("/projects/%d", p.ID))
	st.waitFor("the steward's page", `document.readyState === "complete" && document.getElementById("messages").innerText.includes("消防验收大概")`)
	st.do(chromedp.SetValue(chromedp.ID("msg-body"), "@周志远 Next Tuesday, I will confirm."),
		chromedp.Click(chromedp.CSS(`.channel-form button[type=submit]`)))
	st.waitFor("the answer", `document.readyState === "complete" && document.getElementById("messages").innerText.includes("Next Tuesday")`)
	if got := eval[string](st, `document.querySelector("#stages").innerText`); got == "" {
		t.Error("the steward sees no stages")
	}
	st.open("/staff/projects")
	st.waitFor("the dashboard", `document.readyState === "complete" && !!document.getElementById("overdue-by-unit")`)
	if got := eval[string](st, `document.getElementById("overdue-by-unit").innerText + document.getElementById("stewards").innerText`); !strings.Contains(got, "Urban Management") || !strings.Contains(got, "open projects") {
		t.Errorf("the dashboard in English: %q", got)
	}
	st.capture("desktop-en-steward-projects")

	tb.open(fmt.Sprintf("/projects/%d", p.ID))
	tb.waitFor("the answer on the phone", `document.readyState === "complete" && document.getElementById("messages").innerText.includes("Next Tuesday")`)
	tb.open(fmt.Sprintf("/projects/%d", other[0].ID))
	tb.waitFor("another's project", `document.readyState === "complete"`)
	if !eval[bool](tb, `document.body.classList.contains("page-error") && !document.getElementById("messages")`) {
		t.Error("the investor opens another investor's project")
	}
}
