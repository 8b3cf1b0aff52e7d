package store_test

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/store"
)

// BenchmarkLoadedReads measures the reads `guanjia bench` drives (a unit's
// queue, a case with its timeline, the figures of a month and the one
// before, text searches), through the store alone, on a town an earlier
// `guanjia bench --keep` loaded: GUANJIA_BENCH_DB is its guanjia.db or its
// postgres:// URL. Pending migrations are applied to it. Skipped without
// it: a million cases take minutes to load.
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
		defer cpuPerOp(b)()
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
		defer cpuPerOp(b)()
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
	b.Run("stats", func(b *testing.B) {
		defer cpuPerOp(b)()
		// Last month by unit with its daily trend, and the month before,
		// as GET /api/v1/stats asks the store for them (app.Stats).
		now := time.Now().In(guanjia.TownZone)
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
		from, to := guanjia.ReportDay(first.AddDate(0, -1, 0)), guanjia.ReportDay(first)
		q := guanjia.StatsQuery{FromDay: from, ToDay: to, By: "unit", Now: now, Trend: true}
		pq := guanjia.StatsQuery{FromDay: guanjia.ReportDay(first.AddDate(0, -2, 0)), ToDay: from, By: "unit", Now: now}
		overdue := 0
		for b.Loop() {
			set, err := db.Figures(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := db.Figures(ctx, pq); err != nil {
				b.Fatal(err)
			}
			overdue = set.Total.OverdueNow
		}
		b.ReportMetric(float64(overdue), "overdue")
	})
	for _, by := range []string{"category", "grid"} {
		b.Run("stats-year-by-"+by, func(b *testing.B) {
			defer cpuPerOp(b)()
			// The twelve months before this one and its days so far.
			now := time.Now().In(guanjia.TownZone)
			first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
			q := guanjia.StatsQuery{FromDay: guanjia.ReportDay(first.AddDate(-1, 0, 0)), ToDay: guanjia.ReportDay(now) + 1, By: by, Now: now}
			for b.Loop() {
				if _, err := db.Figures(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, q := range []string{"井盖", "路灯", "垃圾", "桥", "消防通道", "停车场出口", "子夜路12号", "环河路217号", "民宿", "漏水", "楼道", "石佛南路3号附近"} {
		b.Run("search/"+q, func(b *testing.B) {
			defer cpuPerOp(b)()
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

// cpuPerOp reports, when the function it returns is called, the process's
// CPU time per operation since: on a shared machine, steadier than the
// time on the clock. (The database's own processes, on PostgreSQL, are not
// counted.)
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(max(b.N, 1)), "cpu-µs/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
