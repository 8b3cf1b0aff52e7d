package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// TestChangeOfARowFromBeforeItsTimes: a case signed for before migration
// 0080 knew how long signing took has a row of case_stats that says signed
// without the seconds or the step of the ladder. A change of it takes off
// the part that stat_days counts for that row, not the part a row with
// them would have: the figures stay what case_stats makes.
func TestChangeOfARowFromBeforeItsTimes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		store.SetStatFlushDelay(t, time.Hour)
		db := newDB(t, dsn)
		cs := caseSet(3)
		mustCreate(t, db, cs...)
		mustTx(t, db, func(tx *store.Tx) error {
			return store.ExecForTest(ctx, tx, "UPDATE case_stats SET signed = 1, sign_on_time = 1, sign_secs = NULL, sign_bucket = NULL WHERE case_id = ?", cs[0].ID)
		})
		if err := db.RebuildStats(ctx); err != nil {
			t.Fatal(err)
		}
		mustTx(t, db, func(tx *store.Tx) error { return recordDispatch(ctx, tx, cs[0]) })
		checkFolded(t, db)
	})
}
