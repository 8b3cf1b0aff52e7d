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

// TestHousekeeperBrowser drives Chromium through a housekeeper's task: on
// a phone the housekeeper grabs a task staff published, checks in with the
// phone's GPS at the task's place and completes it with a photo; staff
// confirm it; the points appear and buy a reward, whose receipt code staff
// check and mark used. It saves screenshots of the new pages in Chinese and
// English (on SQLite), and no page asks another host for anything.
func TestHousekeeperBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		b := newBrowserEnv(t, chromium, e.srv.URL)
		k := &keeperFlow{t: t, e: e, b: b, shots: !strings.HasPrefix(dsn, "postgres")}
		k.run()
		if foreign := b.foreignRequests(); len(foreign) > 0 {
			t.Errorf("pages requested other hosts than their own:\n%s", strings.Join(foreign, "\n"))
		}
	})
}

// keeperFlow is what one run of the housekeeper's flow knows.
type keeperFlow struct {
	t        *testing.T
	e        *testEnv
	b        *browserEnv
	shots    bool // save screenshots
	task     *guanjia.Task
	lat, lng float64
}

func (k *keeperFlow) shot(tb *tab, name string) {
	if k.shots {
		tb.shot("housekeeper-" + name)
	}
}

// publish puts a task in the housekeeper's grid and a notice there, as
// the dispatcher, through the app.
func (k *keeperFlow) publish() {
	ctx := context.Background()
	db := k.e.db
	keeper, err := db.GetUserByUsername(ctx, "housekeeper")
	if err != nil {
		k.t.Fatal(err)
	}
	disp, err := db.GetUserByUsername(ctx, "dispatcher")
	if err != nil {
		k.t.Fatal(err)
	}
	now := k.e.app.Now()
	k.lat, k.lng = 30.7461, 120.4893
	k.task = &guanjia.Task{Title: "西栅大桥周末交通疏导", Description: "在桥头引导游客车辆，避免拥堵。", Kind: guanjia.TaskTraffic,
		Grid: keeper.Grid, Lat: k.lat, Lng: k.lng, Address: "西栅大桥东桥头", StartsAt: now.Add(-10 * time.Minute),
		EndsAt: now.Add(3 * time.Hour), Needed: 3, Points: 40}
	actor := guanjia.ActorOf(disp)
	if err := k.e.app.PublishTask(ctx, actor, k.task); err != nil {
		k.t.Fatal(err)
	}
	n := &guanjia.Notice{Title: "今晚台风过境，请检查老旧房屋", Body: "请各位管家今晚八点前走访独居老人，检查老旧房屋门窗。",
		Scope: guanjia.ScopeGrid, Area: keeper.Grid}
	if err := k.e.app.PublishNotice(ctx, actor, n); err != nil {
		k.t.Fatal(err)
	}
}

func (k *keeperFlow) run() {
	k.publish()
	id := fmt.Sprint(k.task.ID)
	card := "#task-" + id
	phone := k.b.newTab(k.t, 360, 740, true)
	phone.login("housekeeper", "zh")

	// Grab the task, check in on the spot, complete it with a photo.
	phone.open("/tasks")
	k.shot(phone, "tasks-zh")
	phone.do(chromedp.Click(chromedp.CSS(card + ` form.claim button`)))
	// The page's script must be ready to read the GPS before the click.
	phone.waitFor("the check-in button", `document.readyState === "complete" && !!document.querySelector("`+card+` form.checkin")`)
	phone.locateAt(k.lat+0.0003, k.lng)
	phone.do(chromedp.Click(chromedp.CSS(card + ` form.checkin button`)))
	phone.waitFor("the completion form", `!!document.querySelector("`+card+` form.complete") || !!document.querySelector("`+card+` .field-error:not([hidden])")`)
	if msg := eval[string](phone, `(document.querySelector("`+card+` .field-error:not([hidden])") || {}).textContent || ""`); msg != "" {
		k.t.Fatalf("check in: %s", msg)
	}
	phone.do(chromedp.SetUploadFiles(chromedp.ID("photos-"+id), []string{newPhoto(k.t, "done.jpg", 60)}),
		chromedp.SendKeys(chromedp.ID("note-"+id), "车辆通行顺畅，无拥堵。"))
	k.shot(phone, "task-checked-in-zh")
	phone.do(chromedp.Click(chromedp.CSS(card + ` form.complete button`)))
	phone.waitFor("the completed claim", `!!document.querySelector("`+card+` .claim-completed")`)

	// Staff confirm it, with the photo shown.
	staff := k.b.newTab(k.t, 1440, 900, false)
	staff.login("dispatcher", "zh")
	staff.open("/staff/tasks")
	row := "tr#task-" + id + " + tr.claims"
	staff.waitFor("the photo", `!!document.querySelector("`+row+` .photos img")`)
	k.shot(staff, "staff-tasks-zh")
	staff.do(chromedp.Click(chromedp.CSS(row + ` form.confirm button`)))
	staff.waitFor("the confirmed claim", `!!document.querySelector("`+row+` .claim-confirmed")`)

	// The points arrive and buy a reward; its receipt code shows big.
	phone.open("/me/points")
	phone.waitFor("40 points", `document.getElementById("balance").textContent.trim() === "40"`)
	k.shot(phone, "points-zh")
	phone.do(chromedp.Click(chromedp.CSS(`#rewards form button:not([disabled])`)))
	phone.waitFor("the receipt", `!!document.getElementById("receipt-code")`)
	code := eval[string](phone, `document.getElementById("receipt-code").textContent.trim()`)
	if len(code) != guanjia.ReceiptLength {
		k.t.Fatalf("receipt code %q", code)
	}
	k.shot(phone, "receipt-zh")

	// Staff check the code and hand the reward over.
	staff.open("/staff/rewards")
	staff.do(chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(code)),
		chromedp.Click(chromedp.CSS(`#check form.row button`)))
	staff.waitFor("the receipt", `!!document.querySelector("#receipt form button")`)
	staff.do(chromedp.Click(chromedp.CSS(`#receipt form button`)))
	staff.waitFor("the receipt used", `!!document.querySelector("#receipt .receipt-used")`)
	k.shot(staff, "staff-rewards-zh")

	// Notices: opening one is its read receipt.
	phone.open("/notices")
	k.shot(phone, "notices-zh")
	phone.do(chromedp.Click(chromedp.CSS(`#notices li:first-child a`)))
	phone.waitFor("the notice", `!!document.getElementById("notice")`)
	staff.open("/staff/notices")
	staff.waitFor("the read receipt", `/1 \/ \d+/.test(document.querySelector("#notices tbody tr .sub").textContent)`)
	k.shot(staff, "staff-notices-zh")
	staff.open("/staff/housekeepers")
	k.shot(staff, "staff-housekeepers-zh")
	resident := k.b.newTab(k.t, 360, 740, true)
	resident.login("resident", "zh")
	resident.open("/apply")
	k.shot(resident, "apply-zh")
	if k.shots {
		k.english(phone, staff, resident)
	}
}

// english saves the same pages in English.
func (k *keeperFlow) english(phone, staff, resident *tab) {
	for _, p := range []struct {
		tb         *tab
		path, name string
	}{
		{phone, "/tasks", "tasks"}, {phone, "/me/points", "points"}, {phone, "/notices", "notices"},
		{resident, "/apply", "apply"}, {staff, "/staff/tasks", "staff-tasks"}, {staff, "/staff/rewards", "staff-rewards"},
		{staff, "/staff/notices", "staff-notices"}, {staff, "/staff/housekeepers", "staff-housekeepers"},
	} {
		p.tb.open("/lang/en?next=" + p.path)
		p.tb.waitFor("English", `document.documentElement.lang === "en"`)
		k.shot(p.tb, p.name+"-en")
	}
}
