package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestReinspectAnswerIsRedacted: the answer to a re-inspection is the case
// as the re-inspecting inspector may see it. A second inspector of the fire
// station, who did not report the rectification, must not get its reporter
// (the first inspector's account id and name), nor the unit's internal
// business (handler, supervision).
func TestReinspectAnswerIsRedacted(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	owner, fire := e.login("owner"), e.login("inspector")
	// A second inspector of the same authority.
	e.mustDo("POST", "/api/v1/users", e.login("admin"), map[string]any{"username": "inspector-fire-2", "name": "赵第二监督员",
		"role": "inspector", "unit": "fire", "password": "Correct-Horse-Battery-9"}, http.StatusCreated, nil)
	var tok struct{ Token string }
	e.mustDo("POST", "/api/v1/login", "", map[string]string{"username": "inspector-fire-2", "password": "Correct-Horse-Battery-9"}, http.StatusOK, &tok)
	fire2 := tok.Token

	x := e.failGas(owner, fire, "pii-1")
	var caseID int64
	for _, r := range x.Results {
		caseID += r.Case
	}
	// The owner signs for it and reports it fixed.
	path := fmt.Sprintf("/api/v1/cases/%d/", caseID)
	e.mustDo("POST", path+"accept", owner, map[string]any{}, http.StatusOK, nil)
	e.mustDo("POST", path+"resolve", owner, map[string]any{"note": "已更换燃气管"}, http.StatusOK, nil)

	st, body := e.do("POST", fmt.Sprintf("/api/v1/rectifications/%d/reinspect", caseID), fire2, map[string]any{"fixed": true})
	if st != http.StatusOK {
		t.Fatalf("reinspect: %d %s", st, body)
	}
	for _, leak := range []string{`"reporter_id"`, `"reporter_name"`, "钱卫东"} {
		if strings.Contains(string(body), leak) {
			t.Errorf("the re-inspection's answer gives inspector-fire-2 the reporter's %s", leak)
		}
	}
}

// TestExtensionReasonIsInternal: an extension request is an internal step
// (its event is not public), yet the pending extension's reason and the
// requesting handler's account id ride on the public case JSON.
func TestExtensionReasonIsInternal(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	lat, lng := e.pointIn(e.firstGrid().Code)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
		"description": "垃圾桶满了"}, http.StatusCreated, &c)
	h := e.login("handler-sanitation")
	path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
	e.mustDo("POST", path+"accept", h, map[string]any{}, http.StatusOK, nil)
	var full struct {
		ResolveDueAt string `json:"resolve_due_at"`
		Handler      int64  `json:"handler"`
	}
	e.mustDo("GET", fmt.Sprintf("/api/v1/cases/%d", c.ID), h, nil, http.StatusOK, &full)
	until := e.clock.Now().AddDate(0, 1, 0).Format("2006-01-02T15:04:05+08:00")
	e.mustDo("POST", path+"extend", h, map[string]any{"until": until, "reason": "内部原因：承包商王五住院"}, http.StatusOK, nil)

	for _, who := range []string{"", "resident-001"} {
		tok := ""
		if who != "" {
			tok = e.login(who)
		}
		_, body := e.do("GET", fmt.Sprintf("/api/v1/cases/%d", c.ID), tok, nil)
		if strings.Contains(string(body), "承包商王五") || strings.Contains(string(body), fmt.Sprintf(`"requested_by":%d`, full.Handler)) {
			t.Errorf("as %q GET /api/v1/cases/%d shows the internal extension request (reason, handler's account id %d)", who, c.ID, full.Handler)
		}
	}
}

// TestMediationPartiesOutsideGrid: a dispute's mediation record is for staff
// who may work on the case and the grid's housekeepers (guanjia.MayMediate).
// A housekeeper of another grid who merely reported the dispute is not the
// grid's housekeeper, yet reads the parties.
func TestMediationPartiesOutsideGrid(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	var me guanjia.User
	e.mustDo("GET", "/api/v1/me", e.login("housekeeper"), nil, http.StatusOK, &me)
	g := e.firstGrid()
	if g.Code == me.Grid {
		t.Fatal("pick another grid")
	}
	lat, lng := e.pointIn(g.Code)
	var c caseJSON
	e.mustDo("POST", "/api/v1/cases", e.login("housekeeper"), map[string]any{"category": "neighbour-dispute", "lat": lat, "lng": lng,
		"description": "两家为车位争吵"}, http.StatusCreated, &c)
	// The committee (or command center) records the parties.
	e.mustDo("POST", fmt.Sprintf("/api/v1/cases/%d/mediation", c.ID), e.login("dispatcher"), map[string]any{
		"parties": []map[string]string{{"name": "甲方赵大", "role": "applicant", "phone": "13900001111"},
			{"name": "乙方钱二", "role": "respondent", "phone": "13900002222"}}}, http.StatusOK, nil)
	st, body := e.do("GET", fmt.Sprintf("/api/v1/cases/%d/mediation", c.ID), e.login("housekeeper"), nil)
	if st == http.StatusOK && strings.Contains(string(body), "甲方赵大") {
		t.Errorf("a housekeeper outside the case's grid reads the dispute's parties")
	}
}

// TestRectificationOwnerPublic: the public directory shows nothing of a
// B&B's owner, but a rectification case is a public case whose unit names
// the owner's account (owner-<user id>), beside the B&B's name and address.
func TestRectificationOwnerPublic(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	owner, fire := e.login("owner"), e.login("inspector")
	var me guanjia.User
	e.mustDo("GET", "/api/v1/me", owner, nil, http.StatusOK, &me)
	e.failGas(owner, fire, "pii-2")
	var own struct{ Cases []caseJSON }
	e.mustDo("GET", "/api/v1/cases?category=bnb-rectify-urgent,bnb-rectify", owner, nil, http.StatusOK, &own)
	if len(own.Cases) == 0 {
		t.Fatal("the owner lists no rectification cases")
	}
	_, body := e.do("GET", fmt.Sprintf("/api/v1/cases/%d", own.Cases[0].ID), owner, nil)
	if !strings.Contains(string(body), `"unit":"`+guanjia.OwnerUnit(me.ID)+`"`) {
		t.Errorf("the owner does not see the case is with them: %.300s", body)
	}
	for _, p := range []string{"/api/v1/cases?category=bnb-rectify-urgent,bnb-rectify", "/open311/v2/requests.json?service_code=bnb-rectify-urgent,bnb-rectify"} {
		_, body := e.do("GET", p, "", nil)
		if strings.Contains(string(body), guanjia.OwnerUnit(me.ID)) {
			t.Errorf("anonymous GET %s names the B&B owner's account %s", p, guanjia.OwnerUnit(me.ID))
		}
	}
}

// TestFindingToCaseAgainIsRedacted: a second tap on "make it a case" returns
// the case stored, unredacted: the reporting housekeeper gets the unit's
// internal business (the assigned handler's account id, a leader's
// supervision order) that their own report's view (Case.Redacted) hides.
func TestFindingToCaseAgainIsRedacted(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	hk := e.login("housekeeper")
	var p guanjia.Patrol
	e.mustDo("POST", "/api/v1/patrols", hk, map[string]any{}, http.StatusCreated, &p)
	pts, err := e.app.PatrolPoints(p.Grid)
	if err != nil {
		t.Fatal(err)
	}
	var f guanjia.PatrolFinding
	e.mustDo("POST", fmt.Sprintf("/api/v1/patrols/%d/findings", p.ID), hk,
		map[string]any{"lat": pts[0].Lat, "lng": pts[0].Lng, "category": "garbage", "note": "垃圾桶倒了"}, http.StatusCreated, &f)
	tap := fmt.Sprintf("/api/v1/patrols/%d/findings/%d/case", p.ID, f.ID)
	var k caseJSON
	e.mustDo("POST", tap, hk, nil, http.StatusCreated, &k)
	path := fmt.Sprintf("/api/v1/cases/%d/", k.ID)
	e.mustDo("POST", path+"accept", e.login("handler-sanitation"), map[string]any{}, http.StatusOK, nil)
	e.mustDo("POST", path+"supervise", e.login("leader"), map[string]any{"note": "内部督办：领导批示", "until": "2026-11-03T09:00:00+08:00"}, http.StatusOK, nil)
	_, own := e.do("GET", fmt.Sprintf("/api/v1/cases/%d", k.ID), hk, nil)
	_, body := e.do("POST", tap, hk, nil)
	for _, leak := range []string{`"handler":`, `"supervision":`, "内部督办"} {
		if strings.Contains(string(body), leak) && !strings.Contains(string(own), leak) {
			t.Errorf("the second tap gives the housekeeper %s, which their own view of the case hides", leak)
		}
	}
}

// failGas has the fire inspector fail the gas item of a fire inspection
// of the owner's first B&B (a rectification case for the owner), and
// returns the inspection.
func (e *testEnv) failGas(owner, inspector, clientID string) guanjia.Inspection {
	e.t.Helper()
	var mine struct{ BnBs []guanjia.BnB }
	e.mustDo("GET", "/api/v1/bnbs", owner, nil, http.StatusOK, &mine)
	var cl guanjia.Checklist
	e.mustDo("GET", "/api/v1/bnb-checklists/fire", "", nil, http.StatusOK, &cl)
	results := []map[string]any{}
	for _, it := range cl.Items {
		res := "pass"
		if it.Code == "gas" {
			res = "fail"
		}
		results = append(results, map[string]any{"code": it.Code, "result": res, "note": "燃气管老化"})
	}
	var x guanjia.Inspection
	e.mustDo("POST", fmt.Sprintf("/api/v1/bnbs/%d/inspections", mine.BnBs[0].ID), inspector,
		map[string]any{"kind": "fire", "version": cl.Version, "results": results, "client_id": clientID}, http.StatusCreated, &x)
	return x
}
