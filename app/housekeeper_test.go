package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// committeeLead returns the lead of the committee of grid's village, and
// of another village's.
func committeeLead(t *testing.T, a *app.App, grid string) (own, other guanjia.Actor) {
	t.Helper()
	g, err := a.Store().GetGrid(context.Background(), grid)
	if err != nil {
		t.Fatal(err)
	}
	units, _ := a.Units(context.Background())
	for _, u := range units {
		if u.Kind != guanjia.UnitCommittee {
			continue
		}
		if u.Village == g.Village {
			own = actor(t, a, "lead-"+u.Code)
		} else if other.UserID == 0 {
			other = actor(t, a, "lead-"+u.Code)
		}
	}
	return own, other
}

// TestHousekeeperRegistration: a resident applies; only their village's
// committee decides; approval makes them a housekeeper of the grid,
// suspension a resident again; a declined applicant may apply again.
func TestHousekeeperRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		a, _ := newApp(t, dsn)
		ctx := context.Background()
		res := actor(t, a, "resident")
		grid := actor(t, a, "housekeeper").Grid
		ap := guanjia.Application{Name: "张秀英", Phone: "13957300003", Occupation: guanjia.OccupationRetiree, Grid: grid, Households: 15}
		h, err := a.ApplyHousekeeper(ctx, res, ap)
		if err != nil {
			t.Fatal(err)
		}
		if h.Status != guanjia.HousekeeperPending || h.Village == "" || h.Lat == 0 {
			t.Fatalf("application: %+v", h)
		}
		if _, err := a.ApplyHousekeeper(ctx, res, ap); guanjia.ErrorCode(err) != guanjia.ECONFLICT {
			t.Errorf("applying twice: %v", err)
		}
		own, other := committeeLead(t, a, grid)
		if _, err := a.DecideHousekeeper(ctx, other, h.ID, guanjia.DecisionApprove, ""); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another village's committee decides: %v", err)
		}
		if _, err := a.DecideHousekeeper(ctx, actor(t, a, "dispatcher"), h.ID, guanjia.DecisionApprove, ""); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("the dispatcher decides: %v", err)
		}
		role := func() (guanjia.Role, string) {
			u, err := a.Store().GetUser(ctx, res.UserID)
			if err != nil {
				t.Fatal(err)
			}
			return u.Role, u.Grid
		}
		steps := []struct {
			d      guanjia.HousekeeperDecision
			reason string
			status guanjia.HousekeeperStatus
			role   guanjia.Role
		}{
			{guanjia.DecisionDecline, "名额已满", guanjia.HousekeeperDeclined, guanjia.RoleResident},
			{guanjia.DecisionApprove, "", guanjia.HousekeeperApproved, guanjia.RoleHousekeeper},
			{guanjia.DecisionSuspend, "长期未履职", guanjia.HousekeeperSuspended, guanjia.RoleResident},
			{guanjia.DecisionApprove, "", guanjia.HousekeeperApproved, guanjia.RoleHousekeeper},
		}
		for i, s := range steps {
			if i == 1 { // declined: apply again
				if h, err = a.ApplyHousekeeper(ctx, res, ap); err != nil || h.Status != guanjia.HousekeeperPending {
					t.Fatalf("apply again: %+v %v", h, err)
				}
			}
			got, err := a.DecideHousekeeper(ctx, own, h.ID, s.d, s.reason)
			if err != nil || got.Status != s.status {
				t.Fatalf("%s: %+v %v", s.d, got, err)
			}
			if r, g := role(); r != s.role || (r == guanjia.RoleHousekeeper && g != grid) {
				t.Errorf("after %s the account is %s of %q", s.d, r, g)
			}
		}
		for _, tt := range []struct {
			who  guanjia.Actor
			want int
		}{
			{guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: demo.Town.Code}, 62}, // 61 demo + 1
			{guanjia.Actor{Role: guanjia.RoleDispatcher, Jurisdiction: demo.Towns[0].Code}, 3},
			{guanjia.Actor{Role: guanjia.RoleLeader, Jurisdiction: demo.County.Code}, 68}, // and Chongfu's 3
		} {
			cov, err := a.Coverage(ctx, tt.who, "")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range cov.Grids {
				n += c.Housekeepers
			}
			if n != cov.Total.Housekeepers || n != tt.want || cov.Total.Gap <= 0 {
				t.Errorf("coverage for %s of %s: %d housekeepers in grids, total %+v; want %d", tt.who.Role, tt.who.Jurisdiction, n, cov.Total, tt.want)
			}
		}
	})
}

// TestMobiliseWebhook: mobilising housekeepers near a case queues a webhook
// job that a recording server receives, after a retry.
func TestMobiliseWebhook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		var mu sync.Mutex
		var bodies []map[string]any
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			if calls == 1 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			var body map[string]any
			b, _ := io.ReadAll(r.Body)
			json.Unmarshal(b, &body)
			bodies = append(bodies, body)
		}))
		defer srv.Close()
		a, clock := newWebhookApp(t, dsn, srv.URL)
		ctx := context.Background()
		k := actor(t, a, "housekeeper")
		l := &loop{t: t, a: a, clock: clock, now: t0}
		c := l.report(actor(t, a, "resident"), k.Grid)
		m, err := a.Mobilise(ctx, actor(t, a, "dispatcher"), c.ID, guanjia.MobiliseRequest{Grid: k.Grid, Note: "请去看看"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Called == 0 || m.Calls[0].UserID == 0 {
			t.Fatalf("mobilised: %+v", m)
		}
		if _, err := a.Mobilise(ctx, actor(t, a, "handler-traffic"), c.ID, guanjia.MobiliseRequest{Radius: 500}); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("another unit mobilises: %v", err)
		}
		if n, err := a.DeliverWebhooks(ctx); err != nil || n != 0 {
			t.Fatalf("first attempt: %d delivered, %v; want a failure", n, err)
		}
		if n, _ := a.DeliverWebhooks(ctx); n != 0 {
			t.Errorf("retried before the backoff")
		}
		clock.Set(t0.Add(time.Hour))
		if n, err := a.DeliverWebhooks(ctx); err != nil || n != 1 {
			t.Fatalf("retry: %d delivered, %v", n, err)
		}
		clock.Set(t0.Add(24 * time.Hour))
		if n, err := a.DeliverWebhooks(ctx); err != nil || n != 0 {
			t.Errorf("after delivery: %d delivered again, %v", n, err)
		}
		mu.Lock()
		defer mu.Unlock()
		people, _ := bodies[0]["housekeepers"].([]any)
		if len(bodies) != 1 || bodies[0]["topic"] != app.TopicMobilised || len(people) != m.Called {
			t.Errorf("received %v", bodies)
		}
		stranger := actor(t, a, "resident")
		if err := a.AcceptCall(ctx, stranger, m.ID); guanjia.ErrorCode(err) != guanjia.EFORBIDDEN {
			t.Errorf("a resident accepts: %v", err)
		}
		stranger.Role = guanjia.RoleHousekeeper // approved since, but not called
		if err := a.AcceptCall(ctx, stranger, m.ID); guanjia.ErrorCode(err) != guanjia.ENOTFOUND {
			t.Errorf("someone not called accepts: %v", err)
		}
		if err := a.AcceptCall(ctx, k, m.ID); err != nil {
			t.Fatal(err)
		}
		ms, err := a.Mobilisations(ctx, actor(t, a, "dispatcher"), c.ID)
		if err != nil || len(ms) != 1 || ms[0].Accepted != 1 {
			t.Errorf("mobilisations: %+v %v", ms, err)
		}
	})
}

// newWebhookApp is newApp with a webhook URL.
func newWebhookApp(t *testing.T, dsn, url string) (*app.App, *testenv.Clock) {
	t.Helper()
	a, _, clock := testenv.AppWith(t, dsn, app.Options{WebhookURL: url})
	return a, clock
}
