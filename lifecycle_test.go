package guanjia_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// plainCalendar counts every hour as working time, so expectations are easy.
type plainCalendar struct{}

func (plainCalendar) AddWorkingHours(t time.Time, h int) time.Time {
	return t.Add(time.Duration(h) * time.Hour)
}
func (plainCalendar) AddWorkingDays(t time.Time, d int) time.Time { return t.AddDate(0, 0, d) }

var (
	t0  = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	cat = &guanjia.Category{Code: "garbage", SignLimit: guanjia.Limit{N: 2, Unit: guanjia.WorkingHours},
		ResolveLimit: guanjia.Limit{N: 3, Unit: guanjia.WorkingDays}}
)

func env(now time.Time) guanjia.Env {
	return guanjia.Env{Now: now, Calendar: plainCalendar{}, Category: cat}
}

// actors are every kind of caller, named for the table.
var actors = map[string]guanjia.Actor{
	"dispatcher":      {UserID: 1, Role: guanjia.RoleDispatcher},
	"admin":           {UserID: 2, Role: guanjia.RoleAdmin},
	"leader":          {UserID: 3, Role: guanjia.RoleLeader},
	"system":          guanjia.SystemActor,
	"handler":         {UserID: 4, Role: guanjia.RoleHandler, Unit: "sanitation"},
	"handler-other":   {UserID: 5, Role: guanjia.RoleHandler, Unit: "police"},
	"lead":            {UserID: 6, Role: guanjia.RoleUnitLead, Unit: "sanitation"},
	"lead-other":      {UserID: 7, Role: guanjia.RoleUnitLead, Unit: "police"},
	"housekeeper":     {UserID: 8, Role: guanjia.RoleHousekeeper, Grid: "g1"},
	"housekeeper-far": {UserID: 9, Role: guanjia.RoleHousekeeper, Grid: "g2"},
	"reporter":        {UserID: 10, Role: guanjia.RoleResident},
	"resident":        {UserID: 11, Role: guanjia.RoleResident},
	"tracking":        {Role: guanjia.RoleAnonymous, Tracking: true},
	"anonymous":       {Role: guanjia.RoleAnonymous},
}

// spec is the closed loop as a table: who may do what from which status.
// It is written independently of the implementation's rules.
var spec = map[guanjia.Action]struct {
	from []guanjia.Status
	who  []string
}{
	guanjia.ActionDispatch:         {st("new dispatched accepted"), who("dispatcher admin system")},
	guanjia.ActionAccept:           {st("dispatched"), who("handler lead")},
	guanjia.ActionReturn:           {st("dispatched accepted"), who("handler lead")},
	guanjia.ActionResolve:          {st("accepted"), who("handler lead")},
	guanjia.ActionVerify:           {st("resolved"), who("reporter tracking housekeeper dispatcher admin")},
	guanjia.ActionReject:           {st("new dispatched"), who("dispatcher admin")},
	guanjia.ActionMerge:            {st("new dispatched accepted"), who("dispatcher admin")},
	guanjia.ActionEscalate:         {st("new dispatched accepted"), who("dispatcher leader admin system")},
	guanjia.ActionExtend:           {st("accepted"), who("handler lead")},
	guanjia.ActionApproveExtension: {st("accepted"), who("lead dispatcher admin")},
	guanjia.ActionComment:          {st("new dispatched accepted resolved closed rejected merged"), who("dispatcher admin leader system handler lead housekeeper reporter tracking")},
	guanjia.ActionClose:            {st("resolved"), who("system")},
	guanjia.ActionReopen:           {st("closed rejected"), who("dispatcher admin")},
	guanjia.ActionRefer:            {st("new dispatched accepted"), who("dispatcher admin system")},
	// Only the housekeeper who reported may handle; see TestHandleOnSpot.
	guanjia.ActionHandle: {st("new dispatched"), who("")},
	// Operator intake, supervision and assignment (desk_test.go).
	guanjia.ActionAnswer:           {st("new"), who("dispatcher admin")},
	guanjia.ActionCallback:         {st("closed"), who("dispatcher admin")},
	guanjia.ActionSupervise:        {st("dispatched accepted"), who("dispatcher leader admin")},
	guanjia.ActionFeedback:         {st("dispatched accepted resolved"), who("handler lead")},
	guanjia.ActionSupervisionLapse: {st("dispatched accepted resolved"), who("system")},
	guanjia.ActionAssign:           {st("dispatched accepted"), who("handler lead")},
}

func st(s string) (out []guanjia.Status) {
	for _, f := range splitFields(s) {
		out = append(out, guanjia.Status(f))
	}
	return out
}

func who(s string) []string { return splitFields(s) }

func splitFields(s string) []string {
	var out []string
	var cur []byte
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if len(cur) > 0 {
				out = append(out, string(cur))
			}
			cur = nil
			continue
		}
		cur = append(cur, s[i])
	}
	return out
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// caseIn returns a case in status s, with the unit, grid, reporter and
// deadlines that status implies.
func caseIn(s guanjia.Status) guanjia.Case {
	c := guanjia.Case{ID: 7, Number: "WZ-20261102-0001", Status: s, Category: "garbage",
		Grid: "g1", ReporterID: 10, Version: 3, CreatedAt: t0}
	due := t0.Add(48 * time.Hour)
	switch s {
	case guanjia.StatusDispatched:
		c.Unit, c.SignDueAt = "sanitation", &due
	case guanjia.StatusAccepted:
		c.Unit, c.ResolveDueAt = "sanitation", &due
		c.PendingExtension = &guanjia.Extension{Until: due.Add(24 * time.Hour), Reason: "parts"}
	case guanjia.StatusResolved, guanjia.StatusClosed, guanjia.StatusRejected, guanjia.StatusMerged:
		c.Unit = "sanitation"
	}
	return c
}

// validCommand returns a command for action with every input it needs.
func validCommand(a guanjia.Action) guanjia.Command {
	yes := true
	cmd := guanjia.Command{Action: a, Note: "done", Unit: "police", Target: 99, Fixed: &yes, Satisfaction: 5}
	switch a {
	case guanjia.ActionExtend, guanjia.ActionSupervise:
		cmd.Until = t0.Add(72 * time.Hour)
	case guanjia.ActionCallback:
		cmd.Callback = guanjia.CallbackSatisfied
	case guanjia.ActionAssign:
		cmd.Handler = actors["handler"].UserID
	}
	return cmd
}

// TestApplyExhaustive walks every status × action × actor and checks the
// outcome class against the spec table.
func TestApplyExhaustive(t *testing.T) {
	now := t0.Add(time.Hour)
	for _, s := range guanjia.Statuses {
		for _, action := range guanjia.Actions {
			for name, actor := range actors {
				t.Run(fmt.Sprintf("%s/%s/%s", s, action, name), func(t *testing.T) {
					c := caseIn(s)
					cmd := validCommand(action)
					if action == guanjia.ActionExtend {
						c.PendingExtension = nil
					}
					if action == guanjia.ActionFeedback || action == guanjia.ActionSupervisionLapse {
						c.Supervision = &guanjia.Supervision{Order: "report", Due: t0}
					}
					got, e, err := guanjia.Apply(c, cmd, actor, env(now))
					rule := spec[action]
					want := ""
					unitless := c.Unit == "" && (name == "handler" || name == "lead")
					switch {
					case !contains(rule.who, name) || unitless:
						want = guanjia.EFORBIDDEN
					case !contains(rule.from, s):
						want = guanjia.ECONFLICT
					}
					if code := guanjia.ErrorCode(err); code != want {
						t.Fatalf("error code = %q (%v), want %q", code, err, want)
					}
					if err != nil {
						return
					}
					if got.Version != c.Version+1 || !got.UpdatedAt.Equal(now) {
						t.Errorf("version/updated not advanced: %d %v", got.Version, got.UpdatedAt)
					}
					if e.From != s || e.To != got.Status || e.Action != action || !e.At.Equal(now) {
						t.Errorf("event = %+v, want from %s to %s", e, s, got.Status)
					}
					if allowed := guanjia.Allowed(&c, action, actor); !allowed {
						t.Errorf("Allowed = false for a command Apply accepted")
					}
				})
			}
		}
	}
}

// TestApplyTransitions checks the status each successful action leads to.
func TestApplyTransitions(t *testing.T) {
	no := false
	tests := []struct {
		from   guanjia.Status
		action guanjia.Action
		actor  string
		mod    func(*guanjia.Command)
		want   guanjia.Status
	}{
		{guanjia.StatusNew, guanjia.ActionDispatch, "dispatcher", nil, guanjia.StatusDispatched},
		{guanjia.StatusDispatched, guanjia.ActionAccept, "handler", nil, guanjia.StatusAccepted},
		{guanjia.StatusDispatched, guanjia.ActionReturn, "handler", nil, guanjia.StatusNew},
		{guanjia.StatusAccepted, guanjia.ActionResolve, "handler", nil, guanjia.StatusResolved},
		{guanjia.StatusResolved, guanjia.ActionVerify, "reporter", nil, guanjia.StatusClosed},
		{guanjia.StatusResolved, guanjia.ActionVerify, "tracking", func(c *guanjia.Command) { c.Fixed = &no }, guanjia.StatusAccepted},
		{guanjia.StatusNew, guanjia.ActionReject, "dispatcher", nil, guanjia.StatusRejected},
		{guanjia.StatusAccepted, guanjia.ActionMerge, "dispatcher", nil, guanjia.StatusMerged},
		{guanjia.StatusAccepted, guanjia.ActionEscalate, "leader", nil, guanjia.StatusAccepted},
		{guanjia.StatusResolved, guanjia.ActionClose, "system", nil, guanjia.StatusClosed},
		{guanjia.StatusClosed, guanjia.ActionReopen, "admin", nil, guanjia.StatusNew},
	}
	for _, tt := range tests {
		t.Run(string(tt.action)+"/"+tt.actor, func(t *testing.T) {
			cmd := validCommand(tt.action)
			if tt.mod != nil {
				tt.mod(&cmd)
			}
			got, _, err := guanjia.Apply(caseIn(tt.from), cmd, actors[tt.actor], env(t0))
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.want {
				t.Errorf("status = %s, want %s", got.Status, tt.want)
			}
		})
	}
}

func mustApply(t *testing.T, c guanjia.Case, cmd guanjia.Command, actor string, now time.Time) guanjia.Case {
	t.Helper()
	got, _, err := guanjia.Apply(c, cmd, actors[actor], env(now))
	if err != nil {
		t.Fatalf("%s by %s: %v", cmd.Action, actor, err)
	}
	return got
}

// TestReturnsMakeDisputeAndFinalDispatch follows a case returned twice: the
// dispatcher's next dispatch is final and cannot be returned.
func TestReturnsMakeDisputeAndFinalDispatch(t *testing.T) {
	c := caseIn(guanjia.StatusNew)
	ret := guanjia.Command{Action: guanjia.ActionReturn, Reason: "not ours"}
	to := func(u string) guanjia.Command { return guanjia.Command{Action: guanjia.ActionDispatch, Unit: u} }
	c = mustApply(t, c, to("sanitation"), "dispatcher", t0)
	c = mustApply(t, c, ret, "handler", t0)
	if c.Disputed || c.Returns != 1 || c.Unit != "" || c.SignDueAt != nil {
		t.Fatalf("after one return: %+v", c)
	}
	c = mustApply(t, c, to("police"), "dispatcher", t0)
	c = mustApply(t, c, ret, "handler-other", t0)
	if !c.Disputed || c.Returns != 2 {
		t.Fatalf("after two returns: disputed=%v returns=%d", c.Disputed, c.Returns)
	}
	c = mustApply(t, c, to("sanitation"), "dispatcher", t0)
	if !c.FinalDispatch || c.Disputed {
		t.Fatalf("ruling: final=%v disputed=%v", c.FinalDispatch, c.Disputed)
	}
	_, _, err := guanjia.Apply(c, ret, actors["handler"], env(t0))
	if guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Fatalf("return after final dispatch: %v, want conflict", err)
	}
	if _, _, err := guanjia.Apply(c, ret, actors["handler"], env(t0)); err == nil {
		t.Fatal("want error")
	}
}

// TestDeadlines checks the clocks: sign-for from dispatch, resolve from
// sign-for, a fresh resolve limit when reopened.
func TestDeadlines(t *testing.T) {
	c := mustApply(t, caseIn(guanjia.StatusNew), guanjia.Command{Action: guanjia.ActionDispatch, Unit: "sanitation"}, "dispatcher", t0)
	if want := t0.Add(2 * time.Hour); !c.SignDueAt.Equal(want) {
		t.Errorf("sign due = %v, want %v", c.SignDueAt, want)
	}
	if c.Overdue(t0.Add(time.Hour)) || !c.Overdue(t0.Add(3*time.Hour)) {
		t.Error("overdue wrong around the sign-for limit")
	}
	t1 := t0.Add(time.Hour)
	c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionAccept}, "handler", t1)
	if want := t1.AddDate(0, 0, 3); !c.ResolveDueAt.Equal(want) {
		t.Errorf("resolve due = %v, want %v", c.ResolveDueAt, want)
	}
	c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionResolve, Note: "cleaned"}, "handler", t1)
	t2 := t1.AddDate(0, 0, 5)
	no := false
	c = mustApply(t, c, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &no}, "reporter", t2)
	if c.Status != guanjia.StatusAccepted || c.Unit != "sanitation" || c.Reopened != 1 {
		t.Fatalf("not-fixed: %+v", c)
	}
	if want := t2.AddDate(0, 0, 3); !c.ResolveDueAt.Equal(want) {
		t.Errorf("fresh resolve due = %v, want %v", c.ResolveDueAt, want)
	}
}

// TestInputs: missing inputs are invalid, not silently accepted.
func TestInputs(t *testing.T) {
	tests := []struct {
		status guanjia.Status
		cmd    guanjia.Command
		actor  string
		field  string
	}{
		{guanjia.StatusNew, guanjia.Command{Action: guanjia.ActionDispatch}, "dispatcher", "unit"},
		{guanjia.StatusDispatched, guanjia.Command{Action: guanjia.ActionReturn}, "handler", "reason"},
		{guanjia.StatusAccepted, guanjia.Command{Action: guanjia.ActionResolve, Note: "  "}, "handler", "note"},
		{guanjia.StatusResolved, guanjia.Command{Action: guanjia.ActionVerify}, "reporter", "fixed"},
		{guanjia.StatusResolved, guanjia.Command{Action: guanjia.ActionVerify, Fixed: new(true), Satisfaction: 6}, "reporter", "satisfaction"},
		{guanjia.StatusNew, guanjia.Command{Action: guanjia.ActionMerge, Target: 7}, "dispatcher", "target"},
		{guanjia.StatusNew, guanjia.Command{Action: guanjia.ActionReject}, "dispatcher", "reason"},
		{guanjia.StatusNew, guanjia.Command{Action: guanjia.ActionComment}, "dispatcher", "note"},
	}
	for _, tt := range tests {
		t.Run(string(tt.cmd.Action), func(t *testing.T) {
			_, _, err := guanjia.Apply(caseIn(tt.status), tt.cmd, actors[tt.actor], env(t0))
			var e *guanjia.Error
			if !asError(err, &e) || e.Code != guanjia.EINVALID || e.Field != tt.field {
				t.Fatalf("err = %v, want invalid %s", err, tt.field)
			}
		})
	}
}

func asError(err error, target **guanjia.Error) bool {
	e, ok := err.(*guanjia.Error)
	*target = e
	return ok
}

// TestStaleVersion: a command that carries an old version is a conflict.
func TestStaleVersion(t *testing.T) {
	c := caseIn(guanjia.StatusDispatched)
	_, _, err := guanjia.Apply(c, guanjia.Command{Action: guanjia.ActionAccept, Version: c.Version - 1}, actors["handler"], env(t0))
	if guanjia.ErrorCode(err) != guanjia.ECONFLICT {
		t.Fatalf("err = %v, want conflict", err)
	}
}

// TestVisibility: the public never sees internal events or reporters.
func TestVisibility(t *testing.T) {
	c := caseIn(guanjia.StatusAccepted)
	c.ReporterName, c.ReporterPhone = "王阿姨", "13800000000"
	events := []guanjia.Event{
		{ID: 1, Public: true, ActorName: "王阿姨", ActorRole: guanjia.RoleResident, ActorID: 10},
		{ID: 2, Public: false, Note: "internal"},
		{ID: 3, Public: true, ActorName: "李经办", ActorRole: guanjia.RoleHandler, ActorID: 11, Unit: "cg"},
		{ID: 4, Public: true, ActorName: "system", ActorRole: guanjia.RoleSystem, NoteKey: guanjia.NoteAutoClosed},
	}
	pub := c.Redacted(actors["anonymous"])
	if pub.ReporterName != "" || pub.ReporterPhone != "" || pub.ReporterID != 0 {
		t.Errorf("public case leaks the reporter: %+v", pub)
	}
	if other := c.Redacted(actors["handler-other"]); other.ReporterPhone != "" {
		t.Error("another unit's handler sees the reporter's phone")
	}
	if own := c.Redacted(actors["handler"]); own.ReporterPhone == "" {
		t.Error("the unit's own handler cannot see the reporter's phone")
	}
	got := guanjia.Visible(&c, events, actors["anonymous"])
	want := []guanjia.Event{{ID: 1, Public: true, ActorRole: guanjia.RoleResident},
		{ID: 3, Public: true, ActorRole: guanjia.RoleHandler, Unit: "cg"},
		{ID: 4, Public: true, ActorName: "system", ActorRole: guanjia.RoleSystem, NoteKey: guanjia.NoteAutoClosed}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("visible events (-want +got):\n%s", diff)
	}
}

// TestEscalateDoesNotSupervise: escalating, even by a leader, leaves the
// case unsupervised; the old escalate flag is refused with a message that
// names the supervise action, which alone makes a supervision order.
func TestEscalateDoesNotSupervise(t *testing.T) {
	got, _, err := guanjia.Apply(caseIn(guanjia.StatusAccepted), validCommand(guanjia.ActionEscalate), actors["leader"], env(t0))
	if err != nil || got.Supervised || got.Supervision != nil {
		t.Errorf("a leader's escalation: supervised %v, order %v, err %v", got.Supervised, got.Supervision, err)
	}
	cmd := validCommand(guanjia.ActionEscalate)
	cmd.Supervise = true
	if _, _, err := guanjia.Apply(caseIn(guanjia.StatusAccepted), cmd, actors["dispatcher"], env(t0)); guanjia.ErrorCode(err) != guanjia.EINVALID || !strings.Contains(err.Error(), "supervise action") {
		t.Errorf("escalate with supervise: %v, want EINVALID naming the supervise action", err)
	}
}
