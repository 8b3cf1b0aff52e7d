package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// call is a phone call about a place in Wuzhen.
func call(category, phone string) app.Call {
	return app.Call{Report: guanjia.Report{Category: category, Lat: wuzhenLat, Lng: wuzhenLng,
		Description: "Caller says so.", Name: "王先生", Phone: phone, Channel: guanjia.ChannelPhone}}
}

// TestTakeCall: the command center records a call for the caller (not
// dispatched by itself, the caller's contact kept, the operator not the
// reporter); others may not; an information request answered on the spot
// is closed at once and may be called back; the caller's earlier cases
// and the likely duplicates are found for the operator's town only.
func TestTakeCall(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		op := actor(t, a, "dispatcher")
		rec, err := a.TakeCall(ctx, op, call("garbage", "139 5730 0099"))
		if err != nil {
			t.Fatal(err)
		}
		c := rec.Case
		if c.Status != guanjia.StatusNew || c.Channel != guanjia.ChannelPhone || c.ReporterPhone != "13957300099" ||
			c.ReporterName != "王先生" || c.ReporterID != 0 || c.TriageDueAt == nil {
			t.Errorf("call case = %+v", c)
		}
		for _, who := range []string{"leader", "handler-sanitation", "resident"} {
			if _, err := a.TakeCall(ctx, actor(t, a, who), call("garbage", "13957300099")); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
				t.Errorf("%s takes a call: %v", who, err)
			}
			if _, err := a.CheckCall(ctx, actor(t, a, who), guanjia.CallQuery{Phone: "13957300099"}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
				t.Errorf("%s looks up a caller: %v", who, err)
			}
		}
		bad := call("garbage", "13957300099")
		bad.Channel = "fax"
		if _, err := a.TakeCall(ctx, op, bad); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("channel fax: %v", err)
		}
		info := call("other", "139-5730-0099")
		info.Channel, info.Answer = guanjia.ChannelHotline, "The service hall opens at 8:30."
		rec, err = a.TakeCall(ctx, op, info)
		if err != nil || rec.Case.Status != guanjia.StatusClosed || rec.Case.Resolution != info.Answer || rec.Case.Channel != guanjia.ChannelHotline {
			t.Fatalf("answered call: %+v %v", rec, err)
		}
		answered := rec.Case
		if _, err := a.Act(ctx, actor(t, a, "puyuan-dispatcher"), answered.ID, guanjia.Command{Action: guanjia.ActionCallback, Callback: "satisfied"}); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another town's callback: %v", err)
		}
		if _, err := a.Act(ctx, op, answered.ID, guanjia.Command{Action: guanjia.ActionCallback, Callback: "satisfied"}); err != nil {
			t.Errorf("callback: %v", err)
		}
		chk, err := a.CheckCall(ctx, op, guanjia.CallQuery{Phone: "13957300099", Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng})
		if err != nil {
			t.Fatal(err)
		}
		if len(chk.Earlier) != 2 || len(chk.Duplicates) != 1 || chk.Duplicates[0].ID != c.ID {
			t.Errorf("check: %d earlier, %d duplicates", len(chk.Earlier), len(chk.Duplicates))
		}
		if chk, err := a.CheckCall(ctx, actor(t, a, "puyuan-dispatcher"), guanjia.CallQuery{Phone: "13957300099", Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}); err != nil || len(chk.Earlier)+len(chk.Duplicates) != 0 {
			t.Errorf("another town's operator sees %+v (%v)", chk, err)
		}
	})
}

// TestTriageClock: a new case past its triage limit is overdue, and the
// sweep tells the command center once (outbox kind case.untriaged).
func TestTriageClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		rec, err := a.TakeCall(ctx, actor(t, a, "dispatcher"), call("fire-hazard", "13957300098"))
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(30 * time.Minute); !rec.Case.TriageDueAt.Equal(want) {
			t.Errorf("urgent triage due %v, want %v", rec.Case.TriageDueAt, want)
		}
		if res, err := a.Sweep(ctx); err != nil || res.Untriaged != 0 {
			t.Errorf("sweep in time: %+v %v", res, err)
		}
		clock.Set(t0.Add(31 * time.Minute))
		for i, want := range []int{1, 0} {
			if res, err := a.Sweep(ctx); err != nil || res.Untriaged != want {
				t.Errorf("sweep %d: %+v %v, want %d untriaged", i, res, err, want)
			}
		}
		msgs, err := a.Messages(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range msgs {
			if m.Topic == guanjia.TopicCaseUntriaged {
				n++
				if m.CaseID != rec.Case.ID {
					t.Errorf("untriaged message for case %d", m.CaseID)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d case.untriaged messages, want 1", n)
		}
		yes := true
		od, _, err := a.FindCases(ctx, actor(t, a, "dispatcher"), guanjia.CaseFilter{Overdue: &yes, Sort: "due"})
		if err != nil || len(od) == 0 || od[0].ID != rec.Case.ID {
			t.Errorf("overdue list does not start with the untriaged case: %v", err)
		}
	})
}

// TestSupervisionOrder: a leader supervises a unit's case; another town's
// leader cannot find it; the unit's feedback answers it; an order left
// unanswered is escalated once by the sweep.
func TestSupervisionOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		c1 := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case
		c2 := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng + 0.01}).Case
		if c1.Unit != "sanitation" {
			t.Fatalf("garbage went to %q", c1.Unit)
		}
		order := guanjia.Command{Action: guanjia.ActionSupervise, Note: "Report by noon.", Until: t0.Add(time.Hour)}
		if _, err := a.Act(ctx, actor(t, a, "puyuan-leader"), c1.ID, order); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another town's leader: %v", err)
		}
		for _, c := range []*guanjia.Case{c1, c2} {
			if _, err := a.Act(ctx, actor(t, a, "leader"), c.ID, order); err != nil {
				t.Fatal(err)
			}
		}
		fb := guanjia.Command{Action: guanjia.ActionFeedback, Note: "Cleared this morning."}
		if _, err := a.Act(ctx, actor(t, a, "handler-traffic"), c1.ID, fb); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another unit's feedback: %v", err)
		}
		got, err := a.Act(ctx, actor(t, a, "handler-sanitation"), c1.ID, fb)
		if err != nil || got.Supervision.State(a.Now()) != guanjia.SupervisionAnswered {
			t.Fatalf("feedback: %v", err)
		}
		clock.Set(t0.Add(2 * time.Hour))
		for i, want := range []int{1, 0} {
			if res, err := a.Sweep(ctx); err != nil || res.Lapsed != want {
				t.Errorf("sweep %d: %+v %v, want %d lapsed", i, res, err, want)
			}
		}
		c, err := a.Case(ctx, actor(t, a, "dispatcher"), c2.ID)
		if err != nil || c.Supervision.State(a.Now()) != guanjia.SupervisionEscalated {
			t.Errorf("unanswered order: %+v %v", c.Supervision, err)
		}
	})
}

// TestAssignInUnit: the unit lead assigns a case to one of the unit's
// handlers, not to another unit's; the unit's members are listed to the
// unit and to its town's command center only.
func TestAssignInUnit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		c := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: wuzhenLat, Lng: wuzhenLng}).Case
		lead, h := actor(t, a, "lead-sanitation"), actor(t, a, "handler-sanitation")
		if _, err := a.Act(ctx, lead, c.ID, guanjia.Command{Action: guanjia.ActionAssign, Handler: actor(t, a, "handler-traffic").UserID}); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
			t.Errorf("assign to another unit's handler: %v", err)
		}
		got, err := a.Act(ctx, lead, c.ID, guanjia.Command{Action: guanjia.ActionAssign, Handler: h.UserID})
		if err != nil || got.Handler != h.UserID {
			t.Fatalf("assign: %v", err)
		}
		mine, _, err := a.FindCases(ctx, h, guanjia.CaseFilter{Handler: &h.UserID})
		if err != nil || len(mine) != 1 {
			t.Errorf("my cases: %d %v", len(mine), err)
		}
		if pub, _ := a.Case(ctx, resident, c.ID); pub.Handler != 0 {
			t.Error("the reporter sees the handler")
		}
		members, err := a.UnitMembers(ctx, lead, "sanitation")
		if err != nil || len(members) < 2 {
			t.Errorf("members: %+v %v", members, err)
		}
		for who, want := range map[string]string{"dispatcher": "", "lead-traffic": guanjia.ENOTFOUND,
			"puyuan-dispatcher": guanjia.ENOTFOUND, "resident": guanjia.EFORBIDDEN} {
			if _, err := a.UnitMembers(ctx, actor(t, a, who), "sanitation"); guanjia.ErrorCode(err) != want {
				t.Errorf("%s lists the unit: %v, want %q", who, err, want)
			}
		}
	})
}

// TestTriageLimitSettings: a category's triage limit and a town's override
// of it are checked and inherited like the other limits.
func TestTriageLimitSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		admin := actor(t, a, "county-admin")
		cat, _ := a.Category("garbage")
		c := *cat
		c.TriageLimit = guanjia.Limit{N: 45, Unit: guanjia.ClockMinutes}
		if err := a.PutCategory(ctx, admin, &c); err != nil {
			t.Fatal(err)
		}
		c.TriageLimit = guanjia.Limit{N: 5, Unit: "weeks"}
		if err := a.PutCategory(ctx, admin, &c); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a triage limit in weeks: %v", err)
		}
		rec, err := a.TakeCall(ctx, actor(t, a, "dispatcher"), call("garbage", ""))
		if err != nil || !rec.Case.TriageDueAt.Equal(t0.Add(45*time.Minute)) {
			t.Fatalf("triage due %v (%v), want 45 min", rec.Case.TriageDueAt, err)
		}
		o := &guanjia.CategoryOverride{Jurisdiction: wuzhen, Category: "garbage", TriageLimit: guanjia.Limit{N: 15, Unit: guanjia.ClockMinutes}}
		if err := a.PutCategoryOverride(ctx, actor(t, a, "admin"), o); err != nil {
			t.Fatal(err)
		}
		rec, err = a.TakeCall(ctx, actor(t, a, "dispatcher"), call("garbage", ""))
		if err != nil || !rec.Case.TriageDueAt.Equal(t0.Add(15*time.Minute)) {
			t.Errorf("with Wuzhen's override: triage due %v (%v), want 15 min", rec.Case.TriageDueAt, err)
		}
	})
}
