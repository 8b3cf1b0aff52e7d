package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestTimeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		c := mustCreate(t, db, newCase())[0]
		other := mustCreate(t, db, newCase())[0]
		want := []guanjia.Event{
			{CaseID: c.ID, At: t0, Action: guanjia.ActionReport, ActorName: "王阿姨", ActorRole: guanjia.RoleResident,
				To: guanjia.StatusNew, Public: true, Photos: []string{"sha256-a"}},
			{CaseID: c.ID, At: t0.Add(time.Minute), Action: guanjia.ActionDispatch, ActorID: 3, ActorName: "调度员",
				ActorRole: guanjia.RoleDispatcher, From: guanjia.StatusNew, To: guanjia.StatusDispatched, Unit: "cg",
				Note: "请处理", Public: true, Data: map[string]any{"final": true}},
			// The same instant as the previous one: order is by id.
			{CaseID: c.ID, At: t0.Add(time.Minute), Action: guanjia.ActionComment, ActorID: 3, ActorName: "调度员",
				ActorRole: guanjia.RoleDispatcher, From: guanjia.StatusDispatched, To: guanjia.StatusDispatched,
				Unit: "cg", Note: "internal", Data: map[string]any{"n": 1.5, "list": []any{"a"}}},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range want {
				if err := tx.AddEvent(ctx, &want[i]); err != nil {
					return err
				}
				if want[i].ID == 0 {
					t.Errorf("event %d has no ID", i)
				}
				if err := tx.AddEvent(ctx, &guanjia.Event{CaseID: other.ID, Action: guanjia.ActionComment}); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := db.Timeline(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Timeline() (-want +got):\n%s", diff)
		}
		if got, err := db.Timeline(ctx, 999); err != nil || len(got) != 0 {
			t.Errorf("Timeline(999) = %v, %v; want none", got, err)
		}
	})
}

func TestAddEventUnknownCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.AddEvent(ctx, &guanjia.Event{CaseID: 999, Action: guanjia.ActionComment})
		})
		if err == nil {
			t.Fatal("event for a missing case stored")
		}
	})
}

func TestEventsAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		c := mustCreate(t, db, newCase())[0]
		e := &guanjia.Event{CaseID: c.ID, Action: guanjia.ActionReport, Note: "original"}
		mustTx(t, db, func(tx *store.Tx) error { return tx.AddEvent(ctx, e) })
		for _, stmt := range []string{
			"UPDATE events SET note = 'changed'",
			"DELETE FROM events",
		} {
			err := db.Tx(ctx, func(tx *store.Tx) error { return store.ExecForTest(ctx, tx, stmt) })
			if err == nil {
				t.Errorf("%s: succeeded", stmt)
			}
		}
		got, err := db.Timeline(ctx, c.ID)
		if err != nil || len(got) != 1 || got[0].Note != "original" {
			t.Errorf("Timeline() = %v, %v; want the original event", got, err)
		}
	})
}

func TestPublicNotes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		cs := mustCreate(t, db, newCase(), newCase(), newCase())
		a, b, none := cs[0].ID, cs[1].ID, cs[2].ID
		events := []guanjia.Event{
			{CaseID: a, Action: guanjia.ActionComment, Note: "first", Public: true},
			{CaseID: a, Action: guanjia.ActionComment, Note: "latest public", Public: true},
			{CaseID: a, Action: guanjia.ActionComment, Note: "internal", Public: false},
			{CaseID: a, Action: guanjia.ActionAccept, Public: true}, // no note
			{CaseID: b, Action: guanjia.ActionResolve, Note: "fixed", Public: true},
			{CaseID: none, Action: guanjia.ActionReturn, Note: "not ours", Public: false},
		}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range events {
				if err := tx.AddEvent(ctx, &events[i]); err != nil {
					return err
				}
			}
			return nil
		})
		got, err := db.PublicNotes(ctx, []int64{a, b, none, 999})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int64]guanjia.Event{a: events[1], b: events[4]}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PublicNotes() (-want +got):\n%s", diff)
		}
		if got, err := db.PublicNotes(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("PublicNotes(nil) = %v, %v", got, err)
		}
	})
}

// TestByID: CasesByID and EventsByID read many rows in one query, by id,
// leave out the ids of no row, take an id twice, and take none.
func TestByID(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		cs := mustCreate(t, db, newCase(), newCase(), newCase())
		events := []guanjia.Event{{CaseID: cs[0].ID, Action: guanjia.ActionComment, Note: "a", Public: true},
			{CaseID: cs[2].ID, Action: guanjia.ActionComment, Note: "c"}}
		mustTx(t, db, func(tx *store.Tx) error {
			for i := range events {
				if err := tx.AddEvent(ctx, &events[i]); err != nil {
					return err
				}
			}
			return nil
		})
		ids := []int64{cs[2].ID, 999, cs[0].ID, cs[2].ID}
		gotCases, err := db.CasesByID(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		wantCases := map[int64]*guanjia.Case{}
		for _, id := range []int64{cs[0].ID, cs[2].ID} {
			if wantCases[id], err = db.GetCase(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(wantCases, gotCases); diff != "" {
			t.Errorf("CasesByID(%v) (-want +got):\n%s", ids, diff)
		}
		gotEvents, err := db.EventsByID(ctx, []int64{events[1].ID, 999, events[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		wantEvents := map[int64]guanjia.Event{events[0].ID: events[0], events[1].ID: events[1]}
		if diff := cmp.Diff(wantEvents, gotEvents); diff != "" {
			t.Errorf("EventsByID() (-want +got):\n%s", diff)
		}
		if c, err := db.CasesByID(ctx, nil); err != nil || len(c) != 0 {
			t.Errorf("CasesByID(nil) = %v, %v", c, err)
		}
		if e, err := db.EventsByID(ctx, nil); err != nil || len(e) != 0 {
			t.Errorf("EventsByID(nil) = %v, %v", e, err)
		}
	})
}
