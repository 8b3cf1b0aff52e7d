package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// BenchmarkLoadedReads measures the reads `guanjia bench` drives (a unit's
// queue, a case with its timeline, text searches), through the store alone,
// on a town an earlier `guanjia bench --keep` loaded: GUANJIA_BENCH_DB is
// its guanjia.db or its postgres:// URL. Pending migrations are applied to
// it. Skipped without it: a million cases take minutes to load.
func BenchmarkLoadedReads(b *testing.B) {
	dsn := os.Getenv("GUANJIA_BENCH_DB")
	if dsn == "" {
		b.Skip("GUANJIA_BENCH_DB names no loaded town")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	warm := "井盖" // the first search takes the sample of terms
	if _, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: &warm, Limit: 50}); err != nil {
		b.Fatal(err)
	}
	open := []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}
	b.Run("queue", func(b *testing.B) {
		defer dbtest.CPUPerOp(b)()
		units := []string{"urban", "traffic", "sanitation", "water", "power"}
		i := 0
		for b.Loop() {
			u := units[i%len(units)]
			i++
			if _, _, err := db.FindCases(ctx, guanjia.CaseFilter{Unit: &u, Status: open, Sort: "due", Limit: 50}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("case", func(b *testing.B) {
		defer dbtest.CPUPerOp(b)()
		id := int64(1)
		for b.Loop() {
			id = id*7919%900000 + 1
			if _, err := db.GetCase(ctx, id); err != nil {
				b.Fatal(err)
			}
			if _, err := db.Timeline(ctx, id); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, q := range []string{"井盖", "路灯", "垃圾", "桥", "消防通道", "停车场出口", "子夜路12号", "环河路217号", "民宿", "漏水", "楼道", "石佛南路3号附近"} {
		b.Run("search/"+q, func(b *testing.B) {
			defer dbtest.CPUPerOp(b)()
			n := 0
			for b.Loop() {
				cs, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: &q, Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				n = len(cs)
			}
			b.ReportMetric(float64(n), "cases/op")
		})
	}
}
