package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAdminPlacesPage: the administration page links the places import;
// Wuzhen's administrator uploads a CSV of a landmark, which place search
// then finds by name and the audit log records; a broken file is refused
// beside the field and changes nothing; a place in another town is
// refused; a dispatcher may not import.
func TestAdminPlacesPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		admin := e.client("admin")
		_, home, _ := e.get(admin, "/admin")
		for _, href := range []string{"/admin/places", "/admin/channels", "/admin/notify-rules", "/admin/outbox", "/admin/texts", "/staff/town-settings"} {
			if !strings.Contains(home, `href="`+href+`"`) {
				t.Errorf("/admin does not link %s", href)
			}
		}
		upload := func(c *http.Client, name, body string) (int, string, string) {
			st, page, resp := e.upload(c, "/admin/places", name, body)
			return st, page, resp.Header.Get("Location")
		}
		st, body, _ := upload(admin, "places.csv", "kind,name_zh,name_en,lat,lon\nlandmark,,Nameless,30.7452,120.4871\n")
		if st != http.StatusBadRequest || !strings.Contains(body, `id="err-file" role="alert">`) {
			t.Errorf("a place without a Chinese name: %d, want 400 with the refusal beside the field", st)
		}
		st, _, loc := upload(admin, "places.csv", "kind,name_zh,name_en,lat,lon\nlandmark,望月桥,Moon Bridge,30.7452,120.4871\n")
		if st != http.StatusSeeOther || !strings.Contains(loc, "added=1") {
			t.Fatalf("import: %d %s", st, loc)
		}
		if _, page, _ := e.get(admin, loc); !strings.Contains(page, `id="places-count"`) {
			t.Errorf("the page after the import does not say how many places were added")
		}
		hits, err := e.app.SearchPlaces(ctx, guanjia.SystemActor, "望月", demo.Town.Code)
		if err != nil || len(hits) == 0 || hits[0].NameZh != "望月桥" {
			t.Errorf("place search after the import: %v %v", hits, err)
		}
		// Wuzhen's administrator reads the import in the town's audit log.
		if _, page, _ := e.get(admin, "/admin/audit?object="+guanjia.AuditPlace); !strings.Contains(page, "望月桥") {
			t.Errorf("the audit log of places does not show the import")
		}
		if st, _, _ := upload(admin, "places.csv", "kind,name_zh,lat,lon,town\nlandmark,别镇桥,30.7452,120.4871,"+demo.Towns[0].Code+"\n"); st != http.StatusNotFound && st != http.StatusForbidden {
			t.Errorf("Wuzhen's administrator imports a place of another town: %d, want 403 or 404", st)
		}
		if st, _, _ := upload(e.client("dispatcher"), "places.csv", "kind,name_zh,lat,lon\nlandmark,调度桥,30.7452,120.4871\n"); st != http.StatusForbidden {
			t.Errorf("a dispatcher imports places: %d, want 403", st)
		}
	})
}
