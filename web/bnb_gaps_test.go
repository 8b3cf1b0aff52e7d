package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestBnBGapsPages, on one fixture: an administrator sets an inspection
// round on /admin/rounds (a bad interval is refused beside the form, in
// the reader's language, and changes nothing).
func TestBnBGapsPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		admin := e.client("admin")

		_, body, _ := e.get(admin, "/admin/rounds")
		if !strings.Contains(body, `data-round="fire-fire"`) {
			t.Errorf("/admin/rounds does not list the demo's fire round")
		}
		st, body, _ := e.post(admin, "/admin/rounds", url.Values{"kind": {"hygiene"}, "unit": {"fire"}, "every_days": {"3"}})
		if st != http.StatusBadRequest || !strings.Contains(body, "7 到 1096") {
			t.Errorf("an interval of 3 days: %d, want 400 with the refusal in Chinese", st)
		}
		st, _, resp := e.post(admin, "/admin/rounds", url.Values{"kind": {"hygiene"}, "unit": {"fire"}, "every_days": {"90"}, "members_only": {"1"}})
		if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "saved=hygiene-fire") {
			t.Fatalf("set a round: %d %s", st, resp.Header.Get("Location"))
		}
		rs, err := e.app.InspectionRounds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rs {
			if r.Kind == "hygiene" && r.Unit == "fire" {
				found = r.EveryDays == 90 && r.MembersOnly
			}
		}
		if !found {
			t.Errorf("the round set on the page: %+v", rs)
		}
		_ = guanjia.InspectFire
	})
}
