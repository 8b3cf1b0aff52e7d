package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestInspectionAPI: over HTTP, the fire inspector records an inspection
// with a failed item (201, the item carrying its case); another owner gets
// 404 for the B&B's inspections and for a self-inspection of it, and sees
// none of its rectifications; the police inspector may not re-inspect the
// fire station's rectification (404), nor may the owner before fixing it
// be verified (422); a checklist edit by an owner is refused; the score is
// public. (SQLite only: the app test covers both engines.)
func TestInspectionAPI(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	owner, other, fire := e.login("owner"), e.login("owner-001"), e.login("inspector")
	var mine struct{ BnBs []guanjia.BnB }
	e.mustDo("GET", "/api/v1/bnbs", owner, nil, http.StatusOK, &mine)
	b := mine.BnBs[0]
	var cl guanjia.Checklist
	e.mustDo("GET", "/api/v1/bnb-checklists/fire", "", nil, http.StatusOK, &cl)
	results := []map[string]any{}
	for _, it := range cl.Items {
		res := "pass"
		if it.Code == "gas" {
			res = "fail"
		}
		results = append(results, map[string]any{"code": it.Code, "result": res})
	}
	body := map[string]any{"kind": "fire", "version": cl.Version, "results": results, "client_id": "api-1"}
	path := fmt.Sprintf("/api/v1/bnbs/%d/inspections", b.ID)
	var x guanjia.Inspection
	e.mustDo("POST", path, fire, body, http.StatusCreated, &x)
	var caseID int64
	for _, r := range x.Results {
		caseID += r.Case
	}
	if x.Failed != 1 || caseID == 0 {
		t.Fatalf("inspection: %+v", x)
	}
	e.mustDo("GET", path, other, nil, http.StatusNotFound, nil)
	e.mustDo("POST", path, other, body, http.StatusNotFound, nil)
	e.mustDo("GET", path, owner, nil, http.StatusOK, nil)
	var theirs struct{ Rectifications []guanjia.Rectification }
	e.mustDo("GET", "/api/v1/rectifications", other, nil, http.StatusOK, &theirs)
	if len(theirs.Rectifications) != 0 {
		t.Errorf("another owner sees %d rectifications", len(theirs.Rectifications))
	}
	re := fmt.Sprintf("/api/v1/rectifications/%d/reinspect", caseID)
	e.mustDo("POST", re, e.login("inspector-police"), map[string]any{"fixed": true}, http.StatusNotFound, nil)
	e.mustDo("POST", re, fire, map[string]any{"fixed": true}, http.StatusUnprocessableEntity, nil)
	e.mustDo("PUT", "/api/v1/bnb-checklists/fire", owner, map[string]any{"items": cl.Items}, http.StatusForbidden, nil)
	var rep struct{ Reputation guanjia.Reputation }
	e.mustDo("GET", fmt.Sprintf("/api/v1/bnbs/%d/reputation", b.ID), "", nil, http.StatusOK, &rep)
	if rep.Reputation.Parts.Failed != 1 || rep.Reputation.Score != guanjia.Score(rep.Reputation.Parts).Score {
		t.Errorf("reputation: %+v", rep.Reputation)
	}
}
