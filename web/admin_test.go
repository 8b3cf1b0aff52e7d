package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestAdminPages: the county's administrator imports grids from an
// uploaded GeoJSON file (a broken file is refused beside the field, and
// changes nothing); makes an Open311 key, which the answer shows once and
// the list never, and which files a request until it is revoked. A
// town's administrator does not find another town's accounts (404). A
// disabled account signs in no more until it is enabled. A holiday and
// a unit are added.
func TestAdminPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		c := e.client("county-admin")
		vs, err := e.app.Villages(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		village := vs[0].Code
		upload := func(body string) (int, string, *http.Response) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "grids.geojson")
			fw.Write([]byte(body))
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+"/admin/grids", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out bytes.Buffer
			out.ReadFrom(resp.Body)
			return resp.StatusCode, out.String(), resp
		}
		st, body, _ := upload(`{"type":"FeatureCollection","features":[{"type":"Feature"`)
		if st != http.StatusBadRequest || !strings.Contains(body, `id="err-file" role="alert">`) {
			t.Errorf("a broken file: %d, want 400 with the refusal beside the field", st)
		}
		grid := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"` + village + `-G77","name":"新网格","village":"` + village + `"},` +
			`"geometry":{"type":"Polygon","coordinates":[[[120.45,30.70],[120.4501,30.70],[120.4501,30.7001],[120.45,30.70]]]}}]}`
		st, _, resp := upload(grid)
		if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "done=imported") {
			t.Fatalf("import: %d %s", st, resp.Header.Get("Location"))
		}
		if _, err := e.db.GetGrid(context.Background(), village+"-G77"); err != nil {
			t.Errorf("the imported grid: %v", err)
		}

		st, body, _ = e.post(c, "/admin/keys", url.Values{"name": {"12345 平台"}})
		key := regexp.MustCompile(`<code class="key">([^<]+)</code>`).FindStringSubmatch(body)
		if st != http.StatusCreated || key == nil {
			t.Fatalf("create a key: %d, key shown: %v", st, key != nil)
		}
		_, list, _ := e.get(c, "/admin/keys")
		if strings.Contains(list, key[1]) || !strings.Contains(list, "12345 平台") {
			t.Errorf("the list shows the key, or not its name")
		}
		report := func() int {
			resp, err := http.PostForm(e.srv.URL+"/open311/v2/requests.json", url.Values{"api_key": {key[1]}, "service_code": {"garbage"},
				"lat": {"30.7452"}, "long": {"120.4871"}, "description": {"路边垃圾"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if st := report(); st != http.StatusCreated && st != http.StatusOK {
			t.Fatalf("a request with the new key: %d", st)
		}
		keys, err := e.app.ClientKeys(context.Background(), guanjia.Actor{Role: guanjia.RoleSystem})
		if err != nil {
			t.Fatal(err)
		}
		st, _, _ = e.post(c, "/admin/keys/"+strconv.FormatInt(keys[0].ID, 10)+"/revoke", nil)
		if st != http.StatusSeeOther {
			t.Fatalf("revoke: %d", st)
		}
		if st := report(); st != http.StatusForbidden {
			t.Errorf("a request with the revoked key: %d, want 403", st)
		}
		if st, _, _ := e.get(e.client("admin"), "/admin/keys"); st != http.StatusForbidden {
			t.Errorf("Wuzhen's administrator opens the keys: %d, want 403", st)
		}
		// Wuzhen's administrator sets the town's own limit for a category
		// (a bad limit refused beside its field), and not the catalogue.
		wuzhen := e.client("admin")
		st, body, _ = e.post(wuzhen, "/admin/categories/town", url.Values{"town_category": {"garbage"}, "town_priority": {"2"}, "town_sign_limit": {"soon"}})
		if st != http.StatusBadRequest || !strings.Contains(body, `id="err-town_sign_limit" role="alert">`) {
			t.Errorf("a bad town limit: %d", st)
		}
		st, _, _ = e.post(wuzhen, "/admin/categories/town", url.Values{"town_category": {"garbage"}, "town_priority": {"2"}, "town_sign_limit": {"1wh"}})
		if st != http.StatusSeeOther {
			t.Errorf("Wuzhen's own garbage limit: %d", st)
		}
		if c, ok := e.app.CategoryIn("garbage", demo.Town.Code); !ok || c.Priority != 2 || c.SignLimit.String() != "1wh" {
			t.Errorf("garbage in Wuzhen: %+v", c)
		}
		if st, _, _ := e.post(wuzhen, "/admin/categories", url.Values{"code": {"x"}, "name_zh": {"x"}, "name_en": {"x"}, "priority": {"3"},
			"sign_limit": {"1wh"}, "resolve_limit": {"1wd"}}); st != http.StatusForbidden {
			t.Errorf("Wuzhen's administrator adds to the catalogue: %d, want 403", st)
		}

		// Disabled, an account signs in no more; enabled, it does again.
		leader, err := e.db.GetUserByUsername(context.Background(), "leader")
		if err != nil {
			t.Fatal(err)
		}
		account := "/admin/users/" + strconv.FormatInt(leader.ID, 10)
		for _, disabled := range []string{"1", ""} {
			form := url.Values{"name": {leader.Name}, "role": {string(leader.Role)}, "disabled": {disabled}}
			if st, _, _ := e.post(c, account, form); st != http.StatusSeeOther {
				t.Fatalf("disabled=%q: %d", disabled, st)
			}
			st, _, _ := e.post(e.client(""), "/login", url.Values{"username": {"leader"}, "password": {demo.Password}})
			if want := map[string]int{"1": http.StatusUnauthorized, "": http.StatusSeeOther}[disabled]; st != want {
				t.Errorf("sign in with disabled=%q: %d, want %d", disabled, st, want)
			}
		}
		if _, list, _ := e.get(c, "/admin/users?role=leader"); !strings.Contains(list, ">leader<") || strings.Contains(list, ">dispatcher<") {
			t.Errorf("the list filtered to leaders holds others, or not the leader")
		}

		// A holiday on the calendar (a date that is none is refused beside
		// its field), and a unit.
		st, body, _ = e.post(c, "/admin/calendar", url.Values{"date": {"2026-13-40"}, "kind": {"holiday"}, "name": {"x"}})
		if st != http.StatusBadRequest || !strings.Contains(body, `role="alert">`) {
			t.Errorf("a date that is none: %d", st)
		}
		if st, _, _ := e.post(c, "/admin/calendar", url.Values{"date": {"2026-12-31"}, "kind": {"holiday"}, "name": {"跨年"}}); st != http.StatusSeeOther {
			t.Errorf("a holiday: %d", st)
		}
		if _, page, _ := e.get(c, "/admin/calendar"); !strings.Contains(page, `id="day-2026-12-31"`) {
			t.Errorf("the calendar does not list the new holiday")
		}
		unit := url.Values{"code": {"garden"}, "name_zh": {"园林站"}, "name_en": {"Gardens"}, "kind": {"department"}, "jurisdiction": {demo.Town.Code}, "active": {"1"}}
		if st, _, _ := e.post(c, "/admin/units", unit); st != http.StatusSeeOther {
			t.Errorf("a unit: %d", st)
		}
		if u, ok := e.app.Unit("garden"); !ok || u.NameEN != "Gardens" || u.Jurisdiction != demo.Town.Code {
			t.Errorf("the new unit: %+v", u)
		}

		// Wuzhen's administrator does not find Puyuan's accounts.
		other, err := e.db.GetUserByUsername(context.Background(), "puyuan-dispatcher")
		if err != nil {
			t.Fatal(err)
		}
		path := "/admin/users/" + strconv.FormatInt(other.ID, 10)
		if st, _, _ := e.get(wuzhen, path); st != http.StatusNotFound {
			t.Errorf("Wuzhen's administrator opens a Puyuan account: %d, want 404", st)
		}
		if st, _, _ := e.post(wuzhen, path+"/password", url.Values{"password": {"a long enough passphrase 2026"}}); st != http.StatusNotFound {
			t.Errorf("Wuzhen's administrator resets a Puyuan password: %d, want 404", st)
		}
		if _, list, _ := e.get(wuzhen, "/admin/users"); strings.Contains(list, "puyuan-") || !strings.Contains(list, "dispatcher") {
			t.Errorf("Wuzhen's administrator's list of accounts holds Puyuan's, or not Wuzhen's")
		}
	})
}
