package httpapi_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestObjectAuthorization: a role allowed on a route still acts only on
// its own objects. A unit's handler may neither link another unit's case
// to a B&B nor publish a check of it (mobilising for it is refused too);
// a leader reads a dispute's mediation but records nothing, and an edit
// of it against an older version is refused; the B&B association's
// inspector peer-reviews members only.
func TestObjectAuthorization(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	lat, lng := e.pointIn(e.firstGrid().Code)
	report := func(category string) caseJSON {
		var c caseJSON
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": category, "lat": lat, "lng": lng,
			"description": "路口垃圾没人收"}, http.StatusCreated, &c)
		return c
	}
	expect := func(user, method, path string, body any, want int) {
		t.Helper()
		if st, b := e.do(method, path, e.login(user), body); st != want {
			t.Errorf("%s %s as %s: %d, want %d; %.300s", method, path, user, st, want, b)
		}
	}
	garbage := report("garbage")
	if garbage.Unit != "sanitation" {
		t.Fatalf("garbage went to %q", garbage.Unit)
	}
	var mine struct{ BnBs []guanjia.BnB }
	e.mustDo("GET", "/api/v1/bnbs", e.login("owner"), nil, http.StatusOK, &mine)
	link := fmt.Sprintf("/api/v1/cases/%d/bnb", garbage.ID)
	expect("handler-water", "PUT", link, map[string]any{"bnb_id": mine.BnBs[0].ID}, http.StatusForbidden)
	expect("handler-sanitation", "PUT", link, map[string]any{"bnb_id": mine.BnBs[0].ID}, http.StatusOK)

	expect("handler-water", "POST", fmt.Sprintf("/api/v1/cases/%d/mobilise", garbage.ID), map[string]any{"radius": 500}, http.StatusForbidden)
	check := map[string]any{"title": "核查垃圾", "kind": "check", "case_id": garbage.ID,
		"starts_at": "2026-11-02T10:00:00+08:00", "ends_at": "2026-11-02T12:00:00+08:00", "needed": 2, "points": 10}
	expect("handler-water", "POST", "/api/v1/tasks", check, http.StatusForbidden)
	expect("handler-sanitation", "POST", "/api/v1/tasks", check, http.StatusCreated)

	dispute := report("neighbour-dispute")
	mediation := fmt.Sprintf("/api/v1/cases/%d/mediation", dispute.ID)
	expect("leader", "GET", mediation, nil, http.StatusOK)
	record := map[string]any{"parties": []map[string]string{{"name": "张三"}, {"name": "李四"}}}
	expect("leader", "POST", mediation, record, http.StatusForbidden)
	expect("dispatcher", "POST", mediation, record, http.StatusOK)
	// Two people editing at once: the second, against the record as it was
	// before the first saved, gets 409 instead of overwriting unseen.
	outcome := func(version int) map[string]any {
		return map[string]any{"outcome": "agreement", "agreement": "各退一步", "version": version}
	}
	expect("dispatcher", "POST", mediation, outcome(1), http.StatusOK)
	expect("dispatcher", "POST", mediation, outcome(1), http.StatusConflict)

	var cl guanjia.Checklist
	e.mustDo("GET", "/api/v1/bnb-checklists/peer", "", nil, http.StatusOK, &cl)
	results := []map[string]any{}
	for _, it := range cl.Items {
		results = append(results, map[string]any{"code": it.Code, "result": "pass"})
	}
	peer := map[string]any{"kind": "peer", "version": cl.Version, "results": results}
	var due struct{ Due []guanjia.DueInspection }
	e.mustDo("GET", "/api/v1/inspections/due", e.login("inspector-peer"), nil, http.StatusOK, &due)
	if len(due.Due) == 0 || mine.BnBs[0].Member {
		t.Fatalf("no member B&B due for peer review (%d), or the owner's is a member", len(due.Due))
	}
	member, other := due.Due[0].BnBID, mine.BnBs[0].ID
	expect("inspector-peer", "POST", fmt.Sprintf("/api/v1/bnbs/%d/inspections", other), peer, http.StatusForbidden)
	expect("inspector-peer", "POST", fmt.Sprintf("/api/v1/bnbs/%d/inspections", member), peer, http.StatusCreated)
}
