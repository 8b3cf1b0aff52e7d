package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// The fakes of DingTalk, WeCom, Feishu, a Standard Webhooks receiver and an
// SMS gateway check each request the way the real services do (signature,
// shape) and keep what they accepted.

const (
	dingSecret    = "SEC0123456789abcdef"
	feishuSecret  = "feishu-secret-42"
	webhookSecret = "whsec_c2VjcmV0LWtleS1vZi10aGUtcmVjZWl2ZXI="
	wecomKey      = "wecom-key-0001"
)

type received struct {
	path string
	body map[string]any
	id   string // webhook-id or message_id
	raw  string
}

type fakes struct {
	t   *testing.T
	srv *httptest.Server
	mu  sync.Mutex
	got []received
	bad []string
	// status, when set, answers every request; hang blocks it until the
	// client gives up or release is closed.
	status  int
	hang    bool
	release chan struct{}
	// onReceive runs after a request is accepted.
	onReceive func()
}

func newFakes(t *testing.T) *fakes {
	f := &fakes{t: t, release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		select {
		case <-f.release:
		default:
			close(f.release)
		}
		f.srv.Close()
	})
	return f
}

func (f *fakes) url(path string) string { return f.srv.URL + path }

func hmacB64(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func (f *fakes) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	status, hang := f.status, f.hang
	f.mu.Unlock()
	if hang {
		select {
		case <-r.Context().Done():
		case <-f.release:
		}
		return
	}
	if status != 0 {
		w.WriteHeader(status)
		io.WriteString(w, `{"errcode":500,"errmsg":"robot down"}`)
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		f.reject(w, "%s: body is not JSON: %v", r.URL.Path, err)
		return
	}
	rec := received{path: r.URL.Path, body: body, raw: string(raw)}
	switch r.URL.Path {
	case "/dingtalk":
		// https://open.dingtalk.com/document/robots/customize-robot-security-settings
		ts, sign := r.URL.Query().Get("timestamp"), r.URL.Query().Get("sign")
		if want := hmacB64(dingSecret, ts+"\n"+dingSecret); sign != want || r.URL.Query().Get("access_token") != "tok" {
			f.reject(w, "dingtalk: sign %q, want %q (query %q)", sign, want, r.URL.RawQuery)
			return
		}
		if !strings.Contains(r.URL.RawQuery, "sign="+strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(hmacB64(dingSecret, ts+"\n"+dingSecret), "+", "%2B"), "/", "%2F"), "=", "%3D")) {
			f.reject(w, "dingtalk: sign not URL-encoded in %q", r.URL.RawQuery)
			return
		}
		if body["msgtype"] != "markdown" || body["at"] == nil {
			f.reject(w, "dingtalk: body %s", raw)
			return
		}
	case "/wecom":
		if r.URL.Query().Get("key") != wecomKey || (body["msgtype"] != "text" && body["msgtype"] != "markdown") {
			f.reject(w, "wecom: key %q body %s", r.URL.Query().Get("key"), raw)
			return
		}
	case "/feishu":
		// https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot
		ts, _ := body["timestamp"].(string)
		m := hmac.New(sha256.New, []byte(ts+"\n"+feishuSecret))
		if want := base64.StdEncoding.EncodeToString(m.Sum(nil)); body["sign"] != want || body["msg_type"] != "text" {
			f.reject(w, "feishu: sign %v, want %s; body %s", body["sign"], want, raw)
			return
		}
	case "/webhook":
		// https://www.standardwebhooks.com/: v1,base64(HMAC-SHA256(id.timestamp.body))
		id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
		key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookSecret, "whsec_"))
		if want := "v1," + hmacB64(string(key), id+"."+ts+"."+string(raw)); r.Header.Get("webhook-signature") != want || id == "" {
			f.reject(w, "webhook: signature %q, want %q", r.Header.Get("webhook-signature"), want)
			return
		}
		rec.id = id
	case "/sms":
		if r.Header.Get("Authorization") != "Bearer gw-key" || r.URL.Query().Get("tpl") == "" {
			f.reject(w, "sms: auth %q query %q", r.Header.Get("Authorization"), r.URL.RawQuery)
			return
		}
		rec.id, _ = body["message_id"].(string)
	}
	f.mu.Lock()
	f.got = append(f.got, rec)
	on := f.onReceive
	f.mu.Unlock()
	io.WriteString(w, `{"errcode":0,"errmsg":"ok","code":0}`)
	if on != nil {
		on()
	}
}

func (f *fakes) reject(w http.ResponseWriter, format string, args ...any) {
	f.mu.Lock()
	f.bad = append(f.bad, fmt.Sprintf(format, args...))
	f.mu.Unlock()
	w.WriteHeader(http.StatusBadRequest)
}

// at returns what path received.
// toPhones returns the text messages of rs sent to one of phones, in order.
func toPhones(rs []received, phones ...string) []received {
	var out []received
	for _, r := range rs {
		if slices.Contains(phones, fmt.Sprint(r.body["phone"])) {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakes) at(path string) []received {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.bad) > 0 {
		f.t.Errorf("fakes refused: %v", f.bad)
		f.bad = nil
	}
	var out []received
	for _, r := range f.got {
		if r.path == path {
			out = append(out, r)
		}
	}
	return out
}

func (f *fakes) set(status int, hang bool) {
	f.mu.Lock()
	f.status, f.hang = status, hang
	f.mu.Unlock()
}

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

// TestNotifyQuietHours: at 23:00 the reporter's acceptance SMS is held
// until 07:00; an urgent case reaches the command center at once.
func TestNotifyQuietHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelSMS, Name: "gw", URL: f.url("/sms?tpl={template}"), Secret: "gw-key",
			Settings: map[string]string{"template": "SMS_0"}})
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
// out through the gateway, urgent, in the language asked.
func TestNotifyLeadAndOutboxSMS(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := newNotifyApp(t, dsn)
		f := newFakes(t)
		addChannel(t, a, guanjia.NotifyChannel{Kind: guanjia.ChannelSMS, Name: "gw", URL: f.url("/sms?tpl={template}"), Secret: "gw-key",
			Settings: map[string]string{"template": "SMS_0"}})
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
		log, _ := a.NotificationLog(ctx, actor(t, a, "admin"), store.NotificationFilter{Kind: guanjia.ChannelSMS, Status: store.NotificationSent})
		for _, n := range log {
			if strings.Contains(a.RenderNotification(&n), "123456") || strings.Contains(n.Destination, "8888") && n.Destination != "139****8888" {
				t.Errorf("the log shows %q to %s", a.RenderNotification(&n), n.Destination)
			}
		}
	})
}
