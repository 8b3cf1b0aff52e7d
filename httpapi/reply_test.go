package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
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
		// Narrowed to a town, or to what applies county-wide.
		var byTown struct {
			Entries []struct {
				Jurisdiction string `json:"jurisdiction"`
			}
		}
		for _, town := range []string{demo.Town.Code, guanjia.CountyWide} {
			e.mustDo("GET", "/api/v1/audit?town="+town, e.login("county-admin"), nil, http.StatusOK, &byTown)
			want := town
			if town == guanjia.CountyWide {
				want = ""
			}
			for _, en := range byTown.Entries {
				if en.Jurisdiction != want {
					t.Errorf("?town=%s lists an entry of %q", town, en.Jurisdiction)
				}
			}
			if len(byTown.Entries) == 0 {
				t.Errorf("?town=%s lists nothing", town)
			}
		}
	})
}

// TestReplyWrites: a town's administrator creates a standard reply with
// POST /api/v1/replies, the staff find it in GET /api/v1/replies, and
// PUT /api/v1/replies/{id} writes its next version against the version
// read. Bad input is refused with a message in the caller's language;
// another town's reply and a missing one are not found.
func TestReplyWrites(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	admin := e.login("admin")
	answer := map[string]any{"category": "garbage", "kind": "answer", "title": "垃圾清运时间", "body": "每天 7 点和 17 点各清运一次。", "active": true}
	var rep map[string]any
	e.mustDo("POST", "/api/v1/replies", admin, answer, http.StatusCreated, &rep)
	if rep["version"] != 1.0 || rep["jurisdiction"] != demo.Town.Code {
		t.Fatalf("created: %v", rep)
	}
	path := fmt.Sprintf("/api/v1/replies/%v", rep["id"])
	const list = "/api/v1/replies?category=garbage"
	if got := e.listed(list, e.login("dispatcher"), staleEdit{path: path}); got["title"] != "垃圾清运时间" || got["version"] != 1.0 {
		t.Fatalf("listed: %v", got)
	}
	next := with(with(answer, "body", "每天 7 点和 17 点各清运一次；{case_number} 已转环卫所。"), "version", 1)
	e.mustDo("PUT", path, admin, next, http.StatusOK, &rep)
	if got := e.listed(list, e.login("dispatcher"), staleEdit{path: path}); rep["version"] != 2.0 || got["body"] != next["body"] || got["version"] != 2.0 {
		t.Fatalf("changed: %v, listed %v", rep, got)
	}
	var theirs map[string]any
	e.mustDo("POST", "/api/v1/replies", e.login("puyuan-admin"), answer, http.StatusCreated, &theirs)
	refusals(t, e, replyRefusals(path, fmt.Sprintf("/api/v1/replies/%v", theirs["id"])))
	if got := e.listed(list, admin, staleEdit{path: path}); got["version"] != 2.0 || got["body"] != next["body"] {
		t.Errorf("after the refusals: %v", got)
	}
}

// replyRefusals are bad writes of the reply at path and of another
// town's.
func replyRefusals(path, otherTown string) []refusal {
	const good = `"category":"garbage","kind":"answer","title":"垃圾清运时间"`
	return []refusal{
		{"no such category", "admin", "POST", "/api/v1/replies", `{"category":"nowhere","kind":"answer","title":"t","body":"b"}`, "zh",
			400, "category", `没有类别 "nowhere"。`},
		{"no such kind", "admin", "PUT", path, `{"category":"garbage","kind":"faq","title":"t","body":"b"}`, "en",
			400, "kind", "A reply is an answer or a resolution template."},
		{"no title", "admin", "POST", "/api/v1/replies", `{"category":"garbage","kind":"answer","body":"b"}`, "en",
			400, "title", "A title has 1 to 100 characters."},
		{"unknown placeholder", "admin", "PUT", path, `{` + good + `,"body":"{who} 已处理"}`, "zh",
			400, "body", "未知占位符 {who}；可用：{case_number} {category} {place} {unit} {date} {town}。"},
		{"malformed JSON", "admin", "POST", "/api/v1/replies", `{"kind":"answer"`, "en", 400, "", "The body is not valid JSON."},
		{"unknown field", "admin", "PUT", path, `{` + good + `,"text":"b"}`, "en", 400, "", `Unknown field "text".`},
		{"a missing reply", "admin", "PUT", "/api/v1/replies/999999", `{` + good + `,"body":"b"}`, "en", 404, "", "Reply 999999 not found."},
		{"not an id", "admin", "PUT", "/api/v1/replies/abc", `{}`, "zh", 404, "", `找不到答复 "abc"。`},
		{"another town's reply", "admin", "PUT", otherTown, `{` + good + `,"body":"b"}`, "en", 404, "", "There is no such object here."},
		{"another town", "admin", "POST", "/api/v1/replies", `{` + good + `,"body":"b","jurisdiction":"330483101"}`, "en",
			404, "", "There is no such object here."},
		{"nothing changed", "admin", "PUT", path, `{` + good + `,"body":"每天 7 点和 17 点各清运一次；{case_number} 已转环卫所。","active":true}`, "zh",
			422, "", "没有任何改动。"},
		{"a dispatcher", "dispatcher", "POST", "/api/v1/replies", `{}`, "en", 403, "", "Your role may not do this."},
	}
}
