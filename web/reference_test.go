package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
	"github.com/guanjia/guanjia/server"
	"github.com/guanjia/guanjia/web"
)

// TestNamesAcrossInstances: a category renamed through one instance is
// named anew on another instance's pages as soon as that instance has
// seen the change (app.WatchReference), not when its pages' snapshot of
// names expires a minute later.
func TestNamesAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		e := newTestEnv(t, dsn)
		b := testenv.Instance(t, dsn, app.Options{Now: e.clock.Now})
		go b.WatchReference(ctx, 10*time.Millisecond)
		other := &testEnv{t: t, app: b, db: e.db, srv: httptest.NewServer(server.New(b, server.Options{Web: &web.Options{}})), clock: e.clock}
		t.Cleanup(other.srv.Close)
		admin := other.client("county-admin")
		page := func() string {
			_, body, _ := other.get(admin, "/admin/rules", "Accept-Language", "en")
			return body
		}
		if !strings.Contains(page(), "Garbage") {
			t.Fatal("the other instance's rules do not name the category of garbage")
		}

		u, err := e.db.GetUserByUsername(ctx, "county-admin")
		if err != nil {
			t.Fatal(err)
		}
		cat, _ := e.app.Category("garbage")
		c := *cat
		c.NameEN = "Heaps of rubbish"
		if err := e.app.PutCategory(ctx, guanjia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Jurisdiction: u.Jurisdiction}, &c); err != nil {
			t.Fatal(err)
		}
		testenv.WaitFor(t, 10*time.Second, "the other instance's pages to name the category anew", func() bool {
			return strings.Contains(page(), "Heaps of rubbish")
		})
	})
}
