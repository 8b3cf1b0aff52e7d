package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// TestRectificationOverdueNotice: each open rectification past its
// deadline tells the B&B's owner and the finding authority's inspectors
// once, in the owner's language; running again, or as another instance
// after a restart, tells nobody again; a month later the rectifications
// that have passed their deadline since are told, the others not again.
func TestRectificationOverdueNotice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, db, clock := testenv.App(t, dsn)
		ctx := context.Background()
		overdue := func() map[int64]*guanjia.Rectification {
			xs, err := db.Rectifications(ctx, store.RectificationFilter{Open: true})
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]*guanjia.Rectification{}
			for _, x := range xs {
				if x.Overdue(a.Now()) {
					out[x.CaseID] = x
				}
			}
			return out
		}
		told := func() map[string]int {
			ns, err := db.Notifications(ctx, store.NotificationFilter{Limit: 5000})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, n := range ns {
				if n.Event == "rectify_overdue" && n.UserID != 0 {
					out[n.Args[0]+"/"+n.Destination]++
				}
			}
			return out
		}
		owner := actor(t, a, "owner")
		mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
		if err != nil || len(mine) == 0 {
			t.Fatalf("the owner's B&Bs: %v", err)
		}
		failFire(t, a, mine[0].ID, "extinguisher", "wiring")
		clock.Set(a.Now().AddDate(0, 0, 4)) // past the serious item's 72 hours, not the other's 15 working days
		now := overdue()
		if len(now) != 1 {
			t.Fatalf("%d overdue rectifications four days on, want the serious one", len(now))
		}
		// The demo's inspectors have no phone: give the fire inspector one.
		inspector, err := db.GetUserByUsername(ctx, "inspector")
		if err != nil {
			t.Fatal(err)
		}
		inspector.Phone = "13900000119"
		if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, inspector) }); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		first := told()
		for _, x := range now {
			b, err := db.GetBnB(ctx, x.BnBID)
			if err != nil {
				t.Fatal(err)
			}
			owner, err := db.GetUser(ctx, b.OwnerID)
			if err != nil {
				t.Fatal(err)
			}
			if first[x.Number+"/"+owner.Phone] != 1 {
				t.Errorf("rectification %s: the owner was told %d times, want once", x.Number, first[x.Number+"/"+owner.Phone])
			}
			if x.Authority == inspector.Unit && first[x.Number+"/"+inspector.Phone] != 1 {
				t.Errorf("rectification %s: the finding authority's inspector was told %d times", x.Number, first[x.Number+"/"+inspector.Phone])
			}
		}
		again := secondInstance(t, dsn)
		if _, err := again.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		if second := told(); len(second) != len(first) || sum(second) != sum(first) {
			t.Errorf("after a second run and a restart: %d notices, want %d", sum(second), sum(first))
		}
		clock.Set(a.Now().AddDate(0, 1, 0))
		later := overdue()
		if len(later) != 2 {
			t.Fatalf("a month later %d overdue, want both", len(later))
		}
		if _, err := a.RemindBnBs(ctx); err != nil {
			t.Fatal(err)
		}
		for key, n := range told() {
			if n != 1 {
				t.Errorf("%s told %d times", key, n)
			}
		}
	})
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// failFire has the fire inspector inspect B&B id, failing the items fail,
// and returns the inspection.
func failFire(t *testing.T, a *app.App, id int64, fail ...string) *guanjia.Inspection {
	t.Helper()
	ctx := context.Background()
	cl, err := a.Checklist(ctx, guanjia.InspectFire, 0)
	if err != nil {
		t.Fatal(err)
	}
	in := guanjia.InspectionInput{Kind: guanjia.InspectFire, Version: cl.Version}
	for _, it := range cl.Items {
		res := guanjia.ItemPass
		if slices.Contains(fail, it.Code) {
			res = guanjia.ItemFail
		}
		in.Results = append(in.Results, guanjia.ItemResult{Code: it.Code, Result: res})
	}
	x, err := a.Inspect(ctx, actor(t, a, "inspector"), id, in)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestBnBOwnerChange: when the staff give a B&B a new owner, its open
// rectifications move to the new owner's unit of one with a note on the
// timeline (a key and arguments, read in each reader's language); the new
// owner signs for one, the previous owner no longer finds it.
func TestBnBOwnerChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _, _ := testenv.App(t, dsn)
		ctx := context.Background()
		owner, other, dispatcher := actor(t, a, "owner"), actor(t, a, "owner-001"), actor(t, a, "dispatcher")
		b, rects := bnbToRectify(t, a, owner)
		if _, err := a.Act(ctx, owner, rects[0].CaseID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatalf("the owner signs for one: %v", err)
		}
		b.OwnerID = other.UserID
		if err := a.UpdateBnB(ctx, dispatcher, b); err != nil {
			t.Fatal(err)
		}
		if left, err := a.Rectifications(ctx, owner, b.ID, true); err != nil || len(left) != 0 {
			t.Errorf("the previous owner still has %d rectifications (%v)", len(left), err)
		}
		moved, err := a.Rectifications(ctx, other, b.ID, true)
		if err != nil || len(moved) != 2 {
			t.Fatalf("the new owner's rectifications: %d, %v", len(moved), err)
		}
		for _, x := range moved {
			evs, err := a.Timeline(ctx, dispatcher, x.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			last := evs[len(evs)-1]
			if last.NoteKey != guanjia.NoteRectifyOwner || len(last.NoteArgs) != 3 || last.NoteArgs[0] != b.Name || last.NoteArgs[1] != owner.Name {
				t.Errorf("case %s: the last event %+v, want the note of the change of owner", x.Number, last)
			}
		}
		if _, err := a.Act(ctx, owner, rects[1].CaseID, guanjia.Command{Action: guanjia.ActionAccept}); err == nil {
			t.Errorf("the previous owner signs for a moved rectification")
		}
		if _, err := a.Act(ctx, other, rects[1].CaseID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Errorf("the new owner signs for a moved rectification: %v", err)
		}
	})
}
