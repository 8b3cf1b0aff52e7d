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
	runCluster(t, t.TempDir(), clusterDB{dsn: pair.DSN("town")}, 2, []clusterStep{
		{"before the failover", func(procs []*process) {
			pair.StopPrimary()
			readyz(t, procs, http.StatusServiceUnavailable, 30*time.Second)
			pair.Promote()
			readyz(t, procs, http.StatusOK, 30*time.Second)
		}},
		{"after the failover", nil},
	})
}

// TestPartition: the primary's machine drops off the network (a cut
// cable, a lost power supply) instead of its server stopping: nothing
// refuses or resets the instances' connections, which go silent, and a
// new connection to it is never answered. Under the cluster test's load,
// both instances answer /readyz 503 within seconds, and once the standby
// is promoted they take writes on it without a restart, and answer
// /readyz 200, within the minute; their live feeds listen for each
// other's commits again within the minute of the cut; at the end, the
// same checks as TestFailover's.
func TestPartition(t *testing.T) {
	if testing.Short() {
		t.Skip("partition: builds the program and runs two on two PostgreSQL servers; skipped with -short")
	}
	wall := dbtest.Firewall(t)
	pair := dbtest.Replicated(t)
	pair.CreateDatabase("town")
	runCluster(t, t.TempDir(), clusterDB{dsn: pair.DSN("town")}, 2, []clusterStep{
		{"before the partition", func(procs []*process) {
			cut := time.Now()
			wall.Cut(pair.Primary)
			readyz(t, procs, http.StatusServiceUnavailable, 30*time.Second)
			pair.Promote()
			promoted := time.Now()
			readyz(t, procs, http.StatusOK, time.Minute)
			t.Logf("/readyz 200 again %v after the promotion (%v after the cut)",
				time.Since(promoted).Round(time.Millisecond), time.Since(cut).Round(time.Millisecond))
			// The live feed's listening connection waits for no answer:
			// only the keep-alive probes find it silent.
			testenv.WaitFor(t, time.Minute, "each instance to listen for the others' commits again", func() bool {
				for _, p := range procs {
					if p.logged("live: listening for other instances' commits again") == 0 {
						return false
					}
				}
				return true
			})
			t.Logf("both instances listening again %v after the cut", time.Since(cut).Round(time.Millisecond))
		}},
		{"after the partition", nil},
	})
}

// readyz waits until every instance of procs answers /readyz with want.
func readyz(t *testing.T, procs []*process, want int, within time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	for _, p := range procs {
		addr, _ := p.current()
		testenv.WaitFor(t, within, "/readyz "+http.StatusText(want), func() bool {
			resp, err := client.Get(addr + "/readyz")
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == want
		})
	}
}
