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

// TestBnBTonightPhone: on a 360 px phone the owner, in Chinese, jumps to
// tonight's occupancy, reports rooms and guests (numbers only), sees it
// saved and listed; too many guests are refused beside the form. Then the
// command center, in English on the same phone, opens the visitor load
// and sees the owner's village with those guests, past its alert level
// once set. No step scrolls sideways.
func TestBnBTonightPhone(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	e.clock.Set(time.Date(2026, 11, 2, 20, 30, 0, 0, guanjia.TownZone))
	u, err := e.db.GetUserByUsername(ctx, "owner")
	if err != nil {
		t.Fatal(err)
	}
	mine, err := e.app.BnBs(ctx, guanjia.ActorOf(u), guanjia.BnBFilter{})
	if err != nil || len(mine) == 0 {
		t.Fatal(len(mine), err)
	}
	bnb := mine[0]
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := newPhoneTab(t, b, "owner", "zh")
	tb.open("/my/bnb")
	tb.waitFor("my B&Bs", pageReady)
	form := fmt.Sprintf("#night-%d", bnb.ID)
	tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`#bnb-%d a.jump-night`, bnb.ID))))
	noSideways(t, tb, "tonight's form", form+` button[type=submit]`)
	guests := bnb.Beds
	tb.do(chromedp.SetValue(chromedp.CSS(form+` input[name=rooms]`), fmt.Sprint(bnb.Rooms)),
		chromedp.SetValue(chromedp.CSS(form+` input[name=guests]`), fmt.Sprint(guests)),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	tb.waitFor("saved", `document.readyState === "complete" && location.search.includes("night=")`)
	if text := eval[string](tb, `document.querySelector("`+form+`").innerText`); !strings.Contains(text, "入住情况已保存") || !strings.Contains(text, "2026-11-02") {
		t.Errorf("after saving, the form reads %.300q", text)
	}
	tb.capture("phone-zh-owner-tonight")
	eval[bool](tb, `(document.querySelectorAll("input[max]").forEach(i => i.removeAttribute("max")), true)`)
	tb.do(chromedp.SetValue(chromedp.CSS(form+` input[name=guests]`), "999"),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	tb.waitFor("the refusal", `document.readyState === "complete" && !!document.getElementById("err-night")`)
	if msg := eval[string](tb, `document.getElementById("err-night").innerText`); !strings.Contains(msg, "入住人数") {
		t.Errorf("the refusal reads %q", msg)
	}
	noSideways(t, tb, "the refusal")

	if err := e.app.SetLoadThreshold(ctx, guanjia.ActorOf(mustUser(t, e, "dispatcher")), bnb.Village, 1); err != nil {
		t.Fatal(err)
	}
	staff := newPhoneTab(t, b, "dispatcher", "en")
	staff.open("/staff/bnb/load")
	staff.waitFor("the load", pageReady)
	noSideways(t, staff, "the visitor load", `#load-threshold button[type=submit]`)
	row := fmt.Sprintf(`#village-loads li[data-village="%s"]`, bnb.Village)
	got := eval[map[string]any](staff, `(() => { const r = document.querySelector('`+row+`');
		return {text: r ? r.innerText : "", over: !!r && r.classList.contains("flagged")}; })()`)
	if text, _ := got["text"].(string); !strings.Contains(text, fmt.Sprint(guests)) || got["over"] != true {
		t.Errorf("the village's row: %v", got)
	}
	if text := eval[string](staff, `document.getElementById("load-town").innerText`); !strings.Contains(text, "guests in") {
		t.Errorf("the town's load reads %.200q", text)
	}
	staff.capture("phone-en-visitor-load")
}
