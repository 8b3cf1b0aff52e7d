package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestNotifyQuietHours: at 23:00 the reporter's acceptance SMS is held
// until 07:00; an urgent case reaches the command center at once.
func TestNotifyQuietHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		addSMSGateway(t, a, f)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		notifyAll(t, a)
		night := time.Date(2026, 11, 2, 23, 0, 0, 0, guanjia.TownZone)
		clock.Set(night)
		if _, err := a.Act(ctx, actor(t, a, "handler-"+c.Unit), c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		lat, lng := 30.7452, 120.4871
		if _, err := a.Report(ctx, resident, guanjia.Report{Category: "manhole", Lat: lat, Lng: lng}); err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		for _, r := range f.at("/sms") {
			if r.body["phone"] == "13957300003" {
				t.Errorf("the reporter got an SMS at 23:00: %s", r.raw)
			}
		}
		// Only the dispatcher's and the reporter's phones: the demo town has
		// other staff (a steward) and project mentions of its own.
		if got := toPhones(f.at("/sms"), "13957300001", "13957300003"); len(got) != 1 || got[0].body["phone"] != "13957300001" {
			t.Errorf("at 23:00 the gateway received %+v, want the urgent case to the dispatcher", got)
		}
		held, _ := db.Notifications(ctx, store.NotificationFilter{Status: store.NotificationPending, Kind: guanjia.ChannelSMS})
		morning := time.Date(2026, 11, 3, 7, 0, 0, 0, guanjia.TownZone)
		if len(held) != 1 || !held[0].NextAt.Equal(morning) {
			t.Fatalf("held: %+v", held)
		}
		clock.Set(morning)
		notifyAll(t, a)
		if got := toPhones(f.at("/sms"), "13957300001", "13957300003"); len(got) != 2 || got[1].body["phone"] != "13957300003" {
			t.Errorf("at 07:00 the gateway has %+v", got)
		}
	})
}

// TestNotifyRateLimit: a robot gets at most 20 messages a minute; the rest
// wait for the next minute.
func TestNotifyRateLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelFeishu, Name: "unit", Unit: c.Unit, URL: f.url("/feishu"), Secret: feishuSecret})
		for range 24 {
			reportDispatched(t, a, resident, guanjia.Report{})
		}
		notifyAll(t, a)
		notifyAll(t, a)
		if got := len(f.at("/feishu")); got != guanjia.RobotPerMinute {
			t.Errorf("within the minute the robot got %d", got)
		}
		clock.Set(clock.Now().Add(61 * time.Second))
		notifyAll(t, a)
		if got := len(f.at("/feishu")); got != 25 {
			t.Errorf("after the minute the robot has %d, want all 25", got)
		}
	})
}

// TestNotifyRules: an administrator switches the reporter's acceptance
// message off for a unit; the reporter of a case there hears nothing of
// acceptance, and area subscribers hear of new cases.
func TestNotifyRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		admin := actor(t, a, "admin")
		c := reportDispatched(t, a, resident, guanjia.Report{})
		err := a.PutNotifyRules(ctx, admin, []guanjia.NotifyRule{{Event: guanjia.NotifyAccepted, Audience: guanjia.AudienceReporter, Unit: c.Unit}})
		if err != nil {
			t.Fatal(err)
		}
		rules, _ := a.NotifyRules(ctx, admin, c.Unit)
		for _, r := range rules {
			if r.Event == guanjia.NotifyAccepted && r.Audience == guanjia.AudienceReporter && r.Enabled {
				t.Error("the rule reads enabled")
			}
		}
		if err := a.PutNotifyRules(ctx, admin, []guanjia.NotifyRule{{Event: "nope", Audience: guanjia.AudienceReporter}}); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("unknown event: %v", err)
		}
		keeper := actor(t, a, "housekeeper")
		if _, err := a.AddAreaAlert(ctx, keeper, guanjia.AreaAlert{Village: c.Village, Categories: []string{"garbage"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AddAreaAlert(ctx, keeper, guanjia.AreaAlert{Village: "nowhere"}); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("unknown village: %v", err)
		}
		c2 := reportDispatched(t, a, resident, guanjia.Report{})
		if _, err := a.Act(ctx, actor(t, a, "handler-"+c.Unit), c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		ns, _ := db.Notifications(ctx, store.NotificationFilter{Kind: guanjia.ChannelSMS})
		var area int
		for _, n := range ns {
			if n.Event == guanjia.NotifyAccepted {
				t.Errorf("acceptance SMS despite the rule: %+v", n)
			}
			if n.Event == guanjia.NotifyNewInArea && n.CaseID == c2.ID && n.Destination == "13957300004" {
				area++
				if n.Status != store.NotificationKept {
					t.Errorf("with no gateway the text is %s, want kept", n.Status)
				}
			}
		}
		if area != 1 {
			t.Errorf("%d area alerts for case %s: %+v", area, c2.Number, ns)
		}
	})
}

// TestNotifyReminders: two hours before the limit the unit's robot hears,
// once however often the reminders run; a new case nobody dispatched
// within its triage limit reaches the command center's dispatcher.
func TestNotifyReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelWebhook, Name: "hook", Unit: c.Unit, URL: f.url("/webhook"), Secret: webhookSecret})
		waiting, err := a.Report(ctx, resident, guanjia.Report{Category: "other", Lat: 30.7452, Lng: 120.4871})
		if err != nil || waiting.Case.Status != guanjia.StatusNew {
			t.Fatalf("%+v %v", waiting, err)
		}
		notifyAll(t, a)
		clock.Set(c.DueAt().Add(-time.Hour))
		for range 2 {
			if _, err := a.Remind(ctx); err != nil {
				t.Fatal(err)
			}
			notifyAll(t, a)
		}
		soon := 0
		for _, r := range f.at("/webhook") {
			if r.body["type"] == "case.due_soon" {
				soon++
			}
		}
		if soon != 1 {
			t.Errorf("the robot heard %d due-soon reminders, want 1", soon)
		}
		// Announced, the case is no longer among those to remind of: the
		// loop runs after every commit and must not try it again each time.
		now := clock.Now()
		if due, err := db.DueSoonCases(ctx, string(guanjia.NotifyDueSoon), now, now.Add(2*time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("due soon after the reminder: %v %v, want none", due, err)
		}
		if due, err := db.DueSoonCases(ctx, string(guanjia.NotifyUntriaged), now, now.Add(2*time.Hour)); err != nil || len(due) != 1 {
			t.Errorf("due soon, with no reminder of another kind: %v %v, want the case", due, err)
		}
		if due := waiting.Case.DueAt(); due == nil {
			t.Fatal("a new case has no triage limit")
		} else if clock.Now().Before(due.Add(time.Minute)) {
			clock.Set(due.Add(time.Minute))
		}
		for range 2 {
			if _, err := a.Remind(ctx); err != nil {
				t.Fatal(err)
			}
			notifyAll(t, a)
		}
		ns, _ := db.Notifications(ctx, store.NotificationFilter{CaseID: waiting.Case.ID, Kind: guanjia.ChannelSMS})
		toDispatcher := 0
		for _, n := range ns {
			if n.Event != guanjia.NotifyUntriaged {
				t.Errorf("untriaged case: %+v", n)
			} else if n.Destination == "13957300001" {
				toDispatcher++
			}
		}
		if toDispatcher != 1 {
			t.Errorf("untriaged reminders to the dispatcher: %d, want 1 (%+v)", toDispatcher, ns)
		}
	})
}

// TestNotifyFollowers: the reporter of a case merged into another follows
// it, and hears of its resolution with the follower's text: no confirm
// link and nothing of the other reporter.
func TestNotifyFollowers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, _ := newNotifyApp(t, dsn)
		target := reportDispatched(t, a, resident, guanjia.Report{})
		keeper := actor(t, a, "housekeeper")
		dup := reportDispatched(t, a, keeper, guanjia.Report{})
		if _, err := a.Act(ctx, actor(t, a, "dispatcher"), dup.ID, guanjia.Command{Action: guanjia.ActionMerge, Target: target.ID}); err != nil {
			t.Fatal(err)
		}
		handler := actor(t, a, "handler-"+target.Unit)
		for _, cmd := range []guanjia.Command{{Action: guanjia.ActionAccept}, {Action: guanjia.ActionResolve, Note: "已清运"}} {
			if _, err := a.Act(ctx, handler, target.ID, cmd); err != nil {
				t.Fatal(err)
			}
		}
		notifyAll(t, a)
		ns, _ := db.Notifications(ctx, store.NotificationFilter{CaseID: target.ID, Kind: guanjia.ChannelSMS})
		got := map[string]string{}
		for _, n := range ns {
			if n.Event == guanjia.NotifyResolved {
				got[n.Destination] = a.RenderNotification(&n)
			}
		}
		if f := got["13957300004"]; !strings.Contains(f, "您关注的案件 "+target.Number) || strings.Contains(f, "13957300003") {
			t.Errorf("follower's text %q", f)
		}
		if r := got["13957300003"]; !strings.Contains(r, app.ConfirmPath) || !strings.Contains(r, "已清运") {
			t.Errorf("reporter's text %q", r)
		}
	})
}

// TestNotifyLeadAndOutboxSMS: a unit's request for more time reaches its
// lead; a text sent through OutboxSMS (resident sign-in's SMSSender) goes
// out through the gateway, urgent, in the language asked, and is in the
// county's administrator's log with its code masked, not in a town's
// administrator's (it is of no town), who cannot resend it either.
func TestNotifyLeadAndOutboxSMS(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		addSMSGateway(t, a, f)
		c := reportDispatched(t, a, resident, guanjia.Report{})
		lead, err := db.GetUserByUsername(ctx, "lead-"+c.Unit)
		if err != nil {
			t.Fatal(err)
		}
		lead.Phone = "13957309999"
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, lead) }); err != nil {
			t.Fatal(err)
		}
		handler := actor(t, a, "handler-"+c.Unit)
		accepted, err := a.Act(ctx, handler, c.ID, guanjia.Command{Action: guanjia.ActionAccept})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Act(ctx, handler, c.ID, guanjia.Command{Action: guanjia.ActionExtend, Reason: "等待设备",
			Until: accepted.ResolveDueAt.Add(48 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		notifyAll(t, a)
		var toLead []string
		for _, r := range f.at("/sms") {
			if r.body["phone"] == "13957309999" {
				toLead = append(toLead, r.body["text"].(string))
			}
		}
		if len(toLead) != 1 || !strings.Contains(toLead[0], "申请延期") || !strings.Contains(toLead[0], c.Number) {
			t.Errorf("the lead received %q", toLead)
		}
		clock.Set(time.Date(2026, 11, 2, 23, 30, 0, 0, guanjia.TownZone))
		if err := (app.OutboxSMS{App: a}).SendSMS(ctx, "13957308888", "en", "Your sign-in code is %s. It works for %d minutes.", "123456", 5); err != nil {
			t.Fatal(err)
		}
		if err := a.NotifyOnce(ctx, guanjia.ChannelSMS); err != nil {
			t.Fatal(err)
		}
		var code string
		for _, r := range f.at("/sms") {
			if r.body["phone"] == "13957308888" {
				code = r.body["text"].(string)
			}
		}
		if code != "Your sign-in code is 123456. It works for 5 minutes." {
			t.Errorf("the code SMS reads %q", code)
		}
		sent := store.NotificationFilter{Kind: guanjia.ChannelSMS, Status: store.NotificationSent}
		log, _ := a.NotificationLog(ctx, actor(t, a, "county-admin"), sent)
		var codes []store.Notification
		for _, n := range log {
			if strings.Contains(a.RenderNotification(&n), "123456") || strings.Contains(n.Destination, "8888") && n.Destination != "139****8888" {
				t.Errorf("the log shows %q to %s", a.RenderNotification(&n), n.Destination)
			}
			if n.Destination == "139****8888" {
				codes = append(codes, n)
			}
		}
		if len(codes) != 1 {
			t.Fatalf("the county's log shows %d sign-in codes, want 1", len(codes))
		}
		log, _ = a.NotificationLog(ctx, actor(t, a, "admin"), sent)
		for _, n := range log {
			if n.Destination == "139****8888" {
				t.Errorf("Wuzhen's administrator sees the sign-in code %d", n.ID)
			}
		}
		if err := a.Resend(ctx, actor(t, a, "admin"), codes[0].ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("Wuzhen's administrator resends the sign-in code: %v", err)
		}
	})
}

// addSMSGateway adds the fakes' SMS gateway as the channel "gw".
func addSMSGateway(t *testing.T, a *app.App, f *fakes) {
	t.Helper()
	addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelSMS, Name: "gw", URL: f.url("/sms?tpl={template}"), Secret: "gw-key",
		Settings: map[string]string{"template": "SMS_0"}})
}
