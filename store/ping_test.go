package store

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPingGoesOn: on a URL whose first host is silent (it takes the
// connection and never answers) and whose second serves, a readiness
// check that needs a new connection cannot be done within a balancer's
// short timeout: each host gets connect_timeout. The check goes on after
// its caller gave up, so that a later one, as short, finds the
// connection it made. Checks that each gave up with their caller never
// got past the first host, and an instance that nobody sent requests to,
// because it was not ready, stayed not ready (unless something else of
// its own, such as the GIN cleaner, happened to connect meanwhile).
func TestPingGoesOn(t *testing.T) {
	dsn := dbtest.Postgres(t)
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = silent.Addr().String() + "," + u.Host
	q := u.Query()
	q.Set("connect_timeout", "1")
	u.RawQuery = q.Encode()
	ctx := context.Background()
	db, err := Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.ginCleaner.close()   // nothing else in the process makes connections
	db.w.SetMaxIdleConns(0) // and the connections open so far are gone
	db.w.SetMaxIdleConns(postgresConns)
	ping := func() error {
		ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		return db.Ping(ctx)
	}
	if err := ping(); err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Fatalf("the first check: %v; want its deadline passed, the first host being silent", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for ping() != nil {
		if time.Now().After(deadline) {
			t.Fatal("no check succeeded within 5 s of the first: each gave up on the silent host")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
