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
