package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestFailover: a county's database fails over as docs/scaling.md says it
// may. Two `guanjia serve` processes on a PostgreSQL primary with a
// synchronous standby, given both hosts with target_session_attrs=read-write,
// work under the cluster test's load (concurrent intake through a balancer,
// each report sent again with its client_id until answered, a handler's
// actions, a console on each instance). The primary stops as a crash would;
// both instances then answer /readyz 503; the standby is promoted, and
// without a restart the instances take writes on it and answer /readyz 200.
// At the end, on the new primary: every answered report and action is there
// once, and every console received every outbox message once, in id order.
func TestFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("failover: builds the program and runs two on two PostgreSQL servers; skipped with -short")
	}
	pair := dbtest.Replicated(t)
	pair.CreateDatabase("town")
	client := &http.Client{Timeout: 5 * time.Second}
	readyz := func(procs []*process, want int) {
		for _, p := range procs {
			addr, _ := p.current()
			testenv.WaitFor(t, 30*time.Second, "/readyz "+http.StatusText(want), func() bool {
				resp, err := client.Get(addr + "/readyz")
				if err != nil {
					return false
				}
				resp.Body.Close()
				return resp.StatusCode == want
			})
		}
	}
	runCluster(t, t.TempDir(), clusterDB{dsn: pair.DSN("town")}, 2, []clusterStep{
		{"before the failover", func(procs []*process) {
			pair.StopPrimary()
			readyz(procs, http.StatusServiceUnavailable)
			pair.Promote()
			readyz(procs, http.StatusOK)
		}},
		{"after the failover", nil},
	})
}
