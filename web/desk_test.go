package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestDeskForms posts the forms of the command center's desk as people
// would: a leader's supervision order with its deadline, the unit's
// feedback, the lead's assignment, an answered call and its callback; a
// refused form shows the page again with the error; the supervision list
// shows where each order stands.
func TestDeskForms(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
		if err != nil || rec.Case.Unit != "sanitation" {
			t.Fatalf("report: %v", err)
		}
		id := strconv.FormatInt(rec.Case.ID, 10)
		users := map[string]*http.Client{}
		for _, u := range []string{"leader", "puyuan-leader", "handler-sanitation", "lead-sanitation", "dispatcher"} {
			users[u] = e.client(u)
		}
		handler := mustUser(t, e, "handler-sanitation")
		tomorrow := e.app.Now().In(guanjia.TownZone).AddDate(0, 0, 1).Format("2006-01-02T15:04")
		for _, s := range []struct {
			user, action string
			form         url.Values
			want         int
			contains     string
		}{
			{"leader", "supervise", url.Values{"note": {"Report by tomorrow."}, "until": {""}}, 400, `id="err-until"`},
			{"puyuan-leader", "supervise", url.Values{"note": {"Report."}, "until": {tomorrow}}, 404, ""},
			{"leader", "supervise", url.Values{"note": {"Report by tomorrow."}, "until": {tomorrow}}, 303, ""},
			{"handler-sanitation", "feedback", url.Values{"note": {""}}, 400, `id="err-feedback-note"`},
			{"handler-sanitation", "feedback", url.Values{"note": {"Cleared this morning."}}, 303, ""},
			{"lead-sanitation", "assign", url.Values{"handler": {"x"}}, 400, ""},
			{"lead-sanitation", "assign", url.Values{"handler": {strconv.FormatInt(handler.ID, 10)}}, 303, ""},
		} {
			st, body, _ := e.post(users[s.user], "/cases/"+id+"/"+s.action, s.form)
			if st != s.want || !strings.Contains(body, s.contains) {
				t.Errorf("%s %s: %d, want %d with %q", s.user, s.action, st, s.want, s.contains)
			}
		}
		c, err := e.app.Case(ctx, guanjia.ActorOf(handler), rec.Case.ID)
		if err != nil || c.Handler != handler.ID || c.Supervision == nil || c.Supervision.FeedbackAt == nil {
			t.Fatalf("after the forms: %+v %v", c, err)
		}
		_, page, _ := e.get(users["leader"], "/console/supervision")
		if !strings.Contains(page, `data-id="`+id+`"`) || !strings.Contains(page, "已反馈") {
			t.Errorf("the supervision list lacks the answered order")
		}
		_, page, _ = e.get(users["handler-sanitation"], "/desk?view=mine")
		if !strings.Contains(page, `data-id="`+id+`"`) {
			t.Errorf("my cases lack the assigned case")
		}

		// A call answered on the spot, then called back.
		st, body, resp := e.post(users["dispatcher"], "/console/intake", url.Values{"phone": {"139 5730 0066"}, "channel": {"12345"},
			"category": {"other"}, "description": {"Opening hours?"}, "answered": {"1"}, "answer": {""}})
		if st != 400 || !strings.Contains(body, `id="err-answer"`) {
			t.Errorf("answered without an answer: %d", st)
		}
		st, _, resp = e.post(users["dispatcher"], "/console/intake", url.Values{"phone": {"139 5730 0066"}, "channel": {"12345"},
			"category": {"other"}, "description": {"Opening hours?"}, "answered": {"1"}, "answer": {"8:30 to 17:00 on working days."}})
		if st != 303 {
			t.Fatalf("answered call: %d", st)
		}
		loc := resp.Header.Get("Location")
		cid := strings.TrimPrefix(strings.Split(loc, "?")[0], "/cases/")
		st, _, _ = e.post(users["dispatcher"], "/cases/"+cid+"/callback", url.Values{"callback": {"satisfied"}})
		if st != 303 {
			t.Errorf("callback: %d", st)
		}
		_, page, _ = e.get(users["dispatcher"], "/cases/"+cid)
		if !strings.Contains(page, "满意") || !strings.Contains(page, "12345热线") {
			t.Errorf("the answered call's page lacks its callback or channel")
		}
	})
}
