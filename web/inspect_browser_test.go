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
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestInspectionJourney: on 360 px phones, the fire inspector (in Chinese)
// opens the round, inspects the demo owner's B&B and fails the
// extinguishers with a note and a photo; the owner (in English) finds the
// rectification, signs for it and reports it fixed with a photo; the
// inspector verifies it on re-inspection and the case closes. The B&B's
// public page shows its score and every part. No step scrolls sideways.
func TestInspectionJourney(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	u, err := e.db.GetUserByUsername(ctx, "owner")
	if err != nil {
		t.Fatal(err)
	}
	owner := guanjia.ActorOf(u)
	mine, err := e.app.BnBs(ctx, owner, guanjia.BnBFilter{Status: guanjia.BnBOperating})
	if err != nil || len(mine) == 0 {
		t.Fatalf("the owner's B&Bs: %v", err)
	}
	bnb := mine[0].ID
	b := newBrowserEnv(t, chromium, e.srv.URL)
	inspector := newPhoneTab(t, b, "inspector", "zh")

	inspector.open("/inspect")
	inspector.waitFor("the round", `document.readyState === "complete" && !!document.getElementById("overdue")`)
	noSideways(t, inspector, "the round")
	inspector.open(fmt.Sprintf("/inspect/%d/fire", bnb))
	inspector.waitFor("the checklist", `document.readyState === "complete" && !!document.getElementById("inspection-form")`)
	if n := eval[int](inspector, `document.querySelectorAll("fieldset.item").length`); n != 5 {
		t.Fatalf("%d items on the form, want 5", n)
	}
	noSideways(t, inspector, "the checklist", `#inspection-form button[type=submit]`)
	eval[bool](inspector, `(document.querySelectorAll("input[value=pass]").forEach(i => i.checked = true),
		document.querySelector("input[name=result-extinguisher][value=fail]").checked = true, true)`)
	inspector.do(chromedp.SetValue(chromedp.CSS(`input[name=note-extinguisher]`), "二楼灭火器压力不足"),
		chromedp.SetUploadFiles(chromedp.ID("photo-extinguisher"), []string{newPhoto(t, "extinguisher.jpg", 30)}),
		chromedp.Click(chromedp.CSS(`#inspection-form button[type=submit]`)))
	inspector.waitFor("saved", `document.readyState === "complete" && !!document.getElementById("inspect-done")`)
	rects, err := e.app.Rectifications(ctx, owner, 0, true)
	if err != nil || len(rects) != 1 || rects[0].Item != "extinguisher" || !rects[0].Serious {
		t.Fatalf("rectifications after the inspection: %+v, %v", rects, err)
	}
	id := rects[0].CaseID
	card := fmt.Sprintf("#rect-%d", id)
	if c, _ := e.app.Case(ctx, owner, id); c == nil || len(c.Photos) != 1 {
		t.Errorf("the case does not carry the inspector's photo: %+v", c)
	}

	phone := newPhoneTab(t, b, "owner", "en")
	phone.open("/my/rectify")
	phone.waitFor("the rectifications", `document.readyState === "complete" && !!document.querySelector("`+card+`")`)
	noSideways(t, phone, "the rectifications", card+` button[type=submit]`)
	phone.do(chromedp.Click(chromedp.CSS(card + ` button[type=submit]`)))
	phone.waitFor("signed for", `document.readyState === "complete" && document.querySelector("`+card+`")?.dataset.status === "accepted"`)
	phone.do(chromedp.SetValue(chromedp.CSS(card+` input[name=note]`), "Replaced both extinguishers"),
		chromedp.SetUploadFiles(chromedp.ID(fmt.Sprintf("photos-%d", id)), []string{newPhoto(t, "new.jpg", 140)}),
		chromedp.Click(chromedp.CSS(card+` form.fix button[type=submit]`)))
	phone.waitFor("fixed", `document.readyState === "complete" && document.querySelector("`+card+`")?.dataset.status === "resolved"`)
	if text := eval[string](phone, `document.querySelector("`+card+`").innerText`); !strings.Contains(text, "re-inspection") {
		t.Errorf("the owner's card after fixing reads %q", text)
	}

	inspector.open("/inspect#rectifications")
	inspector.waitFor("to re-inspect", `document.readyState === "complete" && !!document.querySelector("`+card+` form.reinspect")`)
	noSideways(t, inspector, "to re-inspect", card+` button[value=yes]`)
	inspector.do(chromedp.Click(chromedp.CSS(card + ` button[value=yes]`)))
	inspector.waitFor("verified", `document.readyState === "complete" && !document.querySelector("`+card+`")`)
	if c, err := e.app.Case(ctx, owner, id); err != nil || c.Status != guanjia.StatusClosed {
		t.Fatalf("after the re-inspection: %+v, %v", c, err)
	}

	phone.open(fmt.Sprintf("/bnb/%d", bnb))
	phone.waitFor("the B&B's page", `document.readyState === "complete" && !!document.getElementById("score")`)
	noSideways(t, phone, "the B&B's page")
	if n := eval[int](phone, `document.querySelectorAll("#reputation [data-part]").length`); n != 4 {
		t.Errorf("%d parts of the score shown, want 4", n)
	}
	if text := eval[string](phone, `document.body.innerText`); strings.Contains(text, u.Name) {
		t.Error("the public page names the owner")
	}

	// In a basement: the inspector's next form, submitted offline, waits on the phone and goes when the connection returns.
	dir, err := e.app.PublicBnBs(ctx, "")
	if err != nil || len(dir) < 2 {
		t.Fatalf("the directory: %d, %v", len(dir), err)
	}
	next := dir[len(dir)-1].ID
	inspector.open(fmt.Sprintf("/inspect/%d/fire", next))
	inspector.waitFor("the next checklist", `document.readyState === "complete" && !!document.getElementById("inspection-form")`)
	eval[bool](inspector, `(document.querySelectorAll("input[value=pass]").forEach(i => i.checked = true), true)`)
	inspector.offline(true)
	inspector.do(chromedp.Click(chromedp.CSS(`#inspection-form button[type=submit]`)))
	inspector.waitFor("kept on the phone", `!document.getElementById("inspect-saved").hidden`)
	if xs, _ := e.app.Inspections(ctx, guanjia.ActorOf(mustUser(t, e, "inspector")), next); len(xs) != 0 {
		t.Fatalf("%d inspections while offline", len(xs))
	}
	inspector.offline(false)
	inspector.waitFor("sent", `document.getElementById("inspect-queue").hidden`)
	testenv.WaitFor(t, 30*time.Second, "the kept inspection", func() bool {
		xs, _ := e.app.Inspections(ctx, guanjia.ActorOf(mustUser(t, e, "inspector")), next)
		return len(xs) == 1 && xs[0].Passed == 5
	})
}
