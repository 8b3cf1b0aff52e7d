package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/store"
)

// BenchmarkCreateCases measures the writer's work for new cases as
// intake under load gives it (store.GroupCreate): groups of 1, 16 and 64
// cases a transaction, each case with its report and dispatch events, its
// reporter as a follower and its two outbox messages, on a durable SQLite
// database with 5,000 cases on file. An op is one case; cpu-µs/op is the
// process's CPU a case, steadier than the clock on a shared machine.
func BenchmarkCreateCases(b *testing.B) {
	for _, group := range []int{1, 16, 64} {
		b.Run("group="+strconv.Itoa(group), func(b *testing.B) {
			ctx := context.Background()
			dsn := dbtest.SQLite(b)
			if _, err := intakeTown.CopyInto(ctx, dsn); err != nil {
				b.Fatal(err)
			}
			db, err := store.Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			r, at := rand.New(rand.NewPCG(3, 4)), intakeStart.Add(time.Hour)
			b.ResetTimer()
			defer dbtest.CPUPerOp(b)()
			for done := 0; done < b.N; done += group {
				ncs := make([]store.NewCase, min(group, b.N-done))
				for i := range ncs {
					at = at.Add(2 * time.Second)
					ncs[i] = intakeCase(r, at)
				}
				if err := writeGroup(ctx, db, ncs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// intakeStart is when the cases of intakeTown begin, 5,000 of them two
// seconds apart.
var intakeStart = t0.Add(-30 * 24 * time.Hour)

// intakeTown is a town with 5,000 cases on file, written 250 to a
// transaction.
var intakeTown = dbtest.NewTemplate("store intake town", func(ctx context.Context, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := migrateWithJurisdictions(ctx, db); err != nil {
		return err
	}
	r, at := rand.New(rand.NewPCG(1, 2)), intakeStart
	for range 5000 / 250 {
		ncs := make([]store.NewCase, 250)
		for i := range ncs {
			at = at.Add(2 * time.Second)
			ncs[i] = intakeCase(r, at)
		}
		if err := writeCases(ctx, db, ncs); err != nil {
			return err
		}
	}
	return nil
})

// writeGroup is writeCases for the cases measured, by a name of its own
// for profiles and for callgrind's --toggle-collect, which counts the
// instructions of the measured groups alone (the build without cgo and
// without asynchronous preemption, whose signals callgrind cannot follow):
//
//	CGO_ENABLED=0 go test -c -o store.test ./store
//	GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --toggle-collect='*store_test.writeGroup' \
//	  ./store.test -test.run '^$' -test.bench 'CreateCases/group=16$' -test.benchtime 1024x
//
//go:noinline
func writeGroup(ctx context.Context, db *store.DB, ncs []store.NewCase) error {
	return writeCases(ctx, db, ncs)
}

// writeCases writes ncs in one transaction, as a group commit does.
func writeCases(ctx context.Context, db *store.DB, ncs []store.NewCase) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		errs, err := tx.CreateCases(ctx, ncs)
		for _, e := range errs {
			if err == nil {
				err = e
			}
		}
		return err
	})
}

// intakeCase is a new case as app.Report makes one for an Open311 report
// that a routing rule dispatches at once.
func intakeCase(r *rand.Rand, at time.Time) store.NewCase {
	cats := []string{"garbage", "illegal-parking", "streetlight", "noise", "road-damage", "water"}
	units := []string{"urban", "traffic", "sanitation", "water", "power"}
	i := r.IntN(len(cats))
	c := &guanjia.Case{
		Jurisdiction: wuzhen, Status: guanjia.StatusDispatched, Category: cats[i], Unit: units[i%len(units)], Priority: 3,
		Lat: 30.70 + r.Float64()*0.08, Lng: 120.44 + r.Float64()*0.08, Address: fmt.Sprintf("乌镇镇子夜路%d号附近", r.IntN(300)),
		Description: "路边堆了一大堆生活垃圾，已经有异味了。", Grid: fmt.Sprintf("g%02d", r.IntN(40)),
		Village: fmt.Sprintf("3304831002%02d", r.IntN(12)), Channel: guanjia.ChannelOpen311, CreatedAt: at,
		ReporterName: "王先生", ReporterPhone: fmt.Sprintf("138%08d", r.IntN(1e8)),
		TrackingHash: fmt.Sprintf("%064x", r.Uint64()),
	}
	due, dispatched := at.Add(4*time.Hour), at
	c.SignDueAt, c.DispatchedAt = &due, &dispatched
	report := &guanjia.Event{At: at, Action: guanjia.ActionReport, To: guanjia.StatusNew, Note: c.Description, Public: true}
	dispatch := &guanjia.Event{At: at, Action: guanjia.ActionDispatch, From: guanjia.StatusNew, To: guanjia.StatusDispatched,
		Unit: c.Unit, Public: true}
	return store.NewCase{Case: c, Events: []*guanjia.Event{report, dispatch},
		Follower: &store.Follower{TrackingHash: c.TrackingHash, Kind: store.FollowerReporter, CreatedAt: at},
		Messages: func() ([]*guanjia.Message, error) {
			payload := []byte(`{"case":{"id":` + strconv.FormatInt(c.ID, 10) + `,"number":"` + c.Number +
				`","status":"dispatched","category":"` + c.Category + `","unit":"` + c.Unit + `"}}`)
			return []*guanjia.Message{
				{Topic: guanjia.TopicCaseCreated, CaseID: c.ID, EventID: report.ID, Payload: payload},
				{Topic: guanjia.TopicCaseChanged, CaseID: c.ID, EventID: dispatch.ID, Payload: payload},
			}, nil
		}}
}
