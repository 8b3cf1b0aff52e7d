package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// BenchmarkCreateCase measures intake on SQLite as the application does it:
// one transaction with the case, its report event and its outbox message;
// durable (synchronous=FULL, the default) and, to show the cost of the
// disk, without waiting for it.
func BenchmarkCreateCase(b *testing.B) {
	for _, durable := range []bool{true, false} {
		b.Run(map[bool]string{true: "durable", false: "nosync"}[durable], func(b *testing.B) {
			ctx := context.Background()
			db := newDB(b, dbtest.SQLite(b))
			if err := db.SetDurable(ctx, durable); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := db.Tx(ctx, func(tx *store.Tx) error { return intake(ctx, tx) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func intake(ctx context.Context, tx *store.Tx) error {
	c := newCase()
	if err := createCase(ctx, tx, c); err != nil {
		return err
	}
	e := &guanjia.Event{CaseID: c.ID, At: c.CreatedAt, Action: guanjia.ActionReport, To: c.Status, Public: true}
	if err := tx.AddEvent(ctx, e); err != nil {
		return err
	}
	return tx.AddMessage(ctx, &guanjia.Message{Topic: guanjia.TopicCaseCreated, CaseID: c.ID, EventID: e.ID, Payload: []byte(`{}`)})
}

// BenchmarkFindCasesQueue measures the console's queries on SQLite with
// 50,000 cases: a unit's work queue by deadline, the town's overdue cases, a
// text search and the newest cases.
func BenchmarkFindCasesQueue(b *testing.B) {
	ctx := context.Background()
	db := newDB(b, dbtest.SQLite(b))
	seed(b, db, 50000)
	open := []guanjia.Status{guanjia.StatusDispatched, guanjia.StatusAccepted}
	for _, bc := range []struct {
		name string
		f    guanjia.CaseFilter
	}{
		{"unit queue", guanjia.CaseFilter{Unit: ptr("u03"), Status: open, Sort: "due"}},
		{"overdue", guanjia.CaseFilter{Overdue: ptr(true), Now: now, Sort: "due"}},
		{"text", guanjia.CaseFilter{Text: ptr("bridge 12")}},
		{"newest", guanjia.CaseFilter{}},
		{"near", guanjia.CaseFilter{Near: &guanjia.Circle{Lat: 30.745, Lng: 120.487, Radius: 300}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.f.Limit = 50
			n := 0
			for b.Loop() {
				cs, _, err := db.FindCases(ctx, bc.f)
				if err != nil {
					b.Fatal(err)
				}
				n = len(cs)
			}
			b.ReportMetric(float64(n), "cases/op")
		})
	}
}

// seed stores n cases spread over 20 units, 40 grids and 90 days.
func seed(b *testing.B, db *store.DB, n int) {
	b.Helper()
	ctx := context.Background()
	if err := db.SetDurable(ctx, false); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	mustTx(b, db, func(tx *store.Tx) error {
		for i := range n {
			c := newCase(func(c *guanjia.Case) {
				c.Status = guanjia.Statuses[rng.IntN(5)]
				c.Unit = fmt.Sprintf("u%02d", rng.IntN(20))
				c.Grid = fmt.Sprintf("g%02d", rng.IntN(40))
				c.Category = fmt.Sprintf("c%02d", rng.IntN(30))
				c.Description = fmt.Sprintf("report %d near bridge %d", i, rng.IntN(100))
				c.Lat, c.Lng = 30.745+(rng.Float64()-0.5)*0.1, 120.487+(rng.Float64()-0.5)*0.1
				c.CreatedAt = t0.Add(-time.Duration(rng.IntN(90*24*60)) * time.Minute)
				due := now.Add(time.Duration(rng.IntN(96)-48) * time.Hour)
				c.SignDueAt, c.ResolveDueAt = &due, &due
			})
			if err := createCase(ctx, tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err := db.SetDurable(ctx, true); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCaseChange measures what a change of a case costs the figures,
// on each engine: a transaction that moves one case's part (RecordCaseStat:
// its case_stats row, and its rows of stat_days as the transaction
// commits), the cases dispatched and taken back in turn, without waiting
// for the disk (SetDurable false), whose flush would hide the work. On
// PostgreSQL that includes the folds' lock, taken shared
// (store/stat_pending.go).
func BenchmarkCaseChange(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			store.SetStatFlushDelay(b, time.Hour)
			db := newDB(b, dbtest.DSN(b, engine))
			if err := db.SetDurable(ctx, false); err != nil {
				b.Fatal(err)
			}
			cs := caseSet(200)
			for _, c := range cs {
				c.Status, c.Unit = guanjia.StatusNew, ""
			}
			mustCreate(b, db, cs...)
			if err := db.FlushStats(ctx); err != nil {
				b.Fatal(err)
			}
			i := 0
			for b.Loop() {
				c := cs[i%len(cs)]
				i++
				e := &guanjia.Event{CaseID: c.ID, At: t0.Add(time.Duration(i) * time.Second)}
				if c.Status == guanjia.StatusDispatched {
					e.Action, e.From, e.To = guanjia.ActionReturn, c.Status, guanjia.StatusNew
					c.Status, c.Unit = guanjia.StatusNew, ""
				} else {
					e.Action, e.From, e.To, e.Unit = guanjia.ActionDispatch, c.Status, guanjia.StatusDispatched, "cg"
					c.Status, c.Unit = guanjia.StatusDispatched, "cg"
				}
				if err := db.Tx(ctx, func(tx *store.Tx) error { return tx.RecordCaseStat(ctx, c, e, nil) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
