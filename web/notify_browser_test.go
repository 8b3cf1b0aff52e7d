package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestNotifyBrowser: an administrator reads, in Chinese, the SMS texts kept
// on the outbox page while no gateway is configured, adds the gateway on
// the channels page (a form with a missing name is refused at that field),
// and sees its secret masked; a resident, on a 360 px phone, sets quiet
// hours and the language of messages and subscribes to a grid.
func TestNotifyBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		e := newTestEnv(t, dsn)
		b := newBrowserEnv(t, chromium, e.srv.URL)
		res, err := e.db.GetUserByUsername(ctx, "resident")
		if err != nil {
			t.Fatal(err)
		}
		rec, err := e.app.Report(ctx, guanjia.ActorOf(res), guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
		if err != nil {
			t.Fatal(err)
		}
		handler, _ := e.db.GetUserByUsername(ctx, "handler-"+rec.Case.Unit)
		if _, err := e.app.Act(ctx, guanjia.ActorOf(handler), rec.Case.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		if err := e.app.NotifyOnce(ctx, guanjia.ChannelSMS); err != nil {
			t.Fatal(err)
		}

		admin := b.newTab(t, 1280, 900, false)
		admin.login("admin", "zh")
		admin.open("/admin/outbox?status=kept")
		text := eval[string](admin, `document.querySelector("#outbox tbody").innerText`)
		if !strings.Contains(text, rec.Case.Number) || !strings.Contains(text, "已由承办单位受理") || !strings.Contains(text, "139****0003") ||
			!strings.Contains(text, "未配置网关") || strings.Contains(text, app.KeptNoGateway) {
			t.Errorf("outbox shows %q", text)
		}
		// The county's administrator sees the background work too: the
		// planner has caught up, the texts kept are not due. The town's
		// does not.
		if eval[bool](admin, `document.querySelector("#work") !== null`) {
			t.Errorf("the town's administrator sees the background work")
		}
		county := b.newTab(t, 1280, 900, false)
		county.login("county-admin", "zh")
		county.open("/admin/outbox")
		if work := eval[string](county, `document.querySelector("#work-queues").innerText`); !strings.Contains(work, "待生成的通知\t0") {
			t.Errorf("the background work shows %q", work)
		}
		admin.open("/admin/channels")
		admin.do(chromedp.SetValue(chromedp.ID("kind"), "sms"),
			chromedp.SendKeys(chromedp.ID("url"), "https://sms.example.com/send?to={phone}"),
			chromedp.Click(chromedp.CSS(`#channel-form button[type=submit]`)))
		admin.waitFor("the refusal", `document.querySelector("#name[aria-invalid=true]") !== null`)
		admin.do(chromedp.SendKeys(chromedp.ID("name"), "短信网关"),
			chromedp.SendKeys(chromedp.ID("secret"), "gateway-secret-123456"),
			chromedp.SendKeys(chromedp.ID("settings"), "sign_name=乌镇管家\ntemplate=SMS_1"),
			chromedp.Click(chromedp.CSS(`#channel-form button[type=submit]`)))
		admin.waitFor("the channel listed", `document.querySelector("#channels tbody tr[id^=channel-]") !== null`)
		row := eval[string](admin, `document.querySelector("#channels tbody").innerText`)
		if !strings.Contains(row, "短信网关") || !strings.Contains(row, "****3456") || strings.Contains(row, "gateway-secret") {
			t.Errorf("channels show %q", row)
		}
		// Change its name; the secret, left empty, stays.
		admin.do(chromedp.Click(chromedp.CSS(`#channels tbody tr[id^=channel-] a.btn`)))
		admin.waitFor("the change form", `document.querySelector("#channel-form input[name=id]") !== null && document.querySelector("#name").value === "短信网关"`)
		admin.do(chromedp.SetValue(chromedp.ID("name"), "乌镇短信网关"), chromedp.Click(chromedp.CSS(`#channel-form button[type=submit]`)))
		admin.waitFor("the renamed channel", `document.querySelector("#channels tbody") && document.querySelector("#channels tbody").innerText.includes("乌镇短信网关")`)
		chs, _ := e.app.Channels(ctx, guanjia.ActorOf(mustUser(t, e, "admin")))
		if len(chs) != 1 || chs[0].Secret != "****3456" || chs[0].Settings["sign_name"] != "乌镇管家" {
			t.Errorf("after the change: %+v", chs)
		}

		phone := b.newTab(t, 360, 740, true)
		phone.login("resident", "zh")
		phone.open("/me/notify")
		phone.do(chromedp.SetValue(chromedp.ID("quiet_start"), "23:00"), chromedp.SetValue(chromedp.ID("quiet_end"), "06:30"),
			chromedp.SetValue(chromedp.ID("lang"), "en"), chromedp.Click(chromedp.CSS(`#prefs-form button[type=submit]`)))
		phone.waitFor("the saved settings", `location.search === "?saved=1" && document.readyState === "complete"`)
		p, _ := e.app.MyNotifyPrefs(ctx, guanjia.ActorOf(res))
		if p.Quiet.Start != 23*60 || p.Quiet.End != 6*60+30 || p.Lang != "en" {
			t.Errorf("prefs saved as %+v", p)
		}
		phone.do(chromedp.SetValue(chromedp.ID("area"), "grid:"+rec.Case.Grid), chromedp.Click(chromedp.CSS(`#alert-form button[type=submit]`)))
		phone.waitFor("the alert listed", `document.querySelector("#alert-list li[id^=alert-]") !== null`)
		if problems := eval[[]string](phone, fmt.Sprintf(phoneProblems, `["#prefs-form button[type=submit]", "#alert-form button"]`)); len(problems) > 0 {
			t.Errorf("/me/notify on a phone: %s", strings.Join(problems, "; "))
		}
		if foreign := b.foreignRequests(); len(foreign) > 0 {
			t.Errorf("pages requested other hosts: %v", foreign)
		}
	})
}
