package httpapi_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestRepliesAPI: the staff search the standard replies by category and
// words; with a case, the templates come filled from it. The audit log
// answers administrators with the demo's set-up.
func TestRepliesAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		disp := e.login("dispatcher")
		type reply struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
			Body  string `json:"body"`
			Kind  string `json:"kind"`
		}
		var out struct{ Replies []reply }
		e.mustDo("GET", "/api/v1/replies?category=garbage&q="+url.QueryEscape("大件"), disp, nil, http.StatusOK, &out)
		if len(out.Replies) != 1 || out.Replies[0].Kind != "answer" {
			t.Fatalf("search: %+v", out.Replies)
		}
		lat, lng := e.pointIn(e.firstGrid().Code)
		var c struct {
			ID     int64  `json:"id"`
			Number string `json:"number"`
		}
		e.mustDo("POST", "/api/v1/cases", "", map[string]any{"category": "garbage", "lat": lat, "lng": lng,
			"address": "隆源路 8 号", "description": "路边垃圾"}, http.StatusCreated, &c)
		e.mustDo("GET", "/api/v1/replies?kind=template&case="+strconv.FormatInt(c.ID, 10), disp, nil, http.StatusOK, &out)
		if len(out.Replies) == 0 || !strings.Contains(out.Replies[0].Body, c.Number) || !strings.Contains(out.Replies[0].Body, "隆源路 8 号") {
			t.Fatalf("filled for the case: %+v", out.Replies)
		}
		e.mustDo("GET", "/api/v1/replies?case=abc", disp, nil, http.StatusBadRequest, nil)
		e.mustDo("GET", "/api/v1/replies?case=999999", disp, nil, http.StatusNotFound, nil)
		var log struct {
			Entries []struct {
				Action    string `json:"action"`
				ActorName string `json:"actor_name"`
			}
		}
		e.mustDo("GET", "/api/v1/audit?object=reply", e.login("county-admin"), nil, http.StatusOK, &log)
		if len(log.Entries) < 10 || log.Entries[len(log.Entries)-1].Action != "reply.create" {
			t.Errorf("the demo's replies in the log: %+v", log.Entries)
		}
		e.mustDo("GET", "/api/v1/audit?from=yesterday", e.login("county-admin"), nil, http.StatusBadRequest, nil)
	})
}
