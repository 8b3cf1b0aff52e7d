package main

import (
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPooled: two instances whose --db is PgBouncer in transaction mode
// (Debian's, 1.18, which carries no prepared statement from one server
// connection to the next), with --db-direct for the migrations' lock and
// for listening, work under the cluster test's load: every answered report
// and action is there once, every console's feed is complete.
func TestPooled(t *testing.T) {
	if testing.Short() {
		t.Skip("pooled: builds the program and runs two behind PgBouncer; skipped with -short")
	}
	data, direct := newTownDSN(t, dbtest.EnginePostgres)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	pooled := dbtest.PgBouncer(t, os.Getenv(dbtest.EnvPostgres), strings.TrimPrefix(u.Path, "/"))
	runCluster(t, data, clusterDB{dsn: pooled, direct: direct}, 2, []clusterStep{
		{"through the pooler", nil},
		{"still through it", nil},
	})
}
