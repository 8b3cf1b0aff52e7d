package store

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCaseNumberWidth checks that the daily counter outgrows four digits.
func TestCaseNumberWidth(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
		var c guanjia.Case
		err = db.Tx(ctx, func(tx *Tx) error {
			if err := tx.PutJurisdiction(ctx, &guanjia.Jurisdiction{Code: "j", Prefix: "WZ"}); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, "INSERT INTO case_counters (jurisdiction, day, n) VALUES ('j', '20261128', 9999)"); err != nil {
				return err
			}
			c = guanjia.Case{Jurisdiction: "j", Category: "x", CreatedAt: at}
			errs, err := tx.CreateCases(ctx, []NewCase{{Case: &c}})
			if err != nil {
				return err
			}
			return errs[0]
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Number != "WZ-20261128-10000" {
			t.Errorf("Number = %q, want WZ-20261128-10000", c.Number)
		}
	})
}
