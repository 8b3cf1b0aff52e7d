package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

func TestCalendarDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := newDB(t, dsn)
		mustTx(t, db, func(tx *store.Tx) error {
			for _, d := range []store.Day{
				{Date: "2026-10-01", Kind: store.DayHoliday, Name: "国庆节"},
				{Date: "2026-10-02", Kind: store.DayHoliday},
				{Date: "2026-10-02", Kind: store.DayHoliday, Name: "国庆节"}, // replaces
			} {
				if err := tx.PutCalendarDay(ctx, d); err != nil {
					return err
				}
			}
			wantCode(t, tx.PutCalendarDay(ctx, store.Day{Date: "2026-10-1", Kind: store.DayHoliday}), guanjia.EINVALID)
			wantCode(t, tx.PutCalendarDay(ctx, store.Day{Date: "2026-10-03", Kind: "weekend"}), guanjia.EINVALID)
			return nil
		})
		got, err := db.CalendarDays(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Day{
			{Date: "2026-10-01", Kind: store.DayHoliday, Name: "国庆节"},
			{Date: "2026-10-02", Kind: store.DayHoliday, Name: "国庆节"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("CalendarDays() (-want +got):\n%s", diff)
		}
	})
}
