package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/web"
)

// pageRoute is who may open a route and what they get.
type pageRoute struct {
	roles string         // who passes the route's check; "*" is anyone, signed in or not
	want  int            // the status of those who pass, at the route's concrete path
	by    map[string]int // the status of some who pass, when the handler or the app decides otherwise
}

// pageRoutes says, for every web route, which callers may open it and the
// status they get at the route's concrete path (see concretePage); all
// others get a redirect to the login page (nobody) or 403. It is written by
// hand: a route added without an entry here fails the test.
var pageRoutes = map[string]pageRoute{
	"GET /{$}":                    {"*", 200, nil},
	"GET /about":                  {"*", 200, nil},
	"GET /track":                  {"*", 303, nil},
	"GET /track/{number}":         {"*", 404, nil},
	"POST /track/{number}/verify": {"*", 404, nil},
	"POST /track/{number}/follow": {"*", 404, map[string]int{"anonymous": 303, "dispatcher": 403, "handler": 403, "unit_lead": 403, "leader": 403, "admin": 403, "owner": 403, "investor": 403, "inspector": 403}},
	"GET /confirm/{token}":        {"*", 404, nil},
	"POST /confirm/{token}":       {"*", 404, nil},
	"GET /login/phone":            {"*", 303, map[string]int{"anonymous": 200}},
	"POST /login/phone":           {"*", 400, nil},
	"POST /login/phone/verify":    {"*", 400, nil},
	"GET /admin/texts":            {"admin", 200, nil},
	"GET /map/town.geojson":       {"*", 200, nil},
	"GET /map/cases.json":         {"*", 200, nil},
	"GET /map/base.pmtiles":       {"*", 404, nil},
	"GET /map/tiles/{z}/{x}/{y}":  {"*", 404, nil},
	"GET /report":                 {"*", 200, nil},
	"POST /report":                {"*", 400, nil},
	"GET /my":                     {"*", 200, nil},
	"POST /my/tracked":            {"*", 400, nil},
	"GET /login":                  {"*", 303, map[string]int{"anonymous": 200}},
	"POST /login":                 {"*", 400, nil},
	"POST /logout":                {"*", 303, nil},
	"GET /lang/{lang}":            {"*", 303, nil},
	"GET /console":                {"dispatcher leader admin", 200, nil},
	"GET /console/queue":          {"dispatcher leader admin", 200, nil},
	"GET /console/intake":         {"dispatcher admin", 200, nil},
	"POST /console/intake":        {"dispatcher admin", 400, nil},
	"GET /console/intake/check":   {"dispatcher admin", 200, nil},
	"GET /console/supervision":    {"dispatcher leader admin", 200, nil},
	"GET /screen":                 {"dispatcher leader admin", 200, nil},
	"GET /screen/panel":           {"dispatcher leader admin", 200, nil},
	"GET /desk":                   {"handler unit_lead", 200, nil},
	"GET /stats":                  {"dispatcher handler unit_lead leader admin", 200, nil},
	"GET /stats/reports":          {"dispatcher handler unit_lead leader admin", 200, nil},
	"GET /stats/report":           {"dispatcher handler unit_lead leader admin", 200, nil},
	"GET /stats/cases":            {"dispatcher handler unit_lead leader admin", 400, nil},
	"GET /desk/list":              {"handler unit_lead", 200, nil},
	"GET /cases/{id}":             {"*", 404, nil},
	// The handler sends nobody to sign in and come back to the case.
	"POST /cases/{id}/{action}":  {"*", 404, map[string]int{"anonymous": 303}},
	"POST /cases/{id}/mobilise":  {"dispatcher handler unit_lead admin", 404, nil},
	"POST /cases/{id}/mediation": {"housekeeper dispatcher handler unit_lead leader admin", 404, nil},
	"POST /stats/hotspots/task":  {"dispatcher handler unit_lead admin", 400, nil},
	"GET /leaderboard":           {"resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector", 200, nil},
	"GET /patrol":                {"housekeeper handler unit_lead", 200, nil},
	"POST /patrol/start":         {"housekeeper handler unit_lead", 400, nil},
	"POST /patrol/{id}/{step}":   {"housekeeper handler unit_lead", 404, nil},
	// the demo's handler and lead are urban management's, not a committee's
	"GET /events":                              {"dispatcher leader admin", 200, nil},
	"POST /events":                             {"leader admin", 400, nil},
	"GET /events/{id}":                         {"dispatcher leader admin", 404, nil},
	"POST /events/{id}":                        {"leader admin", 404, nil},
	"GET /events/{id}/edit":                    {"leader admin", 404, nil},
	"GET /events/{id}/figures":                 {"dispatcher leader admin", 404, nil},
	"GET /events/{id}/report":                  {"dispatcher leader admin", 404, nil},
	"GET /events/{id}/report.xlsx":             {"dispatcher leader admin", 404, nil},
	"GET /screen/events/{id}":                  {"dispatcher leader admin", 404, nil},
	"GET /bnb":                                 {"*", 200, nil},
	"GET /my/bnb":                              {"owner", 200, nil},
	"POST /my/bnb/{id}":                        {"owner", 404, nil},
	"GET /staff/bnb":                           {"dispatcher handler unit_lead leader admin", 200, notCommittee},
	"POST /my/bnb/{id}/night":                  {"owner", 404, nil},
	"GET /staff/bnb/load":                      {"dispatcher handler unit_lead leader admin", 200, nil},
	"POST /staff/bnb/load/threshold":           {"dispatcher admin", 400, nil},
	"POST /staff/bnb/nights":                   {"dispatcher admin", 400, nil},
	"GET /staff/bnb/{id}":                      {"dispatcher handler unit_lead leader admin", 404, nil},
	"POST /staff/bnb/{id}":                     {"dispatcher handler unit_lead leader admin", 404, nil},
	"POST /staff/bnb/{id}/link":                {"dispatcher handler unit_lead admin", 404, nil},
	"POST /staff/bnb/{id}/rating":              {"dispatcher admin", 404, nil},
	"GET /bnb/{id}":                            {"*", 404, nil},
	"GET /bnb/score":                           {"*", 200, nil},
	"GET /inspect":                             {"inspector", 200, nil},
	"GET /inspect/{id}/{kind}":                 {"owner inspector", 404, nil},
	"POST /inspect/{id}/{kind}":                {"owner inspector", 404, nil},
	"POST /inspect/rectification/{id}":         {"inspector", 404, nil},
	"GET /my/rectify":                          {"owner", 200, nil},
	"POST /my/rectify/{id}":                    {"owner", 404, nil},
	"GET /admin/checklists":                    {"admin", 200, nil},
	"POST /admin/checklists/{kind}":            {"admin", 409, nil},
	"GET /admin/rounds":                        {"admin", 200, nil},
	"POST /admin/rounds":                       {"admin", 400, nil},
	"GET /patrols":                             {"housekeeper dispatcher handler unit_lead leader admin", 200, notCommittee},
	"GET /apply":                               {"resident housekeeper", 200, nil},
	"POST /apply":                              {"resident housekeeper", 400, nil},
	"GET /tasks":                               {"housekeeper", 200, nil},
	"POST /tasks/{id}/{step}":                  {"housekeeper", 404, nil},
	"GET /admin/channels":                      {"admin", 200, nil},
	"POST /admin/channels":                     {"admin", 400, nil},
	"POST /admin/channels/{id}/{step}":         {"admin", 404, nil},
	"GET /admin/notify-rules":                  {"admin", 200, nil},
	"POST /admin/notify-rules":                 {"admin", 400, nil},
	"GET /admin/outbox":                        {"admin", 200, nil},
	"POST /admin/outbox/{id}/resend":           {"admin", 404, nil},
	"GET /me/notify":                           {"resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector", 200, nil},
	"POST /me/notify":                          {"resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector", 400, nil},
	"POST /me/alerts":                          {"resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector", 400, nil},
	"POST /me/alerts/{id}/delete":              {"resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector", 404, nil},
	"GET /me/points":                           {"resident housekeeper", 200, nil},
	"POST /me/points/redeem/{id}":              {"housekeeper", 404, nil},
	"GET /notices":                             {"housekeeper", 200, nil},
	"GET /notices/{id}":                        {"housekeeper", 404, nil},
	"POST /calls/{id}/accept":                  {"housekeeper", 404, nil},
	"GET /staff/housekeepers":                  {"dispatcher handler unit_lead leader admin", 200, notCommittee},
	"POST /staff/housekeepers/{id}/{decision}": {"dispatcher handler unit_lead leader admin", 404, nil},
	"GET /staff/tasks":                         {"dispatcher handler unit_lead leader admin", 200, nil},
	"POST /staff/tasks":                        {"dispatcher handler unit_lead leader admin", 400, nil},
	"POST /staff/tasks/{id}/confirm":           {"dispatcher handler unit_lead leader admin", 404, map[string]int{"leader": 403}},
	"GET /staff/notices":                       {"dispatcher handler unit_lead leader admin", 200, nil},
	"POST /staff/notices":                      {"dispatcher handler unit_lead leader admin", 400, map[string]int{"handler": 403, "unit_lead": 403, "leader": 403}},
	"GET /staff/rewards":                       {"dispatcher handler unit_lead leader admin", 200, nil},
	// the demo's admin is Wuzhen's; the rewards catalogue is the county's
	"POST /staff/rewards":      {"dispatcher handler unit_lead leader admin", 403, map[string]int{"admin": 403}},
	"POST /staff/receipts/use": {"dispatcher handler unit_lead leader admin", 404, nil},
	// The demo's admin is Wuzhen's: county-wide data (the catalogue's
	// categories, county-wide rules, the calendar, Open311 keys) is the
	// county's to change (403); the empty forms sent here are refused (400).
	"GET /admin":                            {"admin", 200, nil},
	"GET /admin/users":                      {"admin", 200, nil},
	"POST /admin/users":                     {"admin", 400, nil},
	"GET /admin/users/{id}":                 {"admin", 404, nil},
	"POST /admin/users/{id}":                {"admin", 404, nil},
	"POST /admin/users/{id}/password":       {"admin", 404, nil},
	"GET /admin/units":                      {"admin", 200, nil},
	"POST /admin/units":                     {"admin", 400, nil},
	"GET /admin/categories":                 {"admin", 200, nil},
	"POST /admin/categories":                {"admin", 400, nil},
	"POST /admin/categories/town":           {"admin", 400, nil},
	"GET /admin/rules":                      {"admin", 200, nil},
	"POST /admin/rules":                     {"admin", 403, nil},
	"GET /admin/calendar":                   {"admin", 200, nil},
	"POST /admin/calendar":                  {"admin", 403, nil},
	"GET /admin/grids":                      {"admin", 200, nil},
	"POST /admin/grids":                     {"admin", 400, nil},
	"GET /admin/places":                     {"admin", 200, nil},
	"POST /admin/places":                    {"admin", 400, nil},
	"GET /admin/keys":                       {"admin", 403, nil},
	"POST /admin/keys":                      {"admin", 403, nil},
	"POST /admin/keys/{id}/revoke":          {"admin", 403, nil},
	"GET /admin/replies":                    {"admin", 200, nil},
	"POST /admin/replies":                   {"admin", 400, nil},
	"GET /admin/replies/{id}":               {"admin", 404, nil},
	"POST /admin/replies/{id}":              {"admin", 404, nil},
	"GET /admin/audit":                      {"admin", 200, nil},
	"GET /staff/town-settings":              {"admin", 200, nil},
	"GET /my/projects":                      {"dispatcher handler unit_lead leader admin investor", 200, nil},
	"GET /projects/{id}":                    {"dispatcher handler unit_lead leader admin investor", 404, nil},
	"POST /projects/{id}/messages":          {"dispatcher handler unit_lead leader admin investor", 404, nil},
	"POST /projects/{id}/issues":            {"dispatcher handler unit_lead leader admin investor", 404, nil},
	"POST /projects/{id}/items/{item}/done": {"dispatcher handler unit_lead leader admin investor", 404, nil},
	"GET /projects/{id}/files/{file}":       {"dispatcher handler unit_lead leader admin investor", 404, nil},
	"GET /staff/projects":                   {"dispatcher leader admin", 200, nil},
	"POST /staff/projects":                  {"dispatcher admin", 400, nil},
	"GET /admin/project-template":           {"admin", 200, nil},
	"POST /admin/project-template":          {"admin", 400, nil},
	"POST /staff/town-settings/categories":  {"admin", 400, nil},
	"POST /staff/town-settings/calendar":    {"admin", 400, nil},
	"GET /sw.js":                            {"*", 200, nil},
	"GET /manifest.webmanifest":             {"*", 200, nil},
	"GET /static/{name...}":                 {"*", 200, nil},
	"GET /favicon.ico":                      {"*", 200, nil},
	" /":                                    {"*", 404, nil},
}

// notCommittee: the app lets a unit's staff see housekeepers and publish
// notices only when the unit is a village's committee; the demo accounts
// are urban management's. (Leaders watch, and publish nothing.)
var notCommittee = map[string]int{"handler": 403, "unit_lead": 403}

// pageCallers are a demo account per role, and nobody.
var pageCallers = map[string]string{
	"anonymous": "", "resident": "resident", "housekeeper": "housekeeper", "dispatcher": "dispatcher",
	"handler": "handler-urban", "unit_lead": "lead-urban", "leader": "leader", "admin": "admin", "owner": "owner", "investor": "investor",
	"inspector": "inspector",
}

// concretePage fills a route pattern's wildcards with things that do not
// exist, so that no request changes anything.
func concretePage(method, pattern string) string {
	pattern = strings.ReplaceAll(pattern, "{token}", strings.Repeat("A", 55)) // a confirmation link's, of the right length
	if method == "" && pattern == "/" {
		return "/nowhere"
	}
	r := strings.NewReplacer("{$}", "", "{id}", "999999", "{number}", "WZ-19990101-0001", "{action}", "comment",
		"{step}", "claim", "{item}", "1", "{file}", "1", "{decision}", "approve", "{kind}", "fire", "{lang}", "zh", "{name...}", "js/report.js",
		"{z}", "15", "{x}", "27350", "{y}", "13441.mvt")
	return r.Replace(pattern)
}

// TestRouteAuthorization walks every web route × role: a caller the route
// lets in gets the status the table says, nobody else gets past the
// route's check (a redirect to sign in, or 403 with the role refusal).
func TestRouteAuthorization(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	srv, err := web.NewServer(e.app, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	routes := srv.Routes()
	if len(routes) != len(pageRoutes) {
		t.Errorf("%d routes, %d in the table", len(routes), len(pageRoutes))
	}
	clients := map[string]*http.Client{}
	for role, user := range pageCallers {
		clients[role] = e.client(user)
	}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		spec, ok := pageRoutes[key]
		if !ok {
			t.Errorf("route %s is missing from the authorization table", key)
			continue
		}
		path := concretePage(rt.Method, rt.Pattern)
		for role, user := range pageCallers {
			t.Run(key+"/"+role, func(t *testing.T) {
				c := clients[role]
				if key == "POST /logout" {
					c = e.client(user) // keep the shared session alive
				}
				var st int
				var body string
				var resp *http.Response
				if rt.Method == "POST" {
					st, body, resp = e.post(c, path, nil)
				} else {
					st, body, resp = e.get(c, path)
				}
				spec.check(t, role, path, st, resp.Header.Get("Location"), body)
			})
		}
	}
}

// roleRefusal is the page's message when a route's roles refuse someone.
var roleRefusal = i18n.T(i18n.ZH, "Your role may not do this.")

// check compares what role got at path with what the route must give.
func (spec pageRoute) check(t *testing.T, role, path string, st int, loc, body string) {
	t.Helper()
	toLogin := st == 303 && strings.HasPrefix(loc, "/login?next=")
	refused := st == 403 && strings.Contains(body, roleRefusal)
	may := spec.roles == "*" || strings.Contains(" "+spec.roles+" ", " "+role+" ")
	want, special := spec.by[role]
	if !special {
		want = spec.want
	}
	switch {
	case may && (st != want || ((toLogin || refused) && !special)):
		t.Errorf("%s may open %s: got %d %s, want %d", role, path, st, loc, want)
	case !may && role == "anonymous" && !toLogin:
		t.Errorf("nobody may not open %s: got %d %s, want a redirect to sign in", path, st, loc)
	case !may && role != "anonymous" && !refused:
		t.Errorf("%s may not open %s: got %d, want 403 with the role refusal", role, path, st)
	}
}

// TestProjectAccess walks the project routes × roles on a real project,
// B (investor-2's newest, with a PDF in its channel): the investor of
// another project, and a unit not involved, get 404 for all of it; the
// leaders and the command center read it but not its channel or files;
// its investor and an involved unit read everything. Nothing changes: the
// posts are refused (an empty message, an issue without an item, an item
// that waits for another).
func TestProjectAccess(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	u, err := e.db.GetUserByUsername(ctx, "investor-2")
	if err != nil {
		t.Fatal(err)
	}
	inv2 := guanjia.ActorOf(u)
	ps, err := e.app.Projects(ctx, inv2)
	if err != nil || len(ps) == 0 {
		t.Fatalf("investor-2's projects: %v", err)
	}
	b := ps[0]
	var waiting int64
	for _, it := range b.States {
		if it.State == guanjia.ItemWaiting && it.Unit == "urban" {
			waiting = it.ID
		}
	}
	m, err := e.app.PostProjectMessage(ctx, inv2, b.ID, "见附件", &app.Upload{Name: "a.pdf",
		Body: strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")})
	if err != nil || waiting == 0 {
		t.Fatalf("the fixture: %v, waiting item %d", err, waiting)
	}
	base := fmt.Sprintf("/projects/%d", b.ID)
	routes := []string{"GET " + base, fmt.Sprintf("GET %s/files/%d", base, m.File.ID), "POST " + base + "/messages",
		"POST " + base + "/issues", fmt.Sprintf("POST %s/items/%d/done", base, waiting)}
	want := map[string][]int{ // by caller, in the order of routes
		"investor":        {404, 404, 404, 404, 404},
		"investor-2":      {200, 200, 400, 400, 403},
		"handler-urban":   {200, 200, 400, 403, 409},
		"handler-justice": {404, 404, 404, 404, 404},
		"leader":          {200, 404, 404, 403, 403},
		"dispatcher":      {200, 404, 404, 403, 409},
		"puyuan-admin":    {404, 404, 404, 404, 404},
	}
	for user, sts := range want {
		c := e.client(user)
		for i, rt := range routes {
			method, path, _ := strings.Cut(rt, " ")
			var st int
			if method == "POST" {
				st, _, _ = e.post(c, path, url.Values{"body": {""}})
			} else {
				st, _, _ = e.get(c, path)
			}
			if st != sts[i] {
				t.Errorf("%s: %s: %d, want %d", user, rt, st, sts[i])
			}
		}
	}
}
