package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
)

// TestBnBAPI: over HTTP, an owner lists and changes their own B&Bs;
// another owner's is 404 to read and to change; a 15th room is 422 with
// a message in the caller's language; Puyuan's admin gets 404 for a
// Wuzhen B&B; the public directory carries no owner.
func TestBnBAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		owner, other := e.login("owner"), e.login("owner-001")
		var mine, theirs struct{ BnBs []guanjia.BnB }
		e.mustDo("GET", "/api/v1/bnbs", owner, nil, http.StatusOK, &mine)
		e.mustDo("GET", "/api/v1/bnbs", other, nil, http.StatusOK, &theirs)
		if len(mine.BnBs) != 2 || len(theirs.BnBs) == 0 {
			t.Fatalf("%d and %d B&Bs", len(mine.BnBs), len(theirs.BnBs))
		}
		b, alien := mine.BnBs[0], theirs.BnBs[0]
		path := fmt.Sprintf("/api/v1/bnbs/%d", b.ID)
		body := map[string]any{"name": b.Name, "address": b.Address, "lat": b.Lat, "lng": b.Lng, "rooms": 5, "beds": 8,
			"floors": b.Floors, "floor_area": b.FloorArea, "licences": b.Licences}
		var got guanjia.BnB
		e.mustDo("PUT", path, owner, body, http.StatusOK, &got)
		if got.Rooms != 5 || got.Beds != 8 || got.OwnerID != b.OwnerID {
			t.Errorf("after PUT: %+v", got)
		}
		e.mustDo("GET", fmt.Sprintf("/api/v1/bnbs/%d", alien.ID), owner, nil, http.StatusNotFound, nil)
		e.mustDo("PUT", fmt.Sprintf("/api/v1/bnbs/%d", alien.ID), owner, body, http.StatusNotFound, nil)
		e.mustDo("GET", path, e.login("puyuan-admin"), nil, http.StatusNotFound, nil)
		e.mustDo("GET", path, e.login("dispatcher"), nil, http.StatusOK, nil)
		body["rooms"], body["beds"] = 15, 20
		st, resp := e.do("PUT", path, owner, body)
		if st != http.StatusUnprocessableEntity || !strings.Contains(string(resp), "14") {
			t.Errorf("15 rooms: %d %s", st, resp)
		}
		st, resp = e.do("GET", "/api/v1/bnbs/directory", "", nil)
		if st != http.StatusOK || !strings.Contains(string(resp), b.Name) || strings.Contains(string(resp), "owner") {
			t.Errorf("the directory: %d %.300s", st, resp)
		}
	})
}
