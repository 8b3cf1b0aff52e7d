package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestInspectionRectification: an administrator's edit makes a new
// checklist version and the old one stays; the fire inspector's
// inspection with two failed items makes two rectification cases
// dispatched to the owner (the serious one on the short deadline); another
// owner sees neither the inspections nor the cases; the owner signs for and
// fixes a case, which then does not close by itself nor by the command
// center, and another authority's inspector may not re-inspect it; a
// re-inspection "not fixed" sends it back, "fixed" closes it. A
// self-inspection makes no case; the score follows the items and rating,
// and past the deadlines the rectification part counts the one fixed in time
// while the other is overdue on the authority's list.
func TestInspectionRectification(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, clock := newApp(t, dsn)
		ctx := context.Background()
		owner, other, admin := actor(t, a, "owner"), actor(t, a, "owner-001"), actor(t, a, "admin")
		fire, police, dispatcher := actor(t, a, "inspector"), actor(t, a, "inspector-police"), actor(t, a, "dispatcher")
		mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		if err != nil || len(mine) == 0 {
			t.Fatalf("the owner's B&Bs: %v", err)
		}
		b := mine[0]

		// Versioning.
		v1, err := a.Checklist(ctx, guanjia.InspectFire, 0)
		if err != nil || v1.Version != 1 || len(v1.Items) != 5 {
			t.Fatalf("fire checklist: %+v, %v", v1, err)
		}
		v2 := *v1
		v2.Items = append(append([]guanjia.ChecklistItem{}, v1.Items...), guanjia.ChecklistItem{Code: "kitchen_hood", TextZH: "油烟管道定期清洗", TextEN: "Kitchen hood cleaned"})
		if err := a.SaveChecklist(ctx, owner, &v2); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("an owner edits a checklist: %v", err)
		}
		if err := a.SaveChecklist(ctx, admin, &v2); err != nil || v2.Version != 2 {
			t.Fatalf("save checklist: version %d, %v", v2.Version, err)
		}
		if old, _ := a.Checklist(ctx, guanjia.InspectFire, 1); old == nil || len(old.Items) != 5 {
			t.Errorf("version 1 changed: %+v", old)
		}

		// The inspection, with version 1 (the form the inspector loaded before the edit).
		in := guanjia.InspectionInput{Kind: guanjia.InspectFire, Version: 1, ClientID: "c-1"}
		for _, it := range v1.Items {
			res := guanjia.ItemPass
			if it.Code == "extinguisher" || it.Code == "wiring" {
				res = guanjia.ItemFail
			}
			in.Results = append(in.Results, guanjia.ItemResult{Code: it.Code, Result: res, Note: "检查记录"})
		}
		if _, err := a.Inspect(ctx, police, b.ID, in); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("the police inspect for fire: %v", err)
		}
		x, err := a.Inspect(ctx, fire, b.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := a.Inspect(ctx, fire, b.ID, in)
		if err != nil || again.ID != x.ID {
			t.Errorf("a retry made inspection %d, want %d (%v)", again.ID, x.ID, err)
		}
		if x.Version != 1 || x.Passed != 3 || x.Failed != 2 || x.Unit != "fire" {
			t.Errorf("inspection: version %d passed %d failed %d unit %q", x.Version, x.Passed, x.Failed, x.Unit)
		}
		rects, err := a.Rectifications(ctx, owner, 0, true)
		if err != nil || len(rects) != 2 {
			t.Fatalf("the owner's rectifications: %d, %v", len(rects), err)
		}
		var serious, plain *guanjia.Rectification
		for _, r := range rects {
			if r.Serious {
				serious = r
			} else {
				plain = r
			}
		}
		if serious == nil || plain == nil || !serious.DueAt.Before(plain.DueAt) || serious.Authority != "fire" {
			t.Fatalf("rectifications: %+v %+v", serious, plain)
		}
		c, err := a.Case(ctx, owner, serious.CaseID)
		if err != nil || c.Unit != guanjia.OwnerUnit(owner.UserID) || c.Category != guanjia.CategoryRectifyUrgent || c.Status != guanjia.StatusDispatched {
			t.Fatalf("the case: %+v, %v", c, err)
		}

		// Another owner sees nothing of it.
		if _, err := a.Inspections(ctx, other, b.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another owner reads the inspections: %v", err)
		}
		if rs, _ := a.Rectifications(ctx, other, 0, false); len(rs) != 0 {
			t.Errorf("another owner lists %d rectifications", len(rs))
		}
		if _, err := a.Act(ctx, other, c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err == nil {
			t.Error("another owner signed for the case")
		}
		if _, err := a.Inspect(ctx, other, b.ID, in); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another owner self-inspects this B&B: %v", err)
		}

		// The owner signs for it and fixes it.
		if _, err := a.Act(ctx, owner, c.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Act(ctx, owner, c.ID, guanjia.Command{Action: guanjia.ActionResolve, Note: "已更换灭火器"}); err != nil {
			t.Fatal(err)
		}
		yes := true
		if _, err := a.Act(ctx, dispatcher, c.ID, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}); err == nil {
			t.Error("the command center verified a rectification")
		}
		if _, err := a.Act(ctx, fire, c.ID, guanjia.Command{Action: guanjia.ActionVerify, Fixed: &yes, Satisfaction: 5}); err == nil {
			t.Error("an inspector verified without a re-inspection")
		}
		if _, err := a.Reinspect(ctx, police, c.ID, true, "", nil); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("another authority re-inspects: %v", err)
		}
		got, err := a.Reinspect(ctx, fire, c.ID, false, "仍未配齐", nil)
		if err != nil || got.Status != guanjia.StatusAccepted {
			t.Fatalf("not fixed: %v, %v", got, err)
		}
		if _, err := a.Act(ctx, owner, c.ID, guanjia.Command{Action: guanjia.ActionResolve, Note: "已配齐"}); err != nil {
			t.Fatal(err)
		}
		got, err = a.Reinspect(ctx, fire, c.ID, true, "复查合格", nil)
		if err != nil || got.Status != guanjia.StatusClosed {
			t.Fatalf("fixed: %v, %v", got, err)
		}
		if open, _ := a.Rectifications(ctx, fire, 0, true); len(open) != 1 {
			t.Errorf("the authority's open rectifications: %d, want 1", len(open))
		}

		// A self-inspection makes no case and does not count.
		in.ClientID = "self-1"
		if _, err := a.Inspect(ctx, owner, b.ID, in); err != nil {
			t.Fatal(err)
		}
		if rs, _ := a.Rectifications(ctx, owner, 0, false); len(rs) != 2 {
			t.Errorf("after the self-inspection: %d rectifications, want 2", len(rs))
		}
		rep, err := a.Reputation(ctx, b.ID)
		if err != nil || rep.Parts.Passed != 3 || rep.Parts.Failed != 2 || rep.Inspection != 60 {
			t.Errorf("reputation: %+v, %v", rep, err)
		}
		if err := a.SetRating(ctx, owner, guanjia.GuestRating{BnBID: b.ID, Average: 5, Count: 9, Source: "携程"}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("an owner rates their B&B: %v", err)
		}
		if err := a.SetRating(ctx, dispatcher, guanjia.GuestRating{BnBID: b.ID, Average: 4.5, Count: 120, Source: "携程"}); err != nil {
			t.Fatal(err)
		}
		if rep, _ = a.Reputation(ctx, b.ID); rep.Rating != 90 || rep.Score != guanjia.Score(rep.Parts).Score {
			t.Errorf("after the rating: %+v", rep)
		}

		// Past both deadlines: the serious one was fixed in time, the other not at all.
		clock.Set(plain.DueAt.Add(time.Hour))
		if rep, _ = a.Reputation(ctx, b.ID); rep.Parts.Rectifications != 2 || rep.Parts.OnTime != 1 || rep.Rectification != 50 {
			t.Errorf("after the deadlines: %+v", rep)
		}
		if open, _ := a.Rectifications(ctx, fire, 0, true); len(open) != 1 || !open[0].Overdue(clock.Now()) {
			t.Errorf("the authority's overdue rectifications: %+v", open)
		}

		// The due list moves past the inspection.
		due, err := a.DueInspections(ctx, fire)
		if err != nil || len(due) == 0 {
			t.Fatalf("due: %d, %v", len(due), err)
		}
		for _, d := range due {
			if d.BnBID == b.ID && (d.Kind != guanjia.InspectFire || d.Last == nil || d.Overdue) {
				t.Errorf("due after the inspection: %+v", d)
			}
		}
	})
}
