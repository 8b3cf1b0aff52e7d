package guanjia_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// TestNotifyEventsOf: each step of a case is news of the right event.
func TestNotifyEventsOf(t *testing.T) {
	c := &guanjia.Case{Priority: 3}
	urgent := &guanjia.Case{Priority: 1}
	ext := &guanjia.Case{PendingExtension: &guanjia.Extension{}}
	for _, tc := range []struct {
		name    string
		c       *guanjia.Case
		e       guanjia.Event
		created bool
		want    []guanjia.NotifyEvent
	}{
		{"report", c, guanjia.Event{Action: guanjia.ActionReport}, true, []guanjia.NotifyEvent{guanjia.NotifyNewInArea}},
		{"urgent report", urgent, guanjia.Event{Action: guanjia.ActionReport}, true, []guanjia.NotifyEvent{guanjia.NotifyNewInArea, guanjia.NotifyUrgentNew}},
		{"dispatch", c, guanjia.Event{Action: guanjia.ActionDispatch}, false, []guanjia.NotifyEvent{guanjia.NotifyDispatched}},
		{"resolve", c, guanjia.Event{Action: guanjia.ActionResolve}, false, []guanjia.NotifyEvent{guanjia.NotifyResolved}},
		{"extension asked", ext, guanjia.Event{Action: guanjia.ActionExtend}, false, []guanjia.NotifyEvent{guanjia.NotifyExtension}},
		{"extension granted by a lead", c, guanjia.Event{Action: guanjia.ActionExtend}, false, nil},
		{"supervision", c, guanjia.Event{Action: guanjia.ActionEscalate, ActorRole: guanjia.RoleLeader,
			Data: map[string]any{"supervise": true, "overdue": false}}, false, []guanjia.NotifyEvent{guanjia.NotifySupervised}},
		{"overdue sweep", c, guanjia.Event{Action: guanjia.ActionEscalate, ActorRole: guanjia.RoleSystem,
			Data: map[string]any{"supervise": false, "overdue": true}}, false, []guanjia.NotifyEvent{guanjia.NotifyOverdue}},
		{"verified closed", c, guanjia.Event{Action: guanjia.ActionVerify, From: guanjia.StatusResolved, To: guanjia.StatusClosed}, false,
			[]guanjia.NotifyEvent{guanjia.NotifyClosed}},
		{"not fixed", c, guanjia.Event{Action: guanjia.ActionVerify, From: guanjia.StatusResolved, To: guanjia.StatusAccepted,
			Data: map[string]any{"fixed": false}}, false, []guanjia.NotifyEvent{guanjia.NotifyNotFixed}},
		{"comment", c, guanjia.Event{Action: guanjia.ActionComment, From: guanjia.StatusNew, To: guanjia.StatusNew}, false, nil},
	} {
		got := guanjia.NotifyEventsOf(tc.c, &tc.e, tc.created)
		if len(got) != len(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
	}
}

// TestQuietHours: a window across midnight holds until its end, the same
// or the next morning; outside it, nothing waits; an empty window holds
// nothing.
func TestQuietHours(t *testing.T) {
	q := guanjia.QuietHours{Start: 22 * 60, End: 7 * 60}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, guanjia.TownZone) }
	for _, tc := range []struct{ t, want time.Time }{
		{at(2, 21, 59), at(2, 21, 59)},
		{at(2, 22, 0), at(3, 7, 0)},
		{at(2, 23, 30), at(3, 7, 0)},
		{at(3, 3, 0), at(3, 7, 0)},
		{at(3, 7, 0), at(3, 7, 0)},
	} {
		if got := q.Release(tc.t); !got.Equal(tc.want) {
			t.Errorf("%v: released %v, want %v", tc.t, got, tc.want)
		}
	}
	day := guanjia.QuietHours{Start: 12 * 60, End: 14 * 60}
	if got := day.Release(at(2, 13, 0)); !got.Equal(at(2, 14, 0)) {
		t.Errorf("midday window: %v", got)
	}
	if got := (guanjia.QuietHours{}).Release(at(2, 23, 0)); !got.Equal(at(2, 23, 0)) {
		t.Errorf("no window: %v", got)
	}
	if (guanjia.QuietHours{Start: 24 * 60}).Check() == nil {
		t.Error("24:00 accepted")
	}
}

// TestNotifyEnabled: a unit's own rule beats the general one, which beats
// the default.
func TestNotifyEnabled(t *testing.T) {
	ev, au := guanjia.NotifyAccepted, guanjia.AudienceReporter
	if !guanjia.NotifyEnabled(nil, ev, au, "u1") {
		t.Error("default off")
	}
	general := []guanjia.NotifyRule{{Event: ev, Audience: au, Enabled: false}}
	if guanjia.NotifyEnabled(general, ev, au, "u1") {
		t.Error("general rule ignored")
	}
	own := append(general, guanjia.NotifyRule{Event: ev, Audience: au, Unit: "u1", Enabled: true})
	if !guanjia.NotifyEnabled(own, ev, au, "u1") || guanjia.NotifyEnabled(own, ev, au, "u2") {
		t.Error("the unit's own rule")
	}
}

// TestRedaction: secrets and URL tokens are masked to their last four
// characters at most.
func TestRedaction(t *testing.T) {
	for in, want := range map[string]string{
		"https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789": "https://oapi.dingtalk.com/robot/send?access_token=****6789",
		"https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef":      "https://open.feishu.cn/open-apis/bot/v2/hook/****cdef",
		"https://sms.example.com/send?to={phone}":                            "https://sms.example.com/send?to={phone}",
	} {
		if got := guanjia.RedactURL(in); got != want {
			t.Errorf("RedactURL(%s) = %s, want %s", in, got, want)
		}
	}
	if guanjia.MaskSecret("short") != "****" || guanjia.MaskSecret("SEC0123456789abcdef") != "****cdef" {
		t.Error("MaskSecret")
	}
}
