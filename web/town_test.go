package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestTownPages is the route × role table's town dimension for the pages
// of a case and the console: with a case in Wuzhen, each account opens
// its page, comments on it and looks for it in the console. Wuzhen's
// staff and the county's may; Puyuan's get 404 for the case and do not
// see it in their console.
func TestTownPages(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
		guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871, Description: "河边有垃圾"})
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Case
	page := "/cases/" + strconv.FormatInt(c.ID, 10)
	type answer struct {
		Page, Comment int
		InConsole     bool
	}
	want := map[string]answer{
		"dispatcher":            {200, 303, true},
		"leader":                {200, 303, true},
		"county-dispatcher":     {200, 303, true},
		"county-leader":         {200, 303, true},
		"puyuan-dispatcher":     {404, 404, false},
		"puyuan-leader":         {404, 404, false},
		"chongfu-handler-urban": {404, 404, false},
	}
	got := map[string]answer{}
	for user := range want {
		cl := e.client(user)
		var a answer
		a.Page, _, _ = e.get(cl, page)
		a.Comment, _, _ = e.post(cl, page+"/comment", url.Values{"note": {"看一下"}})
		if st, body, _ := e.get(cl, "/console"); st == 200 {
			a.InConsole = strings.Contains(body, c.Number)
		}
		got[user] = a
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("account → what it got (-want +got):\n%s", diff)
	}
}

// TestReferPage: Wuzhen's dispatcher refers a case from its page; the
// county's dispatcher finds it with the console's filter of referred cases
// and is offered the county's departments to dispatch it to, and hands it
// back.
func TestReferPage(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	rec, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
		guanjia.Report{Category: "other", Lat: 30.7452, Lng: 120.4871, Description: "桥面开裂"})
	if err != nil {
		t.Fatal(err)
	}
	page := "/cases/" + strconv.FormatInt(rec.Case.ID, 10)
	wz, county := e.client("dispatcher"), e.client("county-dispatcher")
	if _, body, _ := e.get(wz, page); !strings.Contains(body, `action="`+page+`/refer"`) {
		t.Fatalf("Wuzhen's dispatcher is not offered to refer the case")
	}
	if st, body, _ := e.post(wz, page+"/refer", url.Values{"note": {"涉及桥梁结构安全"}}); st != 303 {
		t.Fatalf("refer: %d %s", st, body)
	}
	if _, body, _ := e.get(county, "/console?referred=true"); !strings.Contains(body, rec.Case.Number) {
		t.Errorf("the county's console of referred cases lacks %s", rec.Case.Number)
	}
	_, body, _ := e.get(county, page)
	if !strings.Contains(body, `value="county-housing"`) || strings.Contains(body, `value="puyuan-urban"`) {
		t.Errorf("the county's dispatch choices: want the county's departments, not Puyuan's")
	}
	if st, body, _ := e.post(county, page+"/refer", url.Values{"note": {"属镇级职责"}}); st != 303 {
		t.Fatalf("hand back: %d %s", st, body)
	}
	if _, body, _ := e.get(county, "/console?referred=true"); strings.Contains(body, rec.Case.Number) {
		t.Errorf("a case handed back is still among the referred")
	}
}

// TestTownScreen: the county's wall screen ranks the towns (see
// TestCountyScreen for the figures); a town's shows its own cases and no
// ranking.
func TestTownScreen(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	for _, p := range [][2]float64{{30.7452, 120.4871}, {30.64, 120.42}, {30.641, 120.421}} {
		if _, err := e.app.Report(context.Background(), guanjia.Actor{Role: guanjia.RoleAnonymous},
			guanjia.Report{Category: "other", Lat: p[0], Lng: p[1], Description: "路面塌陷"}); err != nil {
			t.Fatal(err)
		}
	}
	_, county, _ := e.get(e.client("county-leader"), "/screen")
	_, wuzhen, _ := e.get(e.client("leader"), "/screen")
	ranking := "各镇（街道）排名"
	py, wz := strings.Index(county, `<a href="/console?jurisdiction=330483101">濮院镇</a>`), strings.Index(county, `<a href="/console?jurisdiction=330483100">乌镇镇</a>`)
	if !strings.Contains(county, ranking) || py < 0 || wz < 0 {
		t.Errorf("the county's screen does not rank Puyuan and Wuzhen")
	}
	if strings.Contains(wuzhen, ranking) || strings.Contains(wuzhen, "PY-") {
		t.Errorf("Wuzhen's screen shows other towns")
	}
}
