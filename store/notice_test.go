package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestNotices: a notice goes to the approved housekeepers of its scope;
// read receipts count once.
func TestNotices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		u := mustUsers(t, db, 4)
		mustTx(t, db, func(tx *store.Tx) error {
			for i, id := range u {
				h := newKeeper(id, []string{"g1", "g1", "g2", "g1"}[i], 0, 0)
				if i == 3 {
					h.Status = guanjia.HousekeeperSuspended
				}
				if err := tx.CreateHousekeeper(ctx, h); err != nil {
					return err
				}
			}
			return nil
		})
		publish := func(scope, area string) *guanjia.Notice {
			n := &guanjia.Notice{Title: "停水", Body: "周二停水", Scope: scope, Area: area}
			mustTx(t, db, func(tx *store.Tx) error { return tx.CreateNotice(ctx, n) })
			return n
		}
		town, grid, village := publish(guanjia.ScopeTown, ""), publish(guanjia.ScopeGrid, "g1"), publish(guanjia.ScopeVillage, "v-g2")
		if town.Recipients != 3 || grid.Recipients != 2 || village.Recipients != 1 {
			t.Fatalf("recipients %d %d %d, want 3 2 1", town.Recipients, grid.Recipients, village.Recipients)
		}
		read := func(id, user int64) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.MarkNoticeRead(ctx, id, user, t0.Add(time.Hour)) })
		}
		for _, err := range []error{read(grid.ID, u[0]), read(grid.ID, u[0]), read(town.ID, u[2])} {
			if err != nil {
				t.Fatal(err)
			}
		}
		wantCode(t, read(grid.ID, u[2]), guanjia.ENOTFOUND)
		got, err := db.GetNotice(ctx, grid.ID, "")
		if err != nil || got.Recipients != 2 || got.Read != 1 || got.ReadShare() != 0.5 {
			t.Errorf("grid notice: %+v %v", got, err)
		}
		mine, err := db.NoticesFor(ctx, u[0], 10)
		if err != nil || len(mine) != 2 || mine[0].ID != grid.ID || mine[0].ReadAt == nil || mine[1].ReadAt != nil {
			t.Errorf("notices for %d: %+v %v", u[0], mine, err)
		}
	})
}

// TestCursorAndWebhookJobs: a consumer's cursor moves only from where it
// was; webhook jobs wait until due and keep their attempts.
func TestCursorAndWebhookJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		if n, err := db.Cursor(ctx, "points"); err != nil || n != 0 {
			t.Fatalf("fresh cursor %d %v", n, err)
		}
		move := func(from, to int64) error {
			return db.Tx(ctx, func(tx *store.Tx) error { return tx.MoveCursor(ctx, "points", from, to, t0) })
		}
		if err := move(0, 5); err != nil {
			t.Fatal(err)
		}
		wantCode(t, move(0, 7), guanjia.ECONFLICT)
		wantCode(t, move(4, 7), guanjia.ECONFLICT)
		if err := move(5, 9); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.Cursor(ctx, "points"); n != 9 {
			t.Errorf("cursor %d, want 9", n)
		}

		j := &store.WebhookJob{Topic: "mobilisation.created", URL: "http://example.invalid/", Payload: []byte(`{"a":1}`), CreatedAt: t0}
		mustTx(t, db, func(tx *store.Tx) error { return tx.AddWebhookJob(ctx, j) })
		due, err := db.DueWebhookJobs(ctx, t0, 10)
		if err != nil || len(due) != 1 || string(due[0].Payload) != `{"a":1}` {
			t.Fatalf("due: %+v %v", due, err)
		}
		due[0].Attempts, due[0].NextAt, due[0].LastError = 1, t0.Add(time.Minute), "status 500"
		mustTx(t, db, func(tx *store.Tx) error { return tx.RecordWebhookAttempt(ctx, &due[0]) })
		if due, _ := db.DueWebhookJobs(ctx, t0.Add(30*time.Second), 10); len(due) != 0 {
			t.Errorf("a job is due before its retry time")
		}
		now := t0.Add(2 * time.Minute)
		j2 := due[0]
		j2.Attempts, j2.DeliveredAt = 2, &now
		mustTx(t, db, func(tx *store.Tx) error { return tx.RecordWebhookAttempt(ctx, &j2) })
		if due, _ := db.DueWebhookJobs(ctx, now.Add(time.Hour), 10); len(due) != 0 {
			t.Errorf("a delivered job is due")
		}
	})
}
