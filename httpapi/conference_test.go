package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestConferenceAPI: a leader creates an event over HTTP; a polygon whose
// ring is open is 400 with a message that says so; the dispatcher reads
// it, Puyuan's admin gets 404, and a dispatcher may not change it.
func TestConferenceAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		leader := e.login("leader")
		now := time.Now().UTC()
		body := map[string]any{"name": "乌镇戏剧节", "setup_from": now, "start": now.Add(time.Hour), "end": now.Add(48 * time.Hour),
			"teardown_until": now.Add(72 * time.Hour), "sign_limit": map[string]any{"n": 15, "unit": "min"},
			"area": json.RawMessage(`{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75]]]}`)}
		st, resp := e.do("POST", "/api/v1/conferences", leader, body)
		if st != http.StatusBadRequest || !strings.Contains(string(resp), "ring") {
			t.Errorf("an open ring: %d %s, want 400 naming the ring", st, resp)
		}
		body["area"] = json.RawMessage(`{"type":"Polygon","coordinates":[[[120.48,30.74],[120.49,30.74],[120.49,30.75],[120.48,30.74]]]}`)
		var made struct{ ID int64 }
		e.mustDo("POST", "/api/v1/conferences", leader, body, http.StatusCreated, &made)
		path := fmt.Sprintf("/api/v1/conferences/%d", made.ID)
		var got struct {
			Event   struct{ Name string }
			CaseIDs []int64 `json:"case_ids"`
		}
		e.mustDo("GET", path, e.login("dispatcher"), nil, http.StatusOK, &got)
		if got.Event.Name != "乌镇戏剧节" {
			t.Errorf("GET: %+v", got)
		}
		e.mustDo("GET", path, e.login("puyuan-admin"), nil, http.StatusNotFound, nil)
		if st, csv := e.do("GET", path+"/cases.csv", leader, nil); st != http.StatusOK || !strings.HasPrefix(string(csv), "\ufeffid,number,") {
			t.Errorf("the event's cases as CSV: %d %.80q", st, csv)
		}
		e.mustDo("GET", path+"/cases.csv", e.login("puyuan-admin"), nil, http.StatusNotFound, nil)
		e.mustDo("PUT", path, e.login("dispatcher"), body, http.StatusForbidden, nil)
	})
}
