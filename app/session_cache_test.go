package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// TestSessionCache: who a token belongs to is kept in memory, and every
// change reaches it. A (the default recheck of a second) sees its own
// changes at once: a new name, a sign-out, a disabled account. B, a second
// instance on the same database that reads the database's version of
// tokens and users on every request (a recheck of a nanosecond), sees A's
// changes too, through the triggers of migration 0240, and A sees B's
// sign-out once it reads that version again.
func TestSessionCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := testenv.Instance(t, dsn, app.Options{Now: clock.Now, SessionRecheck: time.Nanosecond})
		session, u, err := a.Login(ctx, "dispatcher", demo.Password, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		key, err := a.CreateAPIToken(ctx, "dispatcher", "console")
		if err != nil {
			t.Fatal(err)
		}
		whoIs := func(x *app.App, token, want string) {
			t.Helper()
			got, err := x.Authenticate(ctx, token)
			switch {
			case want == "" && err == nil:
				t.Errorf("Authenticate = %s, want refused", got.Name)
			case want != "" && err != nil:
				t.Errorf("Authenticate: %v, want %s", err, want)
			case want != "" && got.Name != want:
				t.Errorf("Authenticate = %s, want %s", got.Name, want)
			}
		}
		for _, x := range []*app.App{a, b} { // both keep the answers
			whoIs(x, session, u.Name)
			whoIs(x, key, u.Name)
		}

		admin := actor(t, a, "admin")
		change := app.UserChange{Name: "调度员甲", Role: u.Role, Unit: u.Unit}
		if _, err := a.UpdateUser(ctx, admin, u.ID, change); err != nil {
			t.Fatal(err)
		}
		whoIs(a, session, "调度员甲")
		whoIs(b, session, "调度员甲")

		if err := a.Logout(ctx, session); err != nil {
			t.Fatal(err)
		}
		whoIs(a, session, "")
		whoIs(b, session, "")

		other, _, err := a.Login(ctx, "dispatcher", demo.Password, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		whoIs(a, other, "调度员甲")
		if err := b.Logout(ctx, other); err != nil {
			t.Fatal(err)
		}
		whoIs(b, other, "")
		testenv.WaitFor(t, 10*time.Second, "A to read the version again and refuse B's sign-out", func() bool {
			_, err := a.Authenticate(ctx, other)
			return err != nil
		})

		whoIs(a, key, "调度员甲")
		change.Disabled = true
		if _, err := a.UpdateUser(ctx, admin, u.ID, change); err != nil {
			t.Fatal(err)
		}
		whoIs(a, key, "")
		whoIs(b, key, "")
	})
}

// TestClientKeyCache: an Open311 client's key is kept in memory like a
// session, and its revocation reaches it: at once on the instance that
// revoked it, within the recheck on another.
func TestClientKeyCache(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, clock := newApp(t, dsn)
		b := testenv.Instance(t, dsn, app.Options{Now: clock.Now, SessionRecheck: time.Nanosecond})
		admin := actor(t, a, "county-admin")
		keyID := func(name string) int64 {
			t.Helper()
			ks, err := a.ClientKeys(ctx, admin)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range ks {
				if k.Name == name {
					return k.ID
				}
			}
			t.Fatalf("no client key %q", name)
			return 0
		}
		accepts := func(x *app.App, key string, want bool) {
			t.Helper()
			_, err := x.Client(ctx, key)
			if want && err != nil {
				t.Errorf("Client: %v, want accepted", err)
			} else if !want && err == nil {
				t.Error("Client accepted a revoked key")
			}
		}
		first, err := a.CreateOpen311Key(ctx, "city app", "")
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second time from the cache
			accepts(a, first, true)
			accepts(b, first, true)
		}
		if err := a.RevokeClientKey(ctx, admin, keyID("city app")); err != nil {
			t.Fatal(err)
		}
		accepts(a, first, false)
		accepts(b, first, false)

		second, err := a.CreateOpen311Key(ctx, "12345 hotline", "")
		if err != nil {
			t.Fatal(err)
		}
		accepts(a, second, true)
		if err := b.RevokeClientKey(ctx, admin, keyID("12345 hotline")); err != nil {
			t.Fatal(err)
		}
		accepts(b, second, false)
		testenv.WaitFor(t, 10*time.Second, "A to read the version again and refuse the key B revoked", func() bool {
			_, err := a.Client(ctx, second)
			return err != nil
		})
	})
}
