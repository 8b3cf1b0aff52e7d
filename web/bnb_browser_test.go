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

// TestBnBOwnerPhone: the demo owner on a 360 px phone, in Chinese, opens
// /my/bnb, sees their two B&Bs (a licence due flagged), changes one's rooms
// and a licence's number and saves; a 15th room is refused in Chinese,
// beside the form, and nothing changes. The public directory shows B&Bs
// without their owners' names. No step scrolls sideways.
func TestBnBOwnerPhone(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	u, err := e.db.GetUserByUsername(ctx, "owner")
	if err != nil {
		t.Fatal(err)
	}
	owner := guanjia.ActorOf(u)
	mine, err := e.app.BnBs(ctx, owner, guanjia.BnBFilter{})
	if err != nil || len(mine) != 2 {
		t.Fatalf("the owner's B&Bs: %d, %v", len(mine), err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := newPhoneTab(t, b, "owner", "zh")

	tb.open("/my/bnb")
	tb.waitFor("my B&Bs", pageReady)
	noSideways(t, tb, "my B&Bs", `.bnb-form button[type=submit]`)
	if n := eval[int](tb, `document.querySelectorAll("section.bnb").length`); n != 2 {
		t.Errorf("%d B&Bs on the page, want 2", n)
	}
	if n := eval[int](tb, `document.querySelectorAll("section.bnb .licence-due").length`); n == 0 {
		t.Error("no licence due is flagged (the demo owner's hygiene licence expires within 7 days)")
	}
	first := mine[0].ID
	form := fmt.Sprintf(`#bnb-%d form`, first)
	tb.do(chromedp.SetValue(chromedp.CSS(form+` input[name=rooms]`), "7"),
		chromedp.SetValue(chromedp.CSS(form+` input[name=beds]`), "10"),
		chromedp.SetValue(chromedp.CSS(form+` input[name="lic-fire-number"]`), "桐消备2026-88"),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	tb.waitFor("saved", `document.readyState === "complete" && location.search.includes("saved=")`)
	noSideways(t, tb, "after saving")
	got, err := e.app.BnB(ctx, owner, first)
	if err != nil || got.Rooms != 7 || got.Beds != 10 {
		t.Fatalf("after saving: %+v, %v", got, err)
	}
	var fire string
	for _, l := range got.Licences {
		if l.Kind == guanjia.LicenceFire {
			fire = l.Number
		}
	}
	if fire != "桐消备2026-88" {
		t.Errorf("the fire licence's number is %q", fire)
	}
	tb.capture("phone-zh-owner-bnb")

	eval[bool](tb, `(document.querySelectorAll("input[max]").forEach(i => i.removeAttribute("max")), true)`) // as an old phone would send it
	tb.do(chromedp.SetValue(chromedp.CSS(form+` input[name=rooms]`), "15"),
		chromedp.SetValue(chromedp.CSS(form+` input[name=beds]`), "20"),
		chromedp.Click(chromedp.CSS(form+` button[type=submit]`)))
	tb.waitFor("the refusal", `document.readyState === "complete" && !!document.getElementById("err-bnb")`)
	if msg := eval[string](tb, `document.getElementById("err-bnb").innerText`); !strings.Contains(msg, "家庭民宿客房不超过 14 间") {
		t.Errorf("the refusal of 15 rooms reads %q", msg)
	}
	noSideways(t, tb, "the refusal")
	if again, _ := e.app.BnB(ctx, owner, first); again == nil || again.Rooms != 7 {
		t.Errorf("after the refusal the B&B has %+v", again)
	}

	tb.open("/bnb")
	tb.waitFor("the directory", pageReady)
	noSideways(t, tb, "the directory")
	if text := eval[string](tb, `document.getElementById("bnb-directory").innerText`); !strings.Contains(text, "·") || strings.Contains(text, u.Name) {
		t.Errorf("the directory shows the owner's name, or no B&B: %.200q", text)
	}
}
