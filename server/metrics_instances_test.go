package server_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
)

// TestInstanceMetrics: /metrics counts the instances serving the database
// (those that record themselves, app.RunInstance), those not seen for a
// while, and those whose release is older than the schema; and says when
// the schema has migrations this instance's release does not have.
func TestInstanceMetrics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := testenv.App(t, dsn)
		srv := httptest.NewServer(server.New(a, server.Options{MetricsToken: metricsToken}))
		t.Cleanup(srv.Close)
		const serving, older, gone, ahead = `guanjia_instances{state="serving"}`, `guanjia_instances{state="older"}`,
			`guanjia_instances{state="gone"}`, `guanjia_schema_ahead_migrations`
		expect(t, "no instance yet", scrapeMetrics(t, srv), map[string]float64{serving: 0, older: 0, gone: 0, ahead: 0})

		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); a.RunInstance(runCtx, time.Hour) }()
		deadline := time.Now().Add(10 * time.Second)
		for scrapeMetrics(t, srv)[serving] != 1 {
			if time.Now().After(deadline) {
				t.Fatal("the instance running does not count as serving")
			}
			time.Sleep(20 * time.Millisecond)
		}
		// The test's clock stands at Monday09, far behind the database's:
		// the instance says how far.
		at, err := db.Clock(ctx)
		if err != nil {
			t.Fatal(err)
		}
		const clockAhead = "guanjia_clock_ahead_seconds"
		want := clock.Now().Sub(at).Seconds()
		if got, ok := scrapeMetrics(t, srv)[clockAhead]; !ok || got > want+60 || got < want-60 || got > -3600 {
			t.Errorf("%s = %v (present %v), want about %.0f", clockAhead, got, ok, want)
		}
		// One instance killed a while ago, one of an older release, as
		// the database's clock sees them.
		now := at
		err = db.Tx(ctx, func(tx *store.Tx) error {
			for _, in := range []store.Instance{
				{ID: "b-1-1", Host: "b", PID: 1, Started: now.Add(-time.Hour), Release: "0ld", Schema: db.SchemaKnown(), Seen: now.Add(-5 * time.Minute)},
				{ID: "c-2-2", Host: "c", PID: 2, Started: now.Add(-time.Hour), Release: "0lder", Schema: 1, Seen: now},
			} {
				if err := tx.SeeInstance(ctx, in); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "one killed, one older", scrapeMetrics(t, srv), map[string]float64{serving: 1, older: 1, gone: 1, ahead: 0})

		// A newer release migrates: every instance here is older.
		testenv.NewerRelease(t, dsn)
		expect(t, "after a newer release migrated", scrapeMetrics(t, srv), map[string]float64{serving: 0, older: 2, gone: 1, ahead: 1})

		// An instance that stops removes itself.
		stop()
		<-done
		expect(t, "after it stopped", scrapeMetrics(t, srv), map[string]float64{serving: 0, older: 1, gone: 1, ahead: 1})
	})
}
