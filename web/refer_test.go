package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestReferDispatchedPage: Wuzhen's dispatcher may hand up a case already
// with a Wuzhen unit; it leaves the unit's desk for the county's queue.
// Once the county has dispatched it, the county is no longer offered to
// hand it back.
func TestReferDispatchedPage(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
		guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "河道边堆满建筑垃圾"})
	if err != nil || rec.Case.Status != guanjia.StatusDispatched {
		t.Fatalf("report: %+v %v", rec, err)
	}
	page := "/cases/" + strconv.FormatInt(rec.Case.ID, 10)
	refer := `action="` + page + `/refer"`
	wz, county, handler := e.client("dispatcher"), e.client("county-dispatcher"), e.client("handler-sanitation")
	if _, body, _ := e.get(wz, page); !strings.Contains(body, refer) {
		t.Fatalf("Wuzhen's dispatcher is not offered to refer the dispatched case")
	}
	if st, body, _ := e.post(wz, page+"/refer", url.Values{"note": {"建筑垃圾属住建部门职责"}}); st != 303 {
		t.Fatalf("refer: %d %s", st, body)
	}
	if _, body, _ := e.get(handler, "/desk"); strings.Contains(body, rec.Case.Number) {
		t.Errorf("the case referred is still on the sanitation desk")
	}
	if _, body, _ := e.get(county, "/console?referred=true"); !strings.Contains(body, rec.Case.Number) {
		t.Errorf("the county's queue of referred cases lacks %s", rec.Case.Number)
	}
	if st, body, _ := e.post(county, page+"/dispatch", url.Values{"unit": {"county-housing"}}); st != 303 {
		t.Fatalf("the county dispatches: %d %s", st, body)
	}
	if _, body, _ := e.get(county, page); strings.Contains(body, refer) {
		t.Errorf("the county is offered to hand back a case it has dispatched")
	}
}
