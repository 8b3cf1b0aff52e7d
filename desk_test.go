package guanjia_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

func TestCategoryTriage(t *testing.T) {
	for _, tc := range []struct {
		name string
		cat  guanjia.Category
		want string
	}{
		{"own limit", guanjia.Category{Priority: 1, TriageLimit: guanjia.Limit{N: 10, Unit: guanjia.ClockMinutes}}, "10min"},
		{"urgent", guanjia.Category{Priority: 1}, "30min"},
		{"high", guanjia.Category{Priority: 2}, "2wh"},
		{"normal", guanjia.Category{Priority: 3}, "1wd"},
		{"unset", guanjia.Category{}, "1wd"},
		{"town's override", guanjia.Category{Priority: 3}.In(&guanjia.CategoryOverride{TriageLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}}), "15min"},
		{"override inherits", guanjia.Category{TriageLimit: guanjia.Limit{N: 5, Unit: guanjia.ClockMinutes}}.In(&guanjia.CategoryOverride{Priority: 2}), "5min"},
	} {
		if got := tc.cat.Triage().String(); got != tc.want {
			t.Errorf("%s: Triage = %s, want %s", tc.name, got, tc.want)
		}
	}
	if l, err := guanjia.ParseLimit("30min"); err != nil || l != (guanjia.Limit{N: 30, Unit: guanjia.ClockMinutes}) {
		t.Errorf("ParseLimit(30min) = %v, %v", l, err)
	}
}

func TestTriageClock(t *testing.T) {
	urgent := &guanjia.Category{Code: "fire", Priority: 1, SignLimit: cat.SignLimit, ResolveLimit: cat.ResolveLimit}
	c := guanjia.Case{Status: guanjia.StatusNew, Category: "fire", CreatedAt: t0}
	c.StartTriage(plainCalendar{}, urgent, t0)
	for _, tc := range []struct {
		at   time.Duration
		want bool
	}{{0, false}, {30 * time.Minute, false}, {31 * time.Minute, true}, {72 * time.Hour, true}} {
		if got := c.Untriaged(t0.Add(tc.at)); got != tc.want {
			t.Errorf("Untriaged at +%v = %v, want %v", tc.at, got, tc.want)
		}
	}
	// Dispatched, the triage clock no longer runs; returned, it starts again.
	e := guanjia.Env{Now: t0.Add(time.Hour), Calendar: plainCalendar{}, Category: urgent}
	d, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "fire"}, actors["dispatcher"], e)
	if err != nil || d.Untriaged(t0.Add(72*time.Hour)) && d.Status == guanjia.StatusNew {
		t.Fatalf("dispatch: %v", err)
	}
	if d.DueAt() != d.SignDueAt {
		t.Errorf("dispatched: DueAt is not the sign-for deadline")
	}
	ret := actors["handler"]
	ret.Unit = "fire"
	e.Now = t0.Add(2 * time.Hour)
	r, _, err := guanjia.Apply(d, guanjia.Command{Action: guanjia.ActionReturn, Reason: "not ours"}, ret, e)
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(2*time.Hour + 30*time.Minute); r.TriageDueAt == nil || !r.TriageDueAt.Equal(want) {
		t.Errorf("returned: triage due %v, want %v", r.TriageDueAt, want)
	}
}

func TestParseIntakeChannel(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"", "phone", true}, {"phone", "phone", true}, {"12345", "12345", true}, {"walk-in", "walk-in", true},
		{"wechat", "wechat", true}, {"letter", "letter", true}, {"web", "", false}, {"fax", "", false}} {
		got, err := guanjia.ParseIntakeChannel(tc.in)
		if (err == nil) != tc.ok || string(got) != tc.want {
			t.Errorf("ParseIntakeChannel(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{{"", "", true}, {"138 0000 1234", "13800001234", true}, {"(0573) 8888-1234", "057388881234", true},
		{"+86 138-0000-1234", "+8613800001234", true}, {"12", "", false}, {"138abc", "", false},
		{"1+2", "", false}, {"123456789012345678901", "", false}} {
		got, err := guanjia.NormalizePhone(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, %v", tc.in, got, err)
		}
	}
}

func TestMayIntake(t *testing.T) {
	for name, a := range actors {
		want := name == "dispatcher" || name == "admin"
		if got := guanjia.MayIntake(a); got != want {
			t.Errorf("MayIntake(%s) = %v, want %v", name, got, want)
		}
	}
}

func TestAnswerAndCallback(t *testing.T) {
	c := caseIn(guanjia.StatusNew)
	got, e, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionAnswer, Note: "Office hours are 9 to 5."}, actors["dispatcher"], env(t0))
	if err != nil || got.Status != guanjia.StatusClosed || got.Resolution != "Office hours are 9 to 5." || got.ClosedAt == nil || e.Data["answered"] != true {
		t.Fatalf("answer: %+v %v", got, err)
	}
	if _, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionAnswer}, actors["dispatcher"], env(t0)); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("answer without text: %v", err)
	}
	for _, tc := range []struct {
		result string
		want   string
	}{{"reached", ""}, {"not_reached", ""}, {"satisfied", ""}, {"", guanjia.EINVALID}, {"happy", guanjia.EINVALID}} {
		after, e, err := guanjia.Apply(got, guanjia.Command{Action: guanjia.ActionCallback, Callback: tc.result}, actors["dispatcher"], env(t0))
		if guanjia.ErrorCode(err) != tc.want {
			t.Errorf("callback %q: %v", tc.result, err)
			continue
		}
		if err == nil && (after.Status != guanjia.StatusClosed || e.Public || e.Data["callback"] != tc.result) {
			t.Errorf("callback %q: status %s, event %+v", tc.result, after.Status, e)
		}
	}
}

func TestSupervision(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted)
	due := t0.Add(24 * time.Hour)
	if _, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionSupervise, Note: "report", Until: t0}, actors["leader"], env(t0)); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("deadline not in the future: %v", err)
	}
	s, e, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionSupervise, Note: "Report by tomorrow.", Until: due}, actors["leader"], env(t0))
	if err != nil || !s.Supervised || s.Supervision == nil || s.Supervision.Order != "Report by tomorrow." || e.Public {
		t.Fatalf("supervise: %+v %v", s, err)
	}
	if c.Supervision != nil {
		t.Fatal("Apply changed the case it was given")
	}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{{t0, guanjia.SupervisionAwaiting}, {due, guanjia.SupervisionAwaiting}, {due.Add(time.Second), guanjia.SupervisionOverdue}} {
		if got := s.Supervision.State(tc.at); got != tc.want {
			t.Errorf("state at %v = %s, want %s", tc.at, got, tc.want)
		}
	}
	if guanjia.SupervisionLapseDue(&s, due) || !guanjia.SupervisionLapseDue(&s, due.Add(time.Minute)) {
		t.Error("SupervisionLapseDue wrong around the deadline")
	}
	// Not overdue: the sweep may not escalate.
	if _, _, err := guanjia.Apply(s, guanjia.Command{Action: guanjia.ActionSupervisionLapse}, guanjia.SystemActor, env(t0)); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("lapse before the deadline: %v", err)
	}
	l, _, err := guanjia.Apply(s, guanjia.Command{Action: guanjia.ActionSupervisionLapse}, guanjia.SystemActor, env(due.Add(time.Hour)))
	if err != nil || l.Supervision.State(due.Add(time.Hour)) != guanjia.SupervisionEscalated {
		t.Fatalf("lapse: %v", err)
	}
	// Once only.
	if _, _, err := guanjia.Apply(l, guanjia.Command{Action: guanjia.ActionSupervisionLapse}, guanjia.SystemActor, env(due.Add(2*time.Hour))); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("second lapse: %v", err)
	}
	if _, _, err := guanjia.Apply(l, guanjia.Command{Action: guanjia.ActionFeedback}, actors["handler"], env(due)); guanjia.ErrorCode(err) != guanjia.EINVALID {
		t.Errorf("feedback without text: %v", err)
	}
	f, e, err := guanjia.Apply(l, guanjia.Command{Action: guanjia.ActionFeedback, Note: "Fixed the pipe."}, actors["handler"], env(due.Add(2*time.Hour)))
	if err != nil || f.Supervision.State(due.Add(3*time.Hour)) != guanjia.SupervisionAnswered || f.Supervision.Feedback != "Fixed the pipe." || e.Data["late"] != true {
		t.Fatalf("feedback: %+v %v", f.Supervision, err)
	}
	if _, _, err := guanjia.Apply(f, guanjia.Command{Action: guanjia.ActionFeedback, Note: "again"}, actors["handler"], env(due)); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Errorf("second feedback: %v", err)
	}
	if pub := f.Public(); pub.Supervision != nil || pub.Handler != 0 {
		t.Error("the public view shows the supervision or the handler")
	}
}

func TestAssign(t *testing.T) {
	h, lead := actors["handler"], actors["lead"]
	other := guanjia.Actor{UserID: 40, Role: guanjia.RoleHandler, Unit: "sanitation"}
	for _, tc := range []struct {
		name    string
		actor   guanjia.Actor
		before  int64
		handler int64
		want    int64
		code    string
	}{
		{"handler takes it", h, 0, 0, h.UserID, ""},
		{"handler names themselves", h, 0, h.UserID, h.UserID, ""},
		{"handler gives it away", h, 0, other.UserID, 0, guanjia.EFORBIDDEN},
		{"handler takes a colleague's", h, other.UserID, 0, 0, guanjia.ECONFLICT},
		{"lead assigns", lead, 0, h.UserID, h.UserID, ""},
		{"lead reassigns", lead, h.UserID, other.UserID, other.UserID, ""},
		{"lead names nobody", lead, 0, 0, 0, guanjia.EINVALID},
		{"same handler again", lead, h.UserID, h.UserID, 0, guanjia.ECONFLICT},
		{"another unit's lead", actors["lead-other"], 0, h.UserID, 0, guanjia.EFORBIDDEN},
		{"dispatcher", actors["dispatcher"], 0, h.UserID, 0, guanjia.EFORBIDDEN},
	} {
		c := caseIn(guanjia.StatusAccepted)
		c.Handler = tc.before
		got, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionAssign, Handler: tc.handler}, tc.actor, env(t0))
		if guanjia.ErrorCode(err) != tc.code || (err == nil && got.Handler != tc.want) {
			t.Errorf("%s: handler %d, err %v; want %d, %q", tc.name, got.Handler, err, tc.want, tc.code)
		}
	}
	// A handler who signs for an unassigned case takes it; a lead does not.
	for _, tc := range []struct {
		actor         guanjia.Actor
		before, after int64
	}{{h, 0, h.UserID}, {h, other.UserID, other.UserID}, {lead, 0, 0}} {
		c := caseIn(guanjia.StatusDispatched)
		c.Handler = tc.before
		got, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionAccept}, tc.actor, env(t0))
		if err != nil || got.Handler != tc.after {
			t.Errorf("accept by %s with handler %d: handler %d (%v), want %d", tc.actor.Role, tc.before, got.Handler, err, tc.after)
		}
	}
	// A new dispatch is the new unit's: the assignment goes.
	c := caseIn(guanjia.StatusAccepted)
	c.Handler = h.UserID
	d, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionDispatch, Unit: "police"}, actors["dispatcher"], env(t0))
	if err != nil || d.Handler != 0 {
		t.Errorf("redispatch kept handler %d (%v)", d.Handler, err)
	}
}

func TestAssignable(t *testing.T) {
	c := &guanjia.Case{Unit: "sanitation"}
	for _, tc := range []struct {
		u    *guanjia.User
		want bool
	}{
		{&guanjia.User{Role: guanjia.RoleHandler, Unit: "sanitation"}, true},
		{&guanjia.User{Role: guanjia.RoleUnitLead, Unit: "sanitation"}, true},
		{&guanjia.User{Role: guanjia.RoleHandler, Unit: "police"}, false},
		{&guanjia.User{Role: guanjia.RoleHandler, Unit: "sanitation", Disabled: true}, false},
		{&guanjia.User{Role: guanjia.RoleDispatcher, Unit: "sanitation"}, false},
		{nil, false},
	} {
		if got := guanjia.Assignable(c, tc.u); got != tc.want {
			t.Errorf("Assignable(%+v) = %v", tc.u, got)
		}
	}
}

func TestHandlerCountsAndLapsedExtensions(t *testing.T) {
	cases := []*guanjia.Case{
		{Status: guanjia.StatusAccepted, Handler: 4}, {Status: guanjia.StatusDispatched, Handler: 4},
		{Status: guanjia.StatusDispatched}, {Status: guanjia.StatusResolved, Handler: 4}, {Status: guanjia.StatusAccepted, Handler: 5},
	}
	got := guanjia.HandlerCounts(cases)
	if got[4] != 2 || got[5] != 1 || got[0] != 1 || len(got) != 3 {
		t.Errorf("HandlerCounts = %v", got)
	}
	c := guanjia.Case{PendingExtension: &guanjia.Extension{Until: t0}}
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{{t0.Add(-time.Minute), false}, {t0, true}, {t0.Add(time.Hour), true}} {
		if got := c.ExtensionLapsed(tc.now); got != tc.want {
			t.Errorf("ExtensionLapsed at %v = %v", tc.now, got)
		}
	}
	if (&guanjia.Case{}).ExtensionLapsed(t0) {
		t.Error("no extension, yet lapsed")
	}
}

func TestParseCallQuery(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want guanjia.CallQuery
		code string
	}{
		{"", guanjia.CallQuery{}, ""},
		{"phone=139+5730+0099&category=garbage&lat=30.7&lng=120.4", guanjia.CallQuery{Phone: "13957300099", Category: "garbage", Lat: 30.7, Lng: 120.4}, ""},
		{"lat=30.7", guanjia.CallQuery{}, guanjia.EINVALID},
		{"lat=NaN&lng=1", guanjia.CallQuery{}, guanjia.EINVALID},
		{"lat=1&lng=181", guanjia.CallQuery{}, guanjia.EINVALID},
		{"phone=abc", guanjia.CallQuery{}, guanjia.EINVALID},
		{"phone=%00", guanjia.CallQuery{}, guanjia.EINVALID},
	} {
		v, _ := url.ParseQuery(tc.q)
		got, err := guanjia.ParseCallQuery(v)
		if guanjia.ErrorCode(err) != tc.code || (err == nil && got != tc.want) {
			t.Errorf("ParseCallQuery(%q) = %+v, %v", tc.q, got, err)
		}
	}
}

func FuzzParseCallQuery(f *testing.F) {
	for _, s := range []string{"", "phone=139+5730+0099&category=garbage&lat=30.7&lng=120.4", "lat=Inf&lng=-0", "phone=%2B%2B1", "lat=1e309&lng=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, _ := url.ParseQuery(s)
		q, err := guanjia.ParseCallQuery(v)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if q.Lat != q.Lat || q.Lng != q.Lng || q.Lat < -90 || q.Lat > 90 || q.Lng < -180 || q.Lng > 180 {
			t.Fatalf("accepted point %v,%v", q.Lat, q.Lng)
		}
		if p, err := guanjia.NormalizePhone(q.Phone); err != nil || p != q.Phone {
			t.Fatalf("phone %q not normal", q.Phone)
		}
	})
}

func TestParseDeskFilter(t *testing.T) {
	staff, resident := actors["lead"], actors["resident"]
	for _, tc := range []struct {
		q     string
		a     guanjia.Actor
		check func(f guanjia.CaseFilter) bool
		code  string
	}{
		{"handler=me", staff, func(f guanjia.CaseFilter) bool { return f.Handler != nil && *f.Handler == staff.UserID }, ""},
		{"handler=12", staff, func(f guanjia.CaseFilter) bool { return f.Handler != nil && *f.Handler == 12 }, ""},
		{"handler=x", staff, nil, guanjia.EINVALID},
		{"handler=-1", staff, nil, guanjia.EINVALID},
		{"supervised=true", staff, func(f guanjia.CaseFilter) bool { return f.Supervised != nil && *f.Supervised }, ""},
		{"supervised=true", resident, nil, guanjia.EFORBIDDEN},
		{"handler=me", resident, nil, guanjia.EFORBIDDEN},
		{"extension=true", actors["dispatcher"], func(f guanjia.CaseFilter) bool { return f.Extension != nil && *f.Extension }, ""},
		{"extension=false", actors["leader"], func(f guanjia.CaseFilter) bool { return f.Extension != nil && !*f.Extension }, ""},
		{"extension=maybe", actors["dispatcher"], nil, guanjia.EINVALID},
		{"extension=true", staff, nil, guanjia.EFORBIDDEN}, // other units' requests are not a unit's business
		{"extension=true", resident, nil, guanjia.EFORBIDDEN},
		{"channel=phone,12345", resident, func(f guanjia.CaseFilter) bool { return len(f.Channel) == 2 && f.Channel[1] == "12345" }, ""},
	} {
		v, _ := url.ParseQuery(tc.q)
		f, err := guanjia.ParseCaseFilter(v, tc.a)
		if guanjia.ErrorCode(err) != tc.code || (err == nil && !tc.check(f)) {
			t.Errorf("%s as %s: %+v, %v", tc.q, tc.a.Role, f, err)
		}
	}
}
