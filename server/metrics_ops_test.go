package server_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/live"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/store"
)

// TestOperationsMetrics: /metrics tells an operator how far behind the
// outbox's consumers are and whether this instance runs the background
// jobs, read from the database at each scrape.
func TestOperationsMetrics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, db, clock := testenv.App(t, dsn)
		hubCtx, stopHub := context.WithCancel(ctx)
		t.Cleanup(stopHub)
		hub := live.NewHub(a, a.Changed, 50*time.Millisecond, nil)
		go hub.Run(hubCtx)
		srv := httptest.NewServer(server.New(a, server.Options{MetricsToken: metricsToken, Hub: hub}))
		t.Cleanup(srv.Close)
		scrape := func() map[string]float64 { return scrapeMetrics(t, srv) }
		catchUp := func() {
			t.Helper()
			if _, err := a.PlanNotifications(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := a.ProcessPoints(ctx); err != nil {
				t.Fatal(err)
			}
		}
		const (
			planBehind   = `guanjia_outbox_behind_messages{consumer="notify-plan"}`
			planAge      = `guanjia_outbox_behind_seconds{consumer="notify-plan"}`
			pointsBehind = `guanjia_outbox_behind_messages{consumer="points"}`
			pointsAge    = `guanjia_outbox_behind_seconds{consumer="points"}`
			held         = `guanjia_job_lease_held{job="points"}`
			left         = `guanjia_job_lease_remaining_seconds{job="points"}`
			sweepHeld    = `guanjia_job_lease_held{job="sweep"}`
		)
		catchUp()
		m := scrape()
		expect(t, "caught up", m, map[string]float64{`guanjia_operations_up`: 1, planBehind: 0, planAge: 0, pointsBehind: 0, pointsAge: 0,
			`guanjia_live_subscribers`: 0, `guanjia_live_paused`: 0})
		sub, err := hub.Subscribe(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "a console listening", scrape(), map[string]float64{`guanjia_live_subscribers`: 1})
		hub.Unsubscribe(sub)

		if _, err := a.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7453, Lng: 120.4872}); err != nil {
			t.Fatal(err)
		}
		clock.Set(clock.Now().Add(90 * time.Second))
		m = scrape()
		if m[planBehind] < 1 || m[pointsBehind] != m[planBehind] {
			t.Errorf("after a report: %s %v, %s %v; want both the report's messages", planBehind, m[planBehind], pointsBehind, m[pointsBehind])
		}
		expect(t, "a report 90 s ago", m, map[string]float64{planAge: 90, pointsAge: 90})
		if _, err := a.PlanNotifications(ctx); err != nil {
			t.Fatal(err)
		}
		m = scrape()
		if m[planBehind] != 0 || m[pointsBehind] < 1 {
			t.Errorf("planned: %s %v, %s %v; want 0 and the report's messages", planBehind, m[planBehind], pointsBehind, m[pointsBehind])
		}

		// A text due for ten minutes and not sent (no sender runs here),
		// beside those the report's planning made.
		// And a webhook due for five minutes (its receiver refuses).
		m = scrape()
		texts, hooks := m[`guanjia_notifications_due{kind="sms"}`], m[`guanjia_webhooks_due`]
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if err := tx.AddWebhookJob(ctx, &store.WebhookJob{Topic: "points.awarded", URL: "http://127.0.0.1:1/hook",
				Payload: []byte("{}"), NextAt: clock.Now().Add(-5 * time.Minute)}); err != nil {
				return err
			}
			return tx.AddNotification(ctx, &store.Notification{MsgID: "ops-test", Kind: guanjia.ChannelSMS,
				Event: "case.reported", Key: "k", Lang: "zh", NextAt: clock.Now().Add(-10 * time.Minute)})
		})
		if err != nil {
			t.Fatal(err)
		}
		expect(t, "a text and a webhook due", scrape(), map[string]float64{
			`guanjia_notifications_due{kind="sms"}`: texts + 1, `guanjia_notifications_due_seconds{kind="sms"}`: 600,
			`guanjia_webhooks_due`: hooks + 1, `guanjia_webhooks_due_seconds`: 300})

		// The jobs running: this instance holds the points job's lease and
		// the sweep's (which it takes its own way), and hands them on as
		// they stop.
		jobs, stop := context.WithCancel(ctx)
		var wg sync.WaitGroup
		wg.Go(func() { a.RunHousekeeperJobs(jobs, 20*time.Millisecond) })
		wg.Go(func() { a.RunJobs(jobs, time.Hour) })
		deadline := time.Now().Add(10 * time.Second)
		for m = scrape(); m[held] != 1 || m[sweepHeld] != 1 || m[pointsBehind] != 0; m = scrape() {
			if time.Now().After(deadline) {
				stop()
				t.Fatalf("the jobs running: %s %v, %s %v, %s %v; want 1, 1 and 0", held, m[held], sweepHeld, m[sweepHeld], pointsBehind, m[pointsBehind])
			}
			time.Sleep(20 * time.Millisecond)
		}
		if m[left] <= 0 {
			t.Errorf("held: %s %v, want above 0", left, m[left])
		}
		stop()
		wg.Wait()
		m = scrape()
		if m[held] != 0 || m[left] > 0 || m[sweepHeld] != 0 {
			t.Errorf("stopped: %s %v, %s %v, %s %v; want 0, not above 0, and 0", held, m[held], left, m[left], sweepHeld, m[sweepHeld])
		}
	})
}

// scrapeMetrics reads /metrics into a map from each sample's name and
// labels, as written, to its value.
func scrapeMetrics(t *testing.T, srv *httptest.Server) map[string]float64 {
	t.Helper()
	_, body := fetch(t, srv, "GET", "/metrics", http.Header{"Authorization": {"Bearer " + metricsToken}}, nil)
	m := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		m[line[:i]] = v
	}
	return m
}

// expect checks samples of m.
func expect(t *testing.T, when string, m, want map[string]float64) {
	t.Helper()
	for k, v := range want {
		if got, ok := m[k]; !ok || got != v {
			t.Errorf("%s: %s = %v (present %v), want %v", when, k, got, ok, v)
		}
	}
}

// stuckSource is an outbox that a hub reads as having nothing new while
// stuck is set, as a hub that has fallen behind would.
type stuckSource struct {
	live.Source
	stuck atomic.Bool
}

func (s *stuckSource) Messages(ctx context.Context, after int64, limit int) ([]guanjia.Message, error) {
	if s.stuck.Load() {
		return nil, nil
	}
	return s.Source.Messages(ctx, after, limit)
}

// TestLiveLagMetrics: /metrics says how many outbox messages this
// instance's consoles have not been sent yet, and how old the oldest is.
func TestLiveLagMetrics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, _, clock := testenv.App(t, dsn)
		src := &stuckSource{Source: a}
		hubCtx, stopHub := context.WithCancel(ctx)
		t.Cleanup(stopHub)
		hub := live.NewHub(src, a.Changed, 20*time.Millisecond, nil)
		go hub.Run(hubCtx)
		srv := httptest.NewServer(server.New(a, server.Options{MetricsToken: metricsToken, Hub: hub}))
		t.Cleanup(srv.Close)
		const behind, behindAge = `guanjia_live_behind_messages`, `guanjia_live_behind_seconds`
		report := func() {
			t.Helper()
			if _, err := a.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7453, Lng: 120.4872}); err != nil {
				t.Fatal(err)
			}
		}
		// waitFor scrapes until the hub has caught up (or not) with the outbox.
		waitFor := func(when string, caughtUp bool) map[string]float64 {
			t.Helper()
			deadline := time.Now().Add(10 * time.Second)
			for {
				m := scrapeMetrics(t, srv)
				if (m[behind] == 0) == caughtUp {
					return m
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: %s = %v", when, behind, m[behind])
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		report()
		expect(t, "delivering", waitFor("delivering", true), map[string]float64{behind: 0, behindAge: 0})

		src.stuck.Store(true)
		report()
		clock.Set(clock.Now().Add(45 * time.Second))
		report()
		m := waitFor("stuck", false)
		if m[behind] < 2 {
			t.Errorf("stuck after two reports: %s = %v, want both reports' messages", behind, m[behind])
		}
		expect(t, "stuck 45 s", m, map[string]float64{behindAge: 45})

		src.stuck.Store(false)
		report() // a commit wakes the hub
		expect(t, "caught up", waitFor("caught up", true), map[string]float64{behind: 0, behindAge: 0})
	})
}
