package httpapi_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCallsAPI: the command center records a 12345 call through the API,
// finds it by the caller's number, supervises it once dispatched, and the
// unit answers; bad input gets 400 and another town's operator sees none
// of it.
func TestCallsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		op := e.login("dispatcher")
		var c guanjia.Case
		e.mustDo("POST", "/api/v1/calls", op, map[string]any{"category": "garbage", "lat": 30.7452, "lng": 120.4871,
			"description": "Bins overflowing.", "phone": "139-5730-0088", "name": "Mr Lu", "channel": "12345"}, http.StatusCreated, &c)
		if c.Channel != guanjia.ChannelHotline || c.ReporterPhone != "13957300088" || c.Status != guanjia.StatusNew {
			t.Fatalf("call case: %+v", c)
		}
		e.mustDo("POST", "/api/v1/calls", op, map[string]any{"category": "garbage", "lat": 30.7452, "lng": 120.4871, "channel": "fax"}, http.StatusBadRequest, nil)
		e.mustDo("GET", "/api/v1/calls/check?phone=abc", op, nil, http.StatusBadRequest, nil)
		var chk struct{ Earlier, Duplicates []guanjia.Case }
		e.mustDo("GET", "/api/v1/calls/check?phone=13957300088&category=garbage&lat=30.7452&lng=120.4871", op, nil, http.StatusOK, &chk)
		if len(chk.Earlier) != 1 || chk.Earlier[0].ID != c.ID || len(chk.Duplicates) != 1 {
			t.Errorf("check: %+v", chk)
		}
		e.mustDo("GET", "/api/v1/calls/check?phone=13957300088", e.login("puyuan-dispatcher"), nil, http.StatusOK, &chk)
		if len(chk.Earlier) != 0 {
			t.Errorf("another town's operator finds %d cases", len(chk.Earlier))
		}
		id := strconv.FormatInt(c.ID, 10)
		e.mustDo("POST", "/api/v1/cases/"+id+"/dispatch", op, map[string]any{"unit": "sanitation"}, http.StatusOK, &c)
		e.mustDo("POST", "/api/v1/cases/"+id+"/supervise", e.login("puyuan-leader"), map[string]any{"note": "Report.", "until": "2026-11-03T09:00:00+08:00"}, http.StatusNotFound, nil)
		e.mustDo("POST", "/api/v1/cases/"+id+"/supervise", e.login("leader"), map[string]any{"note": "Report by tomorrow.", "until": "2026-11-03T09:00:00+08:00"}, http.StatusOK, &c)
		if !c.Supervised || c.Supervision == nil {
			t.Fatalf("supervise: %+v", c)
		}
		e.mustDo("POST", "/api/v1/cases/"+id+"/feedback", e.login("handler-sanitation"), map[string]any{"note": "Cleared."}, http.StatusOK, &c)
		var list struct{ Cases []guanjia.Case }
		e.mustDo("GET", "/api/v1/cases?supervised=true&channel=12345", op, nil, http.StatusOK, &list)
		if len(list.Cases) != 1 || list.Cases[0].Supervision == nil || list.Cases[0].Supervision.FeedbackAt == nil {
			t.Errorf("supervised list: %+v", list.Cases)
		}
		e.mustDo("GET", "/api/v1/cases?supervised=true", "", nil, http.StatusForbidden, nil)
		var members struct{ Members []struct{ ID int64 } }
		e.mustDo("GET", "/api/v1/units/sanitation/members", e.login("lead-sanitation"), nil, http.StatusOK, &members)
		if len(members.Members) < 2 {
			t.Errorf("members: %+v", members)
		}
		e.mustDo("GET", "/api/v1/units/sanitation/members", e.login("lead-urban"), nil, http.StatusNotFound, nil)
	})
}
