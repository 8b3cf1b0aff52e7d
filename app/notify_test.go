package app_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// newNotifyApp is the app with a short HTTP timeout, a public URL and the
// translations.
func newNotifyApp(t *testing.T, dsn string) (*app.App, *store.DB, *testenv.Clock) {
	return testenv.AppWith(t, dsn, app.Options{HTTPClient: &http.Client{Timeout: 300 * time.Millisecond},
		PublicURL: "https://gj.example", Translate: i18n.Sprintf})
}

// notifyAll plans and delivers every kind once.
func notifyAll(t *testing.T, a *app.App) {
	t.Helper()
	for _, k := range guanjia.ChannelKinds {
		if err := a.NotifyOnce(context.Background(), k); err != nil {
			t.Fatal(err)
		}
	}
}

func addChannel(t *testing.T, a *app.App, ch guanjia.NotifyChannel) *guanjia.NotifyChannel {
	t.Helper()
	ch.Active = true
	out, err := a.PutChannel(context.Background(), actor(t, a, "admin"), ch)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reportDispatched reports garbage, which the demo dispatches at once.
func reportDispatched(t *testing.T, a *app.App, who guanjia.Actor, r guanjia.Report) *guanjia.Case {
	t.Helper()
	if r.Category == "" {
		r.Category, r.Lat, r.Lng = "garbage", 30.7452, 120.4871
	}
	rec, err := a.Report(context.Background(), who, r)
	if err != nil {
		t.Fatal(err)
	}
	if r.Category == "garbage" && rec.Case.Unit == "" {
		t.Fatalf("case %s was not dispatched", rec.Case.Number)
	}
	return rec.Case
}

// TestNotifyRobots: a dispatch reaches the unit's DingTalk, WeCom and
// Feishu robots and its webhook, each signed as its platform checks; the
// secrets are never shown back in full; the log says sent, with the
// stable id the webhook carried.
func TestNotifyRobots(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, _, _ := newNotifyApp(t, dsn)
		f := newFakes(t)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		ding := addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelDingTalk, Name: "环卫钉钉群", Unit: c.Unit,
			URL: f.url("/dingtalk?access_token=tok"), Secret: dingSecret})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWeCom, Name: "WeCom", Unit: c.Unit, URL: f.url("/wecom?key=" + wecomKey)})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelFeishu, Name: "Feishu", Unit: c.Unit, URL: f.url("/feishu"), Secret: feishuSecret})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "Hook", Unit: c.Unit, URL: f.url("/webhook"), Secret: webhookSecret})
		if ding.Secret == dingSecret || strings.Contains(ding.URL, "access_token=tok") || !strings.HasSuffix(ding.Secret, "cdef") {
			t.Errorf("channel shown back as secret %q url %q", ding.Secret, ding.URL)
		}
		notifyAll(t, a)
		for _, path := range []string{"/dingtalk", "/wecom", "/feishu", "/webhook"} {
			got := f.at(path)
			if len(got) != 1 || !strings.Contains(got[0].raw, c.Number) || !strings.Contains(got[0].raw, "https://gj.example/cases/") {
				t.Errorf("%s received %d: %+v", path, len(got), got)
			}
			if strings.Contains(got[0].raw, "张秀英") || strings.Contains(got[0].raw, "13957300003") {
				t.Errorf("%s received the reporter's personal data: %s", path, got[0].raw)
			}
		}
		if raw := f.at("/dingtalk")[0].raw; !strings.Contains(raw, "派") {
			t.Errorf("the robot's text is not in Chinese: %s", raw)
		}
		log, err := a.NotificationLog(ctx, actor(t, a, "admin"), store.NotificationFilter{CaseID: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		hook := f.at("/webhook")[0].id
		found := false
		for _, n := range log {
			if n.Kind.Group() && (n.Status != store.NotificationSent || n.Attempts != 1) {
				t.Errorf("%s: %s after %d attempts (%s)", n.MsgID, n.Status, n.Attempts, n.LastError)
			}
			found = found || n.MsgID == hook
		}
		if !found {
			t.Errorf("the webhook's id %q is not in the log %+v", hook, log)
		}
		// Saving the channel with its masked secret keeps the secret.
		ding.Name = "renamed"
		if _, err := a.PutChannel(ctx, actor(t, a, "admin"), *ding); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Act(ctx, actor(t, a, "dispatcher"), c.ID, guanjia.Command{Action: guanjia.ActionSupervise, Note: "Report by tomorrow.", Until: a.Now().Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		if got := f.at("/dingtalk"); len(got) != 2 {
			t.Errorf("after the masked save and a supervision order, DingTalk received %d", len(got))
		}
		if _, err := a.Channels(ctx, actor(t, a, "dispatcher")); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a dispatcher lists channels: %v", err)
		}
	})
}

// TestNotifyEndToEnd: a report is dispatched, the unit's robot hears of
// it; the unit resolves it, and the reporter's SMS, through the gateway,
// carries the signed link to confirm or say it is not fixed; opened, it
// says not fixed, and the unit's robot hears the case is back.
func TestNotifyEndToEnd(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, _, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelSMS, Name: "SMS gateway", URL: f.url("/sms?to={phone}&tpl={template}&sign={sign}"),
			Secret: "gw-key", Settings: map[string]string{"sign_name": "乌镇管家", "template": "SMS_0", "templates": "resolved=SMS_9"}})
		first := reportDispatched(t, a, resident, guanjia.Report{})
		notifyAll(t, a)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelDingTalk, Name: "unit", Unit: first.Unit,
			URL: f.url("/dingtalk?access_token=tok"), Secret: dingSecret})
		c := reportDispatched(t, a, resident, guanjia.Report{Description: "楼下垃圾堆了三天"})
		notifyAll(t, a)
		if got := f.at("/dingtalk"); len(got) != 1 || !strings.Contains(got[0].raw, c.Number) {
			t.Fatalf("the unit's robot received %+v", got)
		}
		handler := actor(t, a, "handler-"+c.Unit)
		for _, cmd := range []guanjia.Command{{Action: guanjia.ActionAccept}, {Action: guanjia.ActionResolve, Note: "已清运"}} {
			clock.Set(clock.Now().Add(10 * time.Minute))
			if _, err := a.Act(ctx, handler, c.ID, cmd); err != nil {
				t.Fatal(err)
			}
		}
		notifyAll(t, a)
		var resolved *received
		for _, r := range f.at("/sms") {
			if r.body["template_id"] == "SMS_9" {
				resolved = &r
			}
		}
		if resolved == nil {
			t.Fatalf("no resolution SMS among %+v", f.at("/sms"))
		}
		text, _ := resolved.body["text"].(string)
		link := "https://gj.example" + app.ConfirmPath
		if resolved.body["phone"] != "13957300003" || !strings.Contains(text, link) || !strings.Contains(text, "已清运") ||
			resolved.body["sign_name"] != "乌镇管家" {
			t.Errorf("resolution SMS %s", resolved.raw)
		}
		if strings.Contains(text, "楼下") {
			t.Errorf("the SMS repeats the report: %s", text)
		}
		// Not fixed, says the reporter through the link: the case is back
		// with the unit, whose robot hears.
		token, _, _ := strings.Cut(text[strings.Index(text, link)+len(link):], " ")
		no := false
		if _, err := a.ConfirmByLink(ctx, strings.TrimRight(token, "。."), guanjia.Command{Fixed: &no}); err != nil {
			t.Fatalf("the link %q: %v", token, err)
		}
		notifyAll(t, a)
		if got := f.at("/dingtalk"); len(got) != 2 || !strings.Contains(got[1].raw, "未解决") || !strings.Contains(got[1].raw, c.Number) {
			t.Errorf("after not fixed the robot has %+v", got)
		}
	})
}

// TestNotifyFailure: a robot answering 500, then one that hangs, never
// holds up the case: the change commits, the message is retried with
// growing waits and ends in the log as failed, saying why.
func TestNotifyFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		f.set(http.StatusInternalServerError, false)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWeCom, Name: "unit", Unit: c.Unit, URL: f.url("/wecom?key=" + wecomKey)})
		var waits []time.Duration
		var n store.Notification
		for i := 0; ; i++ {
			if err := a.NotifyOnce(ctx, guanjia.ChannelWeCom); err != nil {
				t.Fatal(err)
			}
			ns, err := db.Notifications(ctx, store.NotificationFilter{CaseID: c.ID, Kind: guanjia.ChannelWeCom})
			if err != nil || len(ns) != 1 {
				t.Fatalf("log %+v, %v", ns, err)
			}
			n = ns[0]
			if n.Status != store.NotificationPending || i > 20 {
				break
			}
			waits = append(waits, n.NextAt.Sub(clock.Now()))
			clock.Set(n.NextAt)
		}
		if n.Status != store.NotificationFailed || n.Attempts != 8 || !strings.Contains(n.LastError, "status 500") {
			t.Errorf("after %d attempts: %s, %q", n.Attempts, n.Status, n.LastError)
		}
		for i := 1; i < len(waits); i++ {
			if waits[i] <= waits[i-1] {
				t.Errorf("waits do not grow: %v", waits)
			}
		}
		// A hanging robot: the case changes while delivery waits on it.
		f.set(0, true)
		if _, err := a.Act(ctx, actor(t, a, "dispatcher"), c.ID, guanjia.Command{Action: guanjia.ActionSupervise, Note: "Report by tomorrow.", Until: a.Now().Add(24 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() { done <- a.NotifyOnce(ctx, guanjia.ChannelWeCom) }()
		handler := actor(t, a, "handler-"+c.Unit)
		if _, err := a.Act(ctx, handler, c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatalf("accept while the robot hangs: %v", err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		ns, _ := db.Notifications(ctx, store.NotificationFilter{CaseID: c.ID, Kind: guanjia.ChannelWeCom, Status: store.NotificationPending})
		if len(ns) != 1 || !strings.Contains(ns[0].LastError, "Timeout") {
			t.Errorf("after the hanging robot: %+v", ns)
		}
		// Resend: a failed message goes out again once the robot is back.
		f.set(0, false)
		clock.Set(clock.Now().Add(time.Hour))
		failed, _ := db.Notifications(ctx, store.NotificationFilter{CaseID: c.ID, Status: store.NotificationFailed})
		if err := a.Resend(ctx, actor(t, a, "admin"), failed[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := a.NotifyOnce(ctx, guanjia.ChannelWeCom); err != nil {
			t.Fatal(err)
		}
		if got := f.at("/wecom"); len(got) != 2 {
			t.Errorf("after the resend the robot has %d messages, want the resent and the pending one", len(got))
		}
	})
}

// TestNotifyRestart: messages pending when the app stops are sent after it
// starts again (a new App over the same database, in-process), once per
// stable id; one in flight at the stop is sent again with the same id,
// which the receiver drops.
func TestNotifyRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", Unit: c.Unit, URL: f.url("/webhook"), Secret: webhookSecret})
		for range 3 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		ctx, stop := context.WithCancel(context.Background())
		if _, err := a.PlanNotifications(ctx); err != nil {
			t.Fatal(err)
		}
		// The first delivery reaches the receiver; the process stops before
		// it records the outcome.
		f.mu.Lock()
		f.onReceive = func() { stop() }
		f.mu.Unlock()
		a.DeliverNotifications(ctx, guanjia.ChannelWebhook)
		f.mu.Lock()
		f.onReceive = nil
		f.mu.Unlock()

		b, err := app.New(context.Background(), db, a.Media(), app.Options{Now: clock.Now, PublicURL: "https://gj.example",
			Translate: i18n.Sprintf, HTTPClient: &http.Client{Timeout: time.Second}})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := b.NotifyOnce(context.Background(), guanjia.ChannelWebhook); err != nil {
				t.Fatal(err)
			}
		}
		ids := map[string]int{}
		got := f.at("/webhook")
		for _, r := range got {
			ids[r.id]++
		}
		if len(ids) != 4 || len(got) != 5 {
			t.Errorf("after the restart: %d requests with %d ids (%v), want 5 with 4", len(got), len(ids), ids)
		}
		pending, _ := db.Notifications(context.Background(), store.NotificationFilter{Status: store.NotificationPending, Kind: guanjia.ChannelWebhook})
		if len(pending) != 0 {
			t.Errorf("%d still pending", len(pending))
		}
	})
}
