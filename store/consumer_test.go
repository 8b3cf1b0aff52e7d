package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestMigrateOnePlanner: migration 0270 starts the one notification
// planner where the furthest-behind channel kind's consumer had got to, and
// drops the kinds' cursors.
func TestMigrateOnePlanner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := dbMigratedTo(t, dsn, 260)
		at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		mustTx(t, db, func(tx *store.Tx) error {
			for name, to := range map[string]int64{"notify-sms": 40, "notify-wecom": 35, "notify-webhook": 52,
				"notify-dingtalk": 52, "notify-feishu": 52, "notify-email": 52, "points": 7} {
				from, err := tx.Cursor(ctx, name)
				if err != nil {
					return err
				}
				if err := tx.MoveCursor(ctx, name, from, to, at); err != nil {
					return err
				}
			}
			return nil
		})
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, name := range []string{"notify-plan", "notify-sms", "notify-wecom", "points"} {
			id, err := db.Cursor(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			got[name] = id
		}
		want := map[string]int64{"notify-plan": 35, "notify-sms": 0, "notify-wecom": 0, "points": 7}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("cursors after the migration (-want +got):\n%s", diff)
		}
	})
}
