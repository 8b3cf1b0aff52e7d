package store_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
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
	db := openLoaded(b, dsn)
	warm := "井盖" // the first search takes the sample of terms
	if _, _, err := db.FindCases(ctx, guanjia.CaseFilter{Text: &warm, Limit: 50}); err != nil {
		b.Fatal(err)
	}
	open := []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}
	b.Run("queue", func(b *testing.B) {
		defer cpuPerOp(b, db)()
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
		defer cpuPerOp(b, db)()
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
	// A grid's cases newest first (its list on the console), and its open
	// cases by deadline (a housekeeper's page).
	first, _, err := db.FindCases(ctx, guanjia.CaseFilter{Limit: 1})
	if err != nil || len(first) == 0 {
		b.Fatal("no case", err)
	}
	grid := first[0].Grid
	gridOpen := []guanjia.Status{guanjia.StatusNew, guanjia.StatusDispatched, guanjia.StatusAccepted, guanjia.StatusResolved}
	for name, f := range map[string]guanjia.CaseFilter{
		"grid-newest": {Grid: &grid, Limit: 50},
		"grid-due":    {Grid: &grid, Status: gridOpen, Sort: "due", Limit: 50},
	} {
		b.Run(name, func(b *testing.B) {
			defer cpuPerOp(b, db)()
			for b.Loop() {
				if _, _, err := db.FindCases(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// The console's chips for its town: cases by status, the overdue, and
	// the requests for more time awaiting a decision.
	town, yes, now := first[0].Jurisdiction, true, time.Now()
	for name, f := range map[string]guanjia.CaseFilter{
		"console-counts":    {Jurisdiction: &town},
		"console-overdue":   {Jurisdiction: &town, Overdue: &yes, Now: now},
		"console-extension": {Jurisdiction: &town, Status: []guanjia.Status{guanjia.StatusAccepted}, Extension: &yes},
	} {
		b.Run(name, func(b *testing.B) {
			defer cpuPerOp(b, db)()
			for b.Loop() {
				if _, err := db.CountCases(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("stats", func(b *testing.B) {
		defer cpuPerOp(b, db)()
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
			defer cpuPerOp(b, db)()
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
	searches := []string{"井盖", "路灯", "垃圾", "桥", "消防通道", "停车场出口", "子夜路12号", "环河路217号", "民宿", "漏水", "楼道", "石佛南路3号附近"}
	var last int64 // and a case number, as the bench searches for
	if err := db.QueryRowForTest(ctx, "SELECT MAX(id) FROM cases").Scan(&last); err != nil {
		b.Fatal(err)
	}
	if c, err := db.GetCase(ctx, max(last/2, 1)); err == nil {
		searches = append(searches, c.Number)
	}
	for _, q := range searches {
		b.Run("search/"+q, func(b *testing.B) {
			defer cpuPerOp(b, db)()
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

// openLoaded opens the loaded town at dsn, applies pending migrations
// and closes it when b ends.
func openLoaded(b *testing.B, dsn string) *store.DB {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// cpuPerOp reports, when the function it returns is called, the process's
// CPU time per operation since (dbtest.CPUPerOp) and, on PostgreSQL on this
// machine, the CPU time of the server's processes that serve db
// (pg-cpu-µs/op, read from /proc; a process that started meanwhile counts
// whole).
func cpuPerOp(b *testing.B, db *store.DB) func() {
	self := dbtest.CPUPerOp(b)
	server := serverCPU(db)
	return func() {
		self()
		if server != nil {
			var d time.Duration
			for pid, t := range serverCPU(db) {
				d += t - server[pid]
			}
			b.ReportMetric(float64(d.Microseconds())/float64(max(b.N, 1)), "pg-cpu-µs/op")
		}
	}
}

// serverCPU returns the CPU time of each PostgreSQL backend of db's
// database, by process id; nil on SQLite or when /proc does not show them
// (another machine).
func serverCPU(db *store.DB) map[int]time.Duration {
	var pids string
	if err := db.QueryRowForTest(context.Background(),
		"SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE datname = current_database()").Scan(&pids); err != nil {
		return nil
	}
	out := map[int]time.Duration{}
	for _, f := range strings.Fields(pids) {
		stat, err := os.ReadFile("/proc/" + f + "/stat")
		if err != nil {
			return nil
		}
		// Fields after the command's closing parenthesis: utime and stime
		// are the 12th and 13th, in clock ticks (100 a second on Linux).
		fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(fields) < 13 {
			return nil
		}
		pid, _ := strconv.Atoi(f)
		u, _ := strconv.ParseInt(fields[11], 10, 64)
		s, _ := strconv.ParseInt(fields[12], 10, 64)
		out[pid] = time.Duration(u+s) * 10 * time.Millisecond
	}
	return out
}
