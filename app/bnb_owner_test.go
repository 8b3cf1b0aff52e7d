package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestBnBOwnerChangeAfterDeadlock (PostgreSQL): another transaction holds
// a rectification's case and then wants the B&B's row, which the change of
// owner holds while it waits for that case. PostgreSQL gives the change up
// as the deadlock's victim; it runs again once the other has committed,
// and moves each rectification once, with one note.
func TestBnBOwnerChangeAfterDeadlock(t *testing.T) {
	ctx := context.Background()
	dsn := dbtest.Postgres(t)
	a, _, _ := testenv.App(t, dsn)
	raw := testenv.SQL(t, dsn)
	owner, other, dispatcher := actor(t, a, "owner"), actor(t, a, "owner-001"), actor(t, a, "dispatcher")
	b, rects := bnbToRectify(t, a, owner)

	blocker, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback()
	// The blocker waits long before it looks for a deadlock, so that the
	// change, which waits first, is the one PostgreSQL gives up.
	for _, q := range []string{"SET LOCAL deadlock_timeout = '1min'", "SET LOCAL lock_timeout = '30s'"} {
		if _, err := blocker.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := blocker.ExecContext(ctx, "UPDATE cases SET priority = priority WHERE id = $1", rects[1].CaseID); err != nil {
		t.Fatal(err)
	}
	name := b.Name
	done := make(chan error, 1)
	go func() {
		change := *b
		change.OwnerID = other.UserID
		done <- a.UpdateBnB(ctx, dispatcher, &change)
	}()
	testenv.WaitFor(t, 20*time.Second, "the change to wait for the case", func() bool {
		var n int
		err := raw.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE cases%'`).Scan(&n)
		return err == nil && n > 0
	})
	if _, err := blocker.ExecContext(ctx, "UPDATE bnbs SET name = name WHERE id = $1", b.ID); err != nil {
		t.Fatalf("the blocker takes the B&B's row: %v", err)
	}
	if err := blocker.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the change of owner after a deadlock: %v", err)
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
		notes := 0
		for _, e := range evs {
			if e.NoteKey == guanjia.NoteRectifyOwner {
				notes++
			}
		}
		if notes != 1 {
			t.Errorf("case %s: %d notes of the change of owner, want 1", x.Number, notes)
		}
	}
	got, err := a.BnB(ctx, dispatcher, b.ID)
	if err != nil || got.OwnerID != other.UserID || got.Name != name || got.Version != b.Version+1 {
		t.Errorf("the B&B after the change: %+v, %v; want owner %d, version %d", got, err, other.UserID, b.Version+1)
	}
}

// bnbToRectify fails a fire inspection of owner's first B&B on two items
// and returns the B&B and its two open rectifications.
func bnbToRectify(t *testing.T, a *app.App, owner guanjia.Actor) (*guanjia.BnB, []*guanjia.Rectification) {
	t.Helper()
	ctx := context.Background()
	mine, err := a.BnBs(ctx, owner, guanjia.BnBFilter{})
	if err != nil || len(mine) == 0 {
		t.Fatalf("the owner's B&Bs: %v", err)
	}
	b := mine[0]
	failFire(t, a, b.ID, "extinguisher", "wiring")
	rects, err := a.Rectifications(ctx, owner, b.ID, true)
	if err != nil || len(rects) != 2 {
		t.Fatalf("the owner's rectifications: %d, %v", len(rects), err)
	}
	return b, rects
}
