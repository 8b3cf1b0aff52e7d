package dbtest

import (
	"database/sql"
	"testing"
)

// TestReplicated: a row committed on the pair's primary is on the
// standby, which after the primary stops and it is promoted takes writes
// through the pair's two-host DSN.
func TestReplicated(t *testing.T) {
	p := Replicated(t)
	p.CreateDatabase("town")
	db, err := sql.Open("pgx", p.DSN("town"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE t (v int); INSERT INTO t VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	p.StopPrimary()
	p.Promote()
	db.SetMaxIdleConns(0) // the pool's connection went with the primary
	if _, err := db.Exec("INSERT INTO t VALUES (2)"); err != nil {
		t.Fatalf("insert after the failover: %v", err)
	}
	var n int
	if err := db.QueryRow("SELECT sum(v) FROM t").Scan(&n); err != nil || n != 3 {
		t.Errorf("sum = %d, %v; want 3: the row committed before the failover and the one after", n, err)
	}
}
