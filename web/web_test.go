package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPages is the authorisation table of the pages: who may open each,
// and what they get.
func TestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) { testPages(t, newTestEnv(t, dsn)) })
}

func testPages(t *testing.T, e *testEnv) {
	clients := map[string]*http.Client{}
	for _, u := range []string{"", "resident", "housekeeper", "dispatcher", "leader", "handler-market", "lead-market"} {
		clients[u] = e.client(u)
	}
	tests := []struct {
		path, user string
		want       int
		contains   string
	}{
		{"/", "", 200, "WZ-"},
		{"/", "", 200, `href="/report"`},
		{"/about", "", 200, "<table"},
		{"/report", "", 200, `id="report-form"`},
		{"/report", "resident", 200, `id="report-form"`},
		{"/my", "", 200, `id="tracked"`},
		{"/my", "housekeeper", 200, `id="mine"`},
		{"/login", "", 200, `name="password"`},
		{"/console", "", 303, ""},
		{"/console", "resident", 403, ""},
		{"/console", "handler-market", 403, ""},
		{"/console", "dispatcher", 200, `id="queue"`},
		{"/console", "leader", 200, `id="queue"`},
		{"/console/queue?status=new", "dispatcher", 200, "<table"},
		{"/console?status=bogus", "dispatcher", 400, ""},
		{"/screen", "leader", 200, `id="figures"`},
		{"/screen/panel?part=newest", "dispatcher", 200, "ticker"},
		{"/screen", "handler-market", 403, ""},
		{"/desk", "", 303, ""},
		{"/desk", "dispatcher", 403, ""},
		{"/desk", "handler-market", 200, `id="desk-list"`},
		{"/desk", "lead-market", 200, "figures"},
		{"/desk/list", "handler-market", 200, "<table"},
		{"/track/WZ-19990101-0001", "", 404, ""},
		{"/cases/999999", "dispatcher", 404, ""},
		{"/nowhere", "", 404, ""},
		{"/map/town.geojson", "", 200, "FeatureCollection"},
		{"/map/cases.json", "", 200, "["},
		{"/manifest.webmanifest", "", 200, `"start_url":"/report"`},
		{"/sw.js", "", 200, "const SHELL"},
		{"/static/js/report.js", "", 200, "outbox"},
		{"/static/vendor/leaflet/LICENSE", "", 200, "BSD"},
	}
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/")+"/"+tt.user, func(t *testing.T) {
			st, body, _ := e.get(clients[tt.user], tt.path)
			if st != tt.want {
				t.Fatalf("GET %s as %q: status %d, want %d\n%.2000s", tt.path, tt.user, st, tt.want, body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("GET %s as %q: body lacks %q\n%.2000s", tt.path, tt.user, tt.contains, body)
			}
		})
	}
}

// TestCaseActions drives the closed loop through the pages' forms: each
// action is authorised by the domain, and a refused one shows the case
// page again with the error beside its field and the input kept.
func TestCaseActions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) { testCaseActions(t, newTestEnv(t, dsn)) })
}

func testCaseActions(t *testing.T, e *testEnv) {
	ctx := context.Background()
	lat, lng := 30.745, 120.487
	rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "bnb-complaint",
		Lat: lat, Lng: lng, Description: "No registration of guests.", Attributes: map[string]any{"bnb": "Hill Inn"},
		Name: "Secret Name", Phone: "13999999999"})
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Case
	id := strconv.FormatInt(c.ID, 10)
	users := map[string]*http.Client{}
	for _, u := range []string{"", "dispatcher", "handler-market", "lead-market", "handler-urban"} {
		users[u] = e.client(u)
	}
	later := e.app.Now().In(guanjia.TownZone).AddDate(0, 0, 10).Format("2006-01-02T15:04")
	steps := []struct {
		user, action string
		form         url.Values
		want         int
		contains     string // in the page shown after a refusal
		status       guanjia.Status
	}{
		{"", "dispatch", url.Values{"unit": {"market"}}, 303, "", guanjia.StatusNew},
		{"handler-market", "accept", nil, 303, "", guanjia.StatusNew}, // not theirs yet: sent to the public page
		{"dispatcher", "dispatch", url.Values{"unit": {""}}, 400, `id="err-unit"`, guanjia.StatusNew},
		{"dispatcher", "dispatch", url.Values{"unit": {"market"}}, 303, "", guanjia.StatusDispatched},
		{"handler-urban", "accept", nil, 303, "", guanjia.StatusDispatched},
		{"handler-market", "return", url.Values{"note": {""}}, 400, `id="err-return-note"`, guanjia.StatusDispatched},
		{"handler-market", "accept", nil, 303, "", guanjia.StatusAccepted},
		{"handler-market", "extend", url.Values{"until": {"2020-01-01T09:00"}, "note": {"waiting for the owner"}}, 400, "waiting for the owner", guanjia.StatusAccepted},
		{"handler-market", "extend", url.Values{"until": {later}, "note": {"waiting for the owner"}}, 303, "", guanjia.StatusAccepted},
		{"handler-market", "approve-extension", url.Values{"approve": {"yes"}}, 403, "", guanjia.StatusAccepted},
		{"lead-market", "approve-extension", url.Values{"approve": {"yes"}}, 303, "", guanjia.StatusAccepted},
		{"dispatcher", "comment", url.Values{"note": {"Called the owner."}}, 303, "", guanjia.StatusAccepted},
		{"handler-market", "resolve", url.Values{"note": {""}}, 400, `id="err-resolve-note"`, guanjia.StatusAccepted},
		{"handler-market", "resolve", url.Values{"note": {"Guests are registered now."}}, 303, "", guanjia.StatusResolved},
		{"dispatcher", "verify", url.Values{"fixed": {"yes"}}, 400, `id="err-satisfaction"`, guanjia.StatusResolved},
	}
	for i, s := range steps {
		st, body, _ := e.post(users[s.user], "/cases/"+id+"/"+s.action, s.form)
		if st != s.want {
			t.Fatalf("step %d: %s %s: status %d, want %d: %s", i, s.user, s.action, st, s.want, alerts(body))
		}
		if !strings.Contains(body, s.contains) {
			t.Errorf("step %d: %s %s: page lacks %q", i, s.user, s.action, s.contains)
		}
		got, err := e.app.Case(ctx, guanjia.SystemActor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != s.status {
			t.Fatalf("step %d: %s %s: status %s, want %s", i, s.user, s.action, got.Status, s.status)
		}
	}
	// The anonymous reporter confirms with the tracking code the phone kept.
	st, _, resp := e.post(users[""], "/track/"+c.Number+"/verify", url.Values{"token": {rec.Tracking}, "fixed": {"yes"}, "satisfaction": {"5"}, "back": {"/my"}})
	if st != 303 || resp.Header.Get("Location") != "/my?verified=1" {
		t.Fatalf("verify with the tracking code: status %d, location %q", st, resp.Header.Get("Location"))
	}
	_, page, _ := e.get(users[""], "/track/"+c.Number)
	for _, secret := range []string{"Secret Name", "13999999999", "Called the owner."} {
		if strings.Contains(page, secret) {
			t.Errorf("the public page shows %q", secret)
		}
	}
	_, page, _ = e.get(users["dispatcher"], "/cases/"+id)
	for _, want := range []string{"Secret Name", "13999999999", "Called the owner.", "Hill Inn"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dispatcher's case page lacks %q", want)
		}
	}
}

// TestHeaders checks the security headers of pages and the caching and
// compression of assets.
func TestHeaders(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	c := e.client("")
	_, _, resp := e.get(c, "/report")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") {
		t.Errorf("Content-Security-Policy allows something unsafe: %q", csp)
	}
	if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
		t.Errorf("X-Frame-Options %q, want DENY", got)
	}
	_, body, _ := e.get(c, "/report")
	asset := regexp.MustCompile(`/static/vendor/leaflet/leaflet\.js\?v=[0-9a-f]+`).FindString(body)
	if asset == "" {
		t.Fatal("the reporting page does not load a versioned leaflet.js")
	}
	tr := &http.Transport{DisableCompression: true}
	raw := &http.Client{Transport: tr}
	_, gz, resp := e.get(raw, asset, "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || len(gz) > 50<<10 {
		t.Errorf("leaflet.js: Content-Encoding %q, %d bytes; want gzip under 50 KB", resp.Header.Get("Content-Encoding"), len(gz))
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("a versioned asset has Cache-Control %q", cc)
	}
	_, _, resp = e.get(raw, "/static/js/report.js")
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("an unversioned asset has Cache-Control %q, want no-cache", cc)
	}
	if st, _, _ := e.get(raw, asset, "If-None-Match", resp.Header.Get("ETag")); st != 200 {
		t.Errorf("a stale ETag: status %d, want 200", st)
	}
}

// alerts returns the errors a page shows.
func alerts(page string) string {
	var out []string
	for _, m := range regexp.MustCompile(`role="alert">([^<]*)<`).FindAllStringSubmatch(page, -1) {
		if m[1] != "" {
			out = append(out, m[1])
		}
	}
	return strings.Join(out, "; ")
}
