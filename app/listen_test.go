package app_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/store"
)

// TestLiveAcrossInstances: two instances share one PostgreSQL database,
// each with its own hub polling only once a minute. A case reported through
// instance A reaches a subscriber of B's hub within seconds, so by
// LISTEN/NOTIFY, not the poll. Then both listening connections are killed
// (pg_terminate_backend): the hubs keep running, listen again on new
// connections, and the next case reaches B the same way.
func TestLiveAcrossInstances(t *testing.T) {
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skip("LISTEN/NOTIFY across instances needs PostgreSQL (set " + dbtest.EnvPostgres + "); on SQLite there is one instance, which its own commits wake")
	}
	dsn := dbtest.DSN(t, dbtest.EnginePostgres)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a, _, _ := testenv.App(t, dsn)
	b := secondInstance(t, dsn)
	subA, subB := startHub(ctx, t, a), startHub(ctx, t, b)

	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	listeners := func() map[int]bool {
		rows, err := pg.QueryContext(ctx, `SELECT pid FROM pg_stat_activity
			WHERE datname = current_database() AND application_name = $1 AND query LIKE 'LISTEN%'`, store.ListenApplication)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		pids := map[int]bool{}
		for rows.Next() {
			var pid int
			if err := rows.Scan(&pid); err != nil {
				t.Fatal(err)
			}
			pids[pid] = true
		}
		return pids
	}
	// Each hub listens once it has read its cursor: from then on a commit reaches it.
	testenv.WaitFor(t, 10*time.Second, "both hubs to listen", func() bool { return len(listeners()) == 2 })

	lat, lng := pointIn(t, a, gridOf(t, a))
	first := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng})
	receive(t, subA, first.Case.ID, "A, the writer")
	receive(t, subB, first.Case.ID, "B, by NOTIFY")

	old := listeners()
	for pid := range old {
		var killed bool
		if err := pg.QueryRowContext(ctx, "SELECT pg_terminate_backend($1)", pid).Scan(&killed); err != nil || !killed {
			t.Fatalf("kill listening connection %d: %v, %v", pid, killed, err)
		}
	}
	testenv.WaitFor(t, 10*time.Second, "both hubs to listen again on new connections", func() bool {
		now := listeners()
		for pid := range now {
			if old[pid] {
				return false
			}
		}
		return len(now) == 2
	})
	second := mustReport(t, a, guanjia.Report{Category: "garbage", Lat: lat, Lng: lng})
	receive(t, subB, second.Case.ID, "B, after listening again")
	receive(t, subA, second.Case.ID, "A, after listening again")
}

// secondInstance opens another App over the database dsn, as a second
// guanjia serve on the same PostgreSQL would.
func secondInstance(t *testing.T, dsn string) *app.App {
	t.Helper()
	return instanceOn(t, dsn, testenv.NewClock(testenv.Monday09))
}

// instanceOn opens another App over the database dsn with clock.
func instanceOn(t *testing.T, dsn string, clock *testenv.Clock) *app.App {
	t.Helper()
	return testenv.Instance(t, dsn, app.Options{Now: clock.Now})
}

// startHub runs a hub over a that polls once a minute, far longer than the
// test waits, and returns a subscriber.
func startHub(ctx context.Context, t *testing.T, a *app.App) *live.Sub {
	ctx, cancel := context.WithCancel(ctx)
	hub := live.NewHub(a, a.Changed, time.Minute, nil)
	done := make(chan struct{})
	go func() { hub.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	s, err := hub.Subscribe(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// receive waits a few seconds for the case.created message of case id,
// skipping the other messages of the same commit.
func receive(t *testing.T, s *live.Sub, id int64, who string) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case m, ok := <-s.C:
			if !ok {
				t.Fatalf("%s: the hub dropped its subscriber", who)
			}
			if m.Topic == guanjia.TopicCaseCreated && m.CaseID == id {
				return
			}
		case <-timeout:
			t.Fatalf("%s: case %d not delivered within 5 s (the poll is 1 min)", who, id)
		}
	}
}
