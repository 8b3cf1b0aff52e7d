package app_test

import (
	"context"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestProjects walks the projects module on one fixture: an investor
// sees only their own projects and channels (another's is not found, as
// for a unit not involved); a prerequisite blocks an item until it is
// done; an issue becomes a case dispatched to the item's authority and
// linked to the project; a mention notifies each mentioned member once,
// and the channel's read state is each member's own;
// an item past its limit escalates once, with a timeline line and a
// notification to the steward.
func TestProjects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, clock := testenv.App(t, dsn)
		ctx := context.Background()
		inv, inv2 := actor(t, a, "investor"), actor(t, a, "investor-2")
		steward, leader := actor(t, a, "steward"), actor(t, a, "leader")

		mine, err := a.Projects(ctx, inv)
		if err != nil || len(mine) != 2 {
			t.Fatalf("the investor's projects: %d, %v; want 2", len(mine), err)
		}
		theirs, err := a.Projects(ctx, inv2)
		if err != nil || len(theirs) != 2 {
			t.Fatalf("investor-2's projects: %d, %v; want 2", len(theirs), err)
		}
		other := theirs[0].ID
		if _, err := a.Project(ctx, inv, other); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an investor reads another's project: %v, want not found", err)
		}
		if _, err := a.Channel(ctx, inv, other); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an investor reads another's channel: %v, want not found", err)
		}
		if _, err := a.PostProjectMessage(ctx, inv, other, "hello", nil); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("an investor posts to another's channel: %v, want not found", err)
		}
		if _, err := a.Channel(ctx, leader, other); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("a leader reads a channel: %v, want not found", err)
		}
		if _, err := a.Project(ctx, leader, other); err != nil {
			t.Errorf("a leader reads the town's project: %v", err)
		}
		if _, err := a.Project(ctx, actor(t, a, "handler-justice"), other); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("a unit not involved reads a project: %v, want not found", err)
		}

		// A new project: the planning permits wait for nothing; the
		// engineering permit waits for the land-use permit.
		p := &guanjia.Project{Name: "测试项目", Lat: 30.7530, Lng: 120.4920, InvestorID: inv.UserID, StewardID: steward.UserID}
		if err := a.CreateProject(ctx, actor(t, a, "dispatcher"), p); err != nil {
			t.Fatal(err)
		}
		v, err := a.Project(ctx, inv, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]int64{}
		states := map[string]string{}
		for _, it := range v.States {
			byName[it.Name], states[it.Name] = it.ID, it.State
		}
		if states["用地规划许可"] != guanjia.ItemOpen || states["环境影响评价"] != guanjia.ItemOpen || states["工程规划许可"] != guanjia.ItemWaiting {
			t.Fatalf("states of a new project: %v", states)
		}
		if _, err := a.CompleteProjectItem(ctx, actor(t, a, "handler-urban"), p.ID, byName["工程规划许可"]); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
			t.Errorf("completing an item whose prerequisite is not done: %v, want conflict", err)
		}
		if _, err := a.CompleteProjectItem(ctx, inv, p.ID, byName["用地规划许可"]); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("the investor completes an item: %v, want forbidden", err)
		}
		if v, err = a.CompleteProjectItem(ctx, actor(t, a, "handler-urban"), p.ID, byName["用地规划许可"]); err != nil {
			t.Fatal(err)
		}
		for _, it := range v.States {
			if it.Name == "工程规划许可" && (it.State != guanjia.ItemOpen || it.StartedAt == nil) {
				t.Errorf("the engineering permit after the land-use permit: %s", it.State)
			}
		}

		// An issue: a case dispatched to the item's authority, linked.
		c, err := a.RaiseProjectIssue(ctx, inv, p.ID, projectIssue(byName["消防设计审查"]))
		if err != nil {
			t.Fatal(err)
		}
		if c.Unit != "fire" || c.Status != guanjia.StatusDispatched || c.DueAt() == nil {
			t.Errorf("the issue's case: unit %q status %s due %v", c.Unit, c.Status, c.DueAt())
		}
		if v, err = a.Project(ctx, steward, p.ID); err != nil || len(v.Cases) != 1 || v.Cases[0].CaseID != c.ID {
			t.Errorf("the project's cases: %+v, %v", v.Cases, err)
		}

		// Mentions: the steward mentioned twice and the investor once, in
		// one message, are each notified once; a second message notifies
		// again.
		if _, err := a.PostProjectMessage(ctx, actor(t, a, "handler-fire"), p.ID, "@沈涛 @steward 请看一下 @周志远，谢谢", nil); err != nil {
			t.Fatal(err)
		}
		if n := notifications(t, db, guanjia.NotifyMention, p.Name); n[steward.UserID] != 1 || n[inv.UserID] != 1 {
			t.Errorf("mention notifications: %v, want one each for %d and %d", n, steward.UserID, inv.UserID)
		}
		unread := func() int {
			vs, err := a.Projects(ctx, inv)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.ID == p.ID {
					return v.Unread
				}
			}
			return -1
		}
		if n := unread(); n != 1 {
			t.Errorf("the investor has %d unread, want 1", n)
		}
		ch, err := a.Channel(ctx, inv, p.ID)
		if err != nil || len(ch.Messages) != 1 || len(ch.Messages[0].Mentions) != 2 {
			t.Fatalf("the channel: %+v, %v", ch, err)
		}
		if n := unread(); n != 0 {
			t.Errorf("after reading, the investor has %d unread", n)
		}

		// Past its limit, an item escalates once.
		clock.Set(testenv.Monday09.AddDate(0, 0, 30))

		for range 2 {
			if _, err := a.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
		}
		sent := notifications(t, db, guanjia.NotifyProjectOverdue, p.Name)[steward.UserID]
		v, err = a.Project(ctx, steward, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		overdueLines := 0
		for _, e := range v.Timeline {
			if e.Key == guanjia.NoteItemOverdue {
				overdueLines++
			}
		}
		escalated := 0
		for _, it := range v.States {
			if it.EscalatedAt != nil {
				escalated++
			}
		}
		if escalated == 0 || overdueLines != escalated || sent != escalated {
			t.Errorf("escalation: %d items escalated, %d timeline lines, %d notifications to the steward", escalated, overdueLines, sent)
		}

		// The town's administrator edits the template; new projects follow it.
		admin, town := actor(t, a, "admin"), p.Jurisdiction
		if err := a.PutProjectTemplate(ctx, actor(t, a, "dispatcher"), town, "一 | A | urban | 3 |"); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a dispatcher edits the template: %v", err)
		}
		if err := a.PutProjectTemplate(ctx, admin, town, "一 | A | nowhere | 3 |"); guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Errorf("a template naming no unit: %v", err)
		}
		if err := a.PutProjectTemplate(ctx, admin, town, "一 | A | urban | 3 |\n二 | B | fire | 2 | A"); err != nil {
			t.Fatal(err)
		}
		q := &guanjia.Project{Name: "模板测试", Lat: 30.7530, Lng: 120.4920, InvestorID: inv.UserID, StewardID: steward.UserID}
		if err := a.CreateProject(ctx, admin, q); err != nil || len(q.Stages) != 2 || len(q.Items) != 2 || q.Items[1].StartedAt != nil {
			t.Errorf("a project from the edited template: %v, %+v", err, q.Items)
		}
	})
}

func projectIssue(item int64) app.ProjectIssue {
	return app.ProjectIssue{ItemID: item, Category: "other", Description: "消防审查材料退回三次，请协调"}
}

// notifications counts the notifications of ev about project name by
// recipient.
func notifications(t *testing.T, db *store.DB, ev guanjia.NotifyEvent, name string) map[int64]int {
	t.Helper()
	ns, err := db.Notifications(context.Background(), store.NotificationFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]int{}
	for _, n := range ns {
		if n.Event == ev && len(n.Args) > 0 && n.Args[0] == name {
			out[n.UserID]++
		}
	}
	return out
}
