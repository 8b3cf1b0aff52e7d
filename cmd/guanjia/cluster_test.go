package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/store"
)

// Sizes of the cluster test: instances, cases the handler works on, and
// reports acknowledged before the kill, while the instance is down, and
// after it is back.
const (
	clusterInstances = 3
	clusterCases     = 20
	clusterPhase     = 30
)

// TestCluster runs three `guanjia serve` processes on one PostgreSQL
// database behind a round-robin load balancer, under concurrent intake
// (/api/v1 and Open311, each report sent again with its client_id until
// it is answered) and a handler accepting and resolving cases. A console
// follows the live feed on each instance. One instance is killed with
// SIGKILL mid-run and later started again; a console whose instance dies
// resumes through the balancer with Last-Event-ID. At the end: every
// answered report is there once; every answered action is on its case's
// timeline once (an action sent again after an unanswered one may find
// it done); and every console received every outbox message exactly
// once, in id order.
func TestCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("cluster: builds the program and runs three; skipped with -short")
	}
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skipf("cluster: several instances share one PostgreSQL database; set %s to run it", dbtest.EnvPostgres)
	}
	data, dsn := newTownDSN(t, dbtest.EnginePostgres)
	runCluster(t, data, clusterDB{dsn: dsn}, clusterInstances, []clusterStep{
		{"before the kill", func(procs []*process) { procs[1].kill() }},
		{"while an instance is down", func(procs []*process) { procs[1].start() }},
		{"after the restart", nil},
	})
}

// clusterStep is a phase of a cluster run: clusterPhase reports answered,
// and then what happens next (nil for nothing).
type clusterStep struct {
	name string
	then func(procs []*process)
}

// clusterDB is where a cluster run's instances find the database: dsn,
// and, behind a pooler, direct (their --db-direct), which the test itself
// also uses.
type clusterDB struct{ dsn, direct string }

// own is the URL for the test's own connections.
func (c clusterDB) own() string {
	if c.direct != "" {
		return c.direct
	}
	return c.dsn
}

// serve returns the arguments of `guanjia serve` on the database with
// its data directory data.
func (c clusterDB) serve(data string) []string {
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--db", c.dsn}
	if c.direct != "" {
		args = append(args, "--db-direct", c.direct)
	}
	return args
}

// runCluster seeds the town on the database and runs instances `guanjia
// serve` processes on it behind a balancer, each with a console following
// it, under concurrent intake and a handler's actions, through steps; then
// it checks that every answered report and action is there once and that
// every console received every outbox message once, in id order.
func runCluster(t *testing.T, data string, cdb clusterDB, instances int, steps []clusterStep) {
	t.Helper()
	bin := buildProgram(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var f clusterFixture
	dsn := cdb.own()
	seedTown(t, data, dsn, 0, func(a *app.App) { f = newClusterFixture(t, a, dsn) })
	base := lastMessageID(t, dsn)

	procs := make([]*process, instances)
	for i := range procs {
		procs[i] = &process{t: t, bin: bin, args: cdb.serve(data)}
		procs[i].start()
		defer procs[i].kill()
	}
	lb := newBalancer(procs)
	defer lb.Close()

	follow, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	var followers sync.WaitGroup
	consoles := make([]*console, instances)
	for i, p := range procs {
		consoles[i] = &console{name: fmt.Sprintf("console %d", i), token: f.admin, last: base}
		addr, _ := p.current()
		followers.Go(func() { consoles[i].follow(follow, addr, lb.URL()) })
	}

	acks := make(chan ack, 16)
	stop := make(chan struct{})
	var writers sync.WaitGroup
	var resent atomic.Int64
	for i, key := range f.keys {
		writers.Go(func() { clusterReporter(ctx, t, lb.URL(), key, i%2 == 1, stop, acks, &resent) })
	}
	h := &handlerDesk{t: t, lb: lb.URL(), token: f.handler, acked: map[int64][]guanjia.Action{}}
	writers.Go(func() { h.work(ctx, f.cases, &resent) })

	got := answered(ctx, t, steps, procs, acks, stop, &writers)

	db := mustOpenSQL(t, dsn)
	defer db.Close()
	last := lastMessageID(t, dsn)
	for _, c := range consoles {
		testenv.WaitFor(t, time.Minute, c.name+" to catch up", func() bool { return c.seen() >= last })
	}
	stopFollowing()
	followers.Wait()

	checkClusterIntake(t, dsn, db, got)
	actionEvents := h.check(t, db)
	checkConsoles(t, db, consoles, base, last, actionEvents)
	t.Logf("%d reports and %d actions answered; %d sent again; %d refused connections retried by the balancer",
		len(got), len(actionEvents), resent.Load(), lb.refused.Load())
}

// answered runs steps, collecting the reports answered meanwhile (client_id:
// case number), then stops the writers and collects the rest.
func answered(ctx context.Context, t *testing.T, steps []clusterStep, procs []*process, acks chan ack, stop chan struct{}, writers *sync.WaitGroup) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, step := range steps {
		for n := 0; n < clusterPhase; n++ {
			select {
			case a := <-acks:
				got[a.clientID] = a.number
			case <-ctx.Done():
				t.Fatalf("%s: %d reports answered: %v\n%s", step.name, len(got), ctx.Err(), procs[min(1, len(procs)-1)].logs())
			}
		}
		if step.then != nil {
			step.then(procs)
		}
	}
	close(stop)
	go func() { writers.Wait(); close(acks) }()
	for a := range acks {
		got[a.clientID] = a.number
	}
	if ctx.Err() != nil {
		t.Fatalf("the writers did not finish: %v", ctx.Err())
	}
	return got
}

// clusterFixture is what the cluster test's clients use: resident tokens
// and Open311 keys (alternating), a handler's and an admin's tokens, and
// cases with the handler's unit.
type clusterFixture struct {
	keys           []string
	handler, admin string
	cases          []int64
}

func newClusterFixture(t *testing.T, a *app.App, dsn string) clusterFixture {
	t.Helper()
	ctx := context.Background()
	var f clusterFixture
	for i := range 4 {
		var key string
		var err error
		if i%2 == 1 {
			key, err = a.CreateOpen311Key(ctx, fmt.Sprintf("cluster client %d", i), "")
		} else {
			// The dispatcher takes reports by phone: staff report
			// without the residents' hourly limit.
			key, err = a.CreateAPIToken(ctx, "dispatcher", fmt.Sprintf("desk %d", i))
		}
		if err != nil {
			t.Fatal(err)
		}
		f.keys = append(f.keys, key)
	}
	var err error
	if f.handler, err = a.CreateAPIToken(ctx, "handler-sanitation", "workbench"); err != nil {
		t.Fatal(err)
	}
	if f.admin, err = a.CreateAPIToken(ctx, "admin", "console"); err != nil {
		t.Fatal(err)
	}
	f.cases = reportGarbage(t, a, dsn, clusterCases)
	return f
}

// reportGarbage has the demo resident report n heaps of garbage, which go
// to sanitation, and returns the cases' ids.
func reportGarbage(t *testing.T, a *app.App, dsn string, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	users := mustOpen(t, dsn)
	defer users.Close()
	res, err := users.GetUserByUsername(ctx, "resident")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for range n {
		rec, err := a.Report(ctx, guanjia.ActorOf(res), guanjia.Report{Category: "garbage", Lat: 30.745, Lng: 120.487})
		if err != nil || rec.Case.Unit != "sanitation" {
			t.Fatalf("report: %+v %v", rec, err)
		}
		ids = append(ids, rec.Case.ID)
	}
	return ids
}

// clusterReporter reports through the balancer until stop is closed, each
// report until it is answered 2xx, sending it again with the same
// client_id after a failure.
func clusterReporter(ctx context.Context, t *testing.T, lb, key string, open311 bool, stop <-chan struct{}, acks chan<- ack, resent *atomic.Int64) {
	r := reporter{key: key, open311: open311}
	client := &http.Client{Timeout: 20 * time.Second}
	for {
		select {
		case <-stop:
			return
		default:
		}
		cid := newClientID(t)
		for {
			number, err := r.report(ctx, client, lb, cid)
			if ctx.Err() != nil {
				return
			} else if err == nil {
				acks <- ack{cid, number}
				break
			} else if strings.Contains(err.Error(), "status 4") {
				t.Errorf("report %s: %v", cid, err)
				return
			}
			resent.Add(1)
			time.Sleep(10 * time.Millisecond) // a phone waits before it sends again
		}
	}
}

// checkClusterIntake checks that every answered report is there with its
// number and that no client_id has two cases.
func checkClusterIntake(t *testing.T, dsn string, db *sql.DB, answered map[string]string) {
	t.Helper()
	checkAnswered(t, dsn, answered)
	var cases, clientIDs int
	err := db.QueryRow("SELECT COUNT(*), COUNT(DISTINCT client_id) FROM cases WHERE client_id <> ''").Scan(&cases, &clientIDs)
	if err != nil {
		t.Fatal(err)
	}
	if cases != clientIDs || cases != len(answered) {
		t.Errorf("%d cases with %d client_ids, want %d of each (one per answered report)", cases, clientIDs, len(answered))
	}
}

// checkConsoles checks that every console received every outbox message
// after base up to last, once each, in id order, among them those of the
// answered actions' events. Messages after last are not judged: the
// sweep's reminders (due within two hours, which depends on the time of
// day in the town's working hours) may be written after last was read.
func checkConsoles(t *testing.T, db *sql.DB, consoles []*console, base, last int64, actionEvents []int64) {
	t.Helper()
	rows, err := db.Query("SELECT id, event_id FROM messages WHERE id > $1 AND id <= $2 ORDER BY id", base, last)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	byEvent := map[int64]int64{}
	for rows.Next() {
		var id, ev int64
		if err := rows.Scan(&id, &ev); err != nil {
			t.Fatal(err)
		}
		want = append(want, id)
		byEvent[ev] = id
	}
	rows.Close()
	for _, ev := range actionEvents {
		if byEvent[ev] == 0 {
			t.Errorf("the answered action's event %d has no outbox message", ev)
		}
	}
	for _, c := range consoles {
		c.mu.Lock()
		var ids []int64
		for _, id := range c.ids {
			if id <= last {
				ids = append(ids, id)
			}
		}
		c.mu.Unlock()
		if len(ids) == len(want) && equalIDs(ids, want) {
			continue
		}
		seen := map[int64]int{}
		for _, id := range ids {
			seen[id]++
		}
		var missed, twice []int64
		for _, id := range want {
			if seen[id] == 0 {
				missed = append(missed, id)
			} else if seen[id] > 1 {
				twice = append(twice, id)
			}
		}
		var disorder []int64 // a message received after a later one
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				disorder = append(disorder, ids[i])
			}
		}
		t.Errorf("%s (%d reconnects) received %d messages, want %d in id order: missed %v, twice %v, out of order %v",
			c.name, c.reconnects, len(ids), len(want), first(missed), first(twice), first(disorder))
	}
}

func equalIDs(a, b []int64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// first returns up to ten of ids, for a message.
func first(ids []int64) []int64 { return ids[:min(len(ids), 10)] }

// lastMessageID returns the newest outbox message's id.
func lastMessageID(t *testing.T, dsn string) int64 {
	t.Helper()
	db := mustOpen(t, dsn)
	defer db.Close()
	id, err := db.LastMessageID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// mustOpenSQL opens the PostgreSQL database at dsn with database/sql,
// each host's connection attempt bounded as Guanjia's are (a silent first
// host, in TestPartition, would cost a new connection minutes).
func mustOpenSQL(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	dsn += fmt.Sprintf("%sconnect_timeout=%d", sep, int(store.PostgresConnectTimeout.Seconds()))
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
