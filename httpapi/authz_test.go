package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/httpapi"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// routeRoles says, for every API route, which callers may reach its
// handler. "*" is anyone, signed in or not. It is written by hand: a route
// added without an entry here fails the test.
var routeRoles = map[string]string{
	"POST /api/v1/login":                                 "*",
	"POST /api/v1/logout":                                "*",
	"POST /api/v1/login/phone/code":                      "*",
	"POST /api/v1/login/phone":                           "*",
	"GET /api/v1/me":                                     "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/openapi.json":                           "*",
	"GET /api/v1/jurisdictions":                          "*",
	"GET /api/v1/categories":                             "*",
	"PUT /api/v1/categories/{code}":                      "admin",
	"PUT /api/v1/jurisdictions/{town}/categories/{code}": "admin",
	"GET /api/v1/units":                                  "*",
	"PUT /api/v1/units/{code}":                           "admin",
	"GET /api/v1/villages":                               "*",
	"GET /api/v1/grids":                                  "*",
	"POST /api/v1/grids":                                 "admin",
	"GET /api/v1/rules":                                  "dispatcher handler unit_lead leader admin",
	"POST /api/v1/rules":                                 "admin",
	"GET /api/v1/calendar":                               "*",
	"PUT /api/v1/calendar/{date}":                        "admin",
	"GET /api/v1/jurisdictions/{town}/calendar":          "*",
	"PUT /api/v1/jurisdictions/{town}/calendar/{date}":   "admin",
	"GET /api/v1/locate":                                 "*",
	"GET /api/v1/places":                                 "*",
	"POST /api/v1/places":                                "admin",
	"POST /api/v1/photos":                                "*",
	"POST /api/v1/cases":                                 "*",
	"GET /api/v1/cases":                                  "*",
	"GET /api/v1/cases/counts":                           "dispatcher handler unit_lead leader admin",
	"GET /api/v1/cases/stats":                            "dispatcher handler unit_lead leader admin",
	"GET /api/v1/stats":                                  "dispatcher handler unit_lead leader admin",
	"GET /api/v1/stats/hotspots":                         "dispatcher handler unit_lead leader admin",
	"POST /api/v1/stats/hotspots/tasks":                  "dispatcher handler unit_lead admin",
	"GET /api/v1/reports/{file}":                         "dispatcher handler unit_lead leader admin",
	"GET /api/v1/cases/map":                              "*",
	"GET /api/v1/cases/{id}":                             "*",
	"GET /api/v1/cases/{id}/timeline":                    "*",
	"GET /api/v1/cases/{id}/duplicates":                  "dispatcher handler unit_lead leader admin",
	"POST /api/v1/cases/{id}/{action}":                   "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/track/{number}":                         "*",
	"POST /api/v1/track/{number}/{action}":               "*",
	"GET /api/v1/events":                                 "dispatcher handler unit_lead leader admin",
	"GET /api/v1/users":                                  "admin",
	"POST /api/v1/users":                                 "admin",
	"PUT /api/v1/users/{id}":                             "admin",
	"GET /api/v1/audit":                                  "admin",
	"GET /api/v1/replies":                                "dispatcher handler unit_lead leader admin",
	"POST /api/v1/replies":                               "admin",
	"PUT /api/v1/replies/{id}":                           "admin",

	"POST /api/v1/housekeepers/apply":           "resident",
	"GET /api/v1/housekeepers":                  "dispatcher handler unit_lead leader admin",
	"POST /api/v1/housekeepers/{id}/approve":    "handler unit_lead admin",
	"POST /api/v1/housekeepers/{id}/decline":    "handler unit_lead admin",
	"POST /api/v1/housekeepers/{id}/suspend":    "handler unit_lead admin",
	"GET /api/v1/me/housekeeper":                "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/coverage":                      "*",
	"GET /api/v1/notify/channels":               "admin",
	"POST /api/v1/notify/channels":              "admin",
	"PUT /api/v1/notify/channels/{id}":          "admin",
	"DELETE /api/v1/notify/channels/{id}":       "admin",
	"GET /api/v1/notify/rules":                  "admin",
	"PUT /api/v1/notify/rules":                  "admin",
	"GET /api/v1/notify/log":                    "admin",
	"POST /api/v1/notify/log/{id}/resend":       "admin",
	"GET /api/v1/me/notify":                     "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"PUT /api/v1/me/notify":                     "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/me/alerts":                     "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"POST /api/v1/me/alerts":                    "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"DELETE /api/v1/me/alerts/{id}":             "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/me/points":                     "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/points":                        "dispatcher handler unit_lead leader admin",
	"POST /api/v1/points/{id}/reverse":          "dispatcher admin",
	"GET /api/v1/points/rules":                  "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"PUT /api/v1/points/rules":                  "admin",
	"GET /api/v1/leaderboard":                   "*",
	"GET /api/v1/honours":                       "*",
	"GET /api/v1/rewards":                       "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"POST /api/v1/rewards":                      "admin",
	"PUT /api/v1/rewards/{id}":                  "admin",
	"POST /api/v1/rewards/{id}/redeem":          "housekeeper",
	"GET /api/v1/me/redemptions":                "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"GET /api/v1/redemptions/{code}":            "dispatcher handler unit_lead admin",
	"POST /api/v1/redemptions/{code}/use":       "dispatcher handler unit_lead admin",
	"GET /api/v1/tasks":                         "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/tasks":                        "dispatcher handler unit_lead admin",
	"GET /api/v1/tasks/{id}":                    "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/tasks/{id}/claim":             "housekeeper",
	"POST /api/v1/tasks/{id}/checkin":           "housekeeper",
	"POST /api/v1/tasks/{id}/complete":          "housekeeper",
	"POST /api/v1/tasks/{id}/confirm":           "dispatcher handler unit_lead admin",
	"POST /api/v1/cases/{id}/mobilise":          "dispatcher handler unit_lead admin",
	"GET /api/v1/cases/{id}/mobilisations":      "dispatcher handler unit_lead leader admin",
	"GET /api/v1/me/mobilisations":              "resident housekeeper dispatcher handler unit_lead leader admin owner investor inspector",
	"POST /api/v1/me/mobilisations/{id}/accept": "housekeeper",
	"GET /api/v1/me/events":                     "housekeeper",
	"GET /api/v1/notices":                       "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/notices":                      "dispatcher handler unit_lead admin",
	"GET /api/v1/notices/{id}":                  "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/notices/{id}/read":            "housekeeper",
	"GET /api/v1/cases/{id}/mediation":          "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/cases/{id}/mediation":         "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/calls":                        "dispatcher admin",
	"GET /api/v1/calls/check":                   "dispatcher admin",
	"GET /api/v1/units/{code}/members":          "dispatcher handler unit_lead leader admin",

	"POST /api/v1/patrols":                          "housekeeper handler unit_lead",
	"GET /api/v1/patrols":                           "housekeeper dispatcher handler unit_lead leader admin",
	"GET /api/v1/patrols/current":                   "housekeeper handler unit_lead",
	"GET /api/v1/patrols/{id}":                      "housekeeper dispatcher handler unit_lead leader admin",
	"POST /api/v1/patrols/{id}/checkins":            "housekeeper handler unit_lead",
	"POST /api/v1/patrols/{id}/findings":            "housekeeper handler unit_lead",
	"POST /api/v1/patrols/{id}/findings/{fid}/case": "housekeeper handler unit_lead",
	"POST /api/v1/patrols/{id}/end":                 "housekeeper handler unit_lead",

	"GET /api/v1/bnbs":           "dispatcher handler unit_lead leader admin owner",
	"POST /api/v1/bnbs":          "dispatcher handler unit_lead leader admin owner",
	"GET /api/v1/bnbs/directory": "*",
	"GET /api/v1/bnbs/{id}":      "dispatcher handler unit_lead leader admin owner",
	"PUT /api/v1/bnbs/{id}":      "dispatcher handler unit_lead leader admin owner",

	"GET /api/v1/bnbs/near":                             "*",
	"GET /api/v1/bnbs/{id}/nights":                      "dispatcher handler unit_lead leader admin owner",
	"PUT /api/v1/bnbs/{id}/nights/{night}":              "dispatcher handler unit_lead leader admin owner",
	"GET /api/v1/bnbs/{id}/complaints":                  "dispatcher handler unit_lead leader admin owner",
	"GET /api/v1/bnbs/{id}/complaint-counts":            "*",
	"POST /api/v1/bnb-nights":                           "dispatcher admin",
	"GET /api/v1/bnb-load":                              "dispatcher handler unit_lead leader admin",
	"PUT /api/v1/bnb-load/threshold":                    "dispatcher admin",
	"GET /api/v1/cases/{id}/bnb":                        "dispatcher handler unit_lead leader admin",
	"PUT /api/v1/cases/{id}/bnb":                        "dispatcher handler unit_lead admin",
	"GET /api/v1/projects":                              "dispatcher handler unit_lead leader admin investor",
	"POST /api/v1/projects":                             "dispatcher admin",
	"GET /api/v1/projects/dashboard":                    "dispatcher leader admin",
	"GET /api/v1/projects/{id}":                         "dispatcher handler unit_lead leader admin investor",
	"POST /api/v1/projects/{id}/items/{item}/done":      "dispatcher handler unit_lead leader admin investor",
	"POST /api/v1/projects/{id}/issues":                 "dispatcher handler unit_lead leader admin investor",
	"GET /api/v1/projects/{id}/messages":                "dispatcher handler unit_lead leader admin investor",
	"POST /api/v1/projects/{id}/messages":               "dispatcher handler unit_lead leader admin investor",
	"GET /api/v1/projects/{id}/files/{file}":            "dispatcher handler unit_lead leader admin investor",
	"GET /api/v1/jurisdictions/{town}/project-template": "admin",
	"PUT /api/v1/jurisdictions/{town}/project-template": "admin",
	"GET /api/v1/bnb-checklists/{kind}":                 "*",
	"PUT /api/v1/bnb-checklists/{kind}":                 "admin",
	"GET /api/v1/bnbs/{id}/inspections":                 "dispatcher handler unit_lead leader admin owner inspector",
	"POST /api/v1/bnbs/{id}/inspections":                "owner inspector",
	"GET /api/v1/bnbs/{id}/reputation":                  "*",
	"PUT /api/v1/bnbs/{id}/rating":                      "dispatcher admin",
	"GET /api/v1/inspections/due":                       "inspector",
	"GET /api/v1/rectifications":                        "owner inspector",
	"POST /api/v1/rectifications/{id}/reinspect":        "inspector",
	"GET /api/v1/conferences":                           "dispatcher leader admin",
	"POST /api/v1/conferences":                          "leader admin",
	"GET /api/v1/conferences/{id}":                      "dispatcher leader admin",
	"PUT /api/v1/conferences/{id}":                      "leader admin",
	"GET /api/v1/conferences/{id}/cases.csv":            "dispatcher leader admin",
}

// callers are a demo account per role, and nobody.
var callers = map[string]string{
	"anonymous": "", "resident": "resident", "housekeeper": "housekeeper", "dispatcher": "dispatcher",
	"handler": "handler-urban", "unit_lead": "lead-urban", "leader": "leader", "admin": "admin", "owner": "owner", "investor": "investor",
	"inspector": "inspector",
}

// concrete fills a route pattern's wildcards.
func concrete(pattern string) string {
	r := strings.NewReplacer("{code}", "garbage", "{date}", "2026-12-31", "{id}", "1", "{kind}", "fire", "{action}", "comment", "{number}", "WZ-20261102-0001", "{night}", "2026-11-02")
	return r.Replace(pattern)
}

// TestRouteAuthorization walks every route × role: an allowed caller gets
// past the route's check, anyone else gets 401 (nobody) or 403.
func TestRouteAuthorization(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	routes := httpapi.New(e.app, httpapi.Options{}).Routes()
	if len(routes) != len(routeRoles) {
		t.Errorf("%d routes, %d in the table", len(routes), len(routeRoles))
	}
	for _, rt := range routes {
		key := rt.Method + " " + rt.Pattern
		allowed, ok := routeRoles[key]
		if !ok {
			t.Errorf("route %s is missing from the authorization table", key)
			continue
		}
		for role, user := range callers {
			t.Run(key+"/"+role, func(t *testing.T) {
				if key == "GET /api/v1/events" || key == "GET /api/v1/me/events" {
					t.Skip("a stream; covered by TestLiveEvents and TestHousekeeperEvents")
				}
				tok := ""
				if user != "" {
					tok = e.login(user)
				}
				if key == "POST /api/v1/logout" {
					tok = "" // keep the cached session alive
				}
				st, body := e.do(rt.Method, concrete(rt.Pattern), tok, map[string]any{})
				denied := routeDenied(body)
				may := allowed == "*" || strings.Contains(" "+allowed+" ", " "+role+" ")
				switch {
				case may && denied:
					t.Errorf("%s may call it but was refused: %d %s", role, st, body)
				case !may && (!denied || (role == "anonymous" && st != 401) || (role != "anonymous" && st != 403)):
					t.Errorf("%s may not call it but got %d %s", role, st, body)
				}
			})
		}
	}
}

// routeDenied reports whether a body is the route-level refusal.
func routeDenied(body []byte) bool {
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	return (e.Error.Code == "unauthorized" && e.Error.Message == "请先登录。") ||
		(e.Error.Code == "forbidden" && e.Error.Message == "您的角色无权执行此操作。")
}

// TestProjectAPIAccess walks the project routes × roles on a real project,
// B (investor-2's newest): the investor of another project and a unit not
// involved get 404 for all of it; leaders and the command center read it
// but not its channel; its investor and an involved unit read it all.
// The posts change nothing (an empty message, an issue without an item,
// an item that waits for another).
func TestProjectAPIAccess(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	var theirs struct {
		Projects []struct {
			ID     int64
			States []struct {
				ID          int64
				State, Unit string
			} `json:"item_states"`
		}
	}
	e.mustDo("GET", "/api/v1/projects", e.login("investor-2"), nil, http.StatusOK, &theirs)
	b := theirs.Projects[0]
	var waiting int64
	for _, it := range b.States {
		if it.State == "waiting" && it.Unit == "urban" {
			waiting = it.ID
		}
	}
	base := fmt.Sprintf("/api/v1/projects/%d", b.ID)
	routes := []string{"GET " + base, "GET " + base + "/messages", "POST " + base + "/messages", "POST " + base + "/issues",
		fmt.Sprintf("POST %s/items/%d/done", base, waiting)}
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
		tok := e.login(user)
		for i, rt := range routes {
			method, path, _ := strings.Cut(rt, " ")
			body := map[string]any{"body": ""}
			if strings.HasSuffix(path, "/issues") {
				body = map[string]any{"item_id": 0}
			}
			if st, resp := e.do(method, path, tok, body); st != sts[i] {
				t.Errorf("%s: %s: %d, want %d: %.200s", user, rt, st, sts[i], resp)
			}
		}
	}
}
