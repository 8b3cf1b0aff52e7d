package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestBnBNightsAndComplaints walks the pages over HTTP: the owner reports
// tonight and corrects it (one night stored), another owner's B&B is not
// found; the command center's CSV with a bad row stores nothing and names
// the line, the good one is stored and the village's load shows, on the wall
// screen and on the page of an event in that village too; a B&B
// complaint from the report page's picker and one from Open311's
// attribute[bnb_id] are linked to the B&B; the staff's page lists them
// and the public page counts them without any reporter's phone.
func TestBnBNightsAndComplaints(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	e.clock.Set(time.Date(2026, 11, 2, 20, 30, 0, 0, guanjia.TownZone))
	u, err := e.db.GetUserByUsername(ctx, "owner")
	if err != nil {
		t.Fatal(err)
	}
	mine, err := e.app.BnBs(ctx, guanjia.ActorOf(u), guanjia.BnBFilter{})
	if err != nil || len(mine) != 2 {
		t.Fatal(len(mine), err)
	}
	b := mine[0]
	id := strconv.FormatInt(b.ID, 10)
	owner, other, dispatcher := e.client("owner"), e.client("owner-001"), e.client("dispatcher")

	for _, guests := range []string{"3", "5"} {
		st, _, resp := e.post(owner, "/my/bnb/"+id+"/night", url.Values{"rooms": {"2"}, "guests": {guests}})
		if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "night="+id) {
			t.Fatalf("report %s guests: %d %s", guests, st, resp.Header.Get("Location"))
		}
	}
	if st, _, _ := e.post(other, "/my/bnb/"+id+"/night", url.Values{"rooms": {"1"}, "guests": {"1"}}); st != http.StatusNotFound {
		t.Errorf("another owner reports: %d, want 404", st)
	}
	st, body, _ := e.post(owner, "/my/bnb/"+id+"/night", url.Values{"rooms": {"1"}, "guests": {"999"}})
	if st != http.StatusBadRequest || !strings.Contains(body, "入住人数应在") {
		t.Errorf("999 guests: %d, message shown: %v", st, strings.Contains(body, "入住人数应在"))
	}
	nights, err := e.app.Nights(ctx, guanjia.ActorOf(u), b.ID, "2026-11-02", "2026-11-02")
	if err != nil || len(nights) != 1 || nights[0].Guests != 5 {
		t.Fatalf("tonight: %+v, %v", nights, err)
	}

	csv := "民宿编号,日期,入住房间,入住人数\n" + id + ",2026-11-01,1,2\n" + id + ",2026-11-01,1,1\n"
	st, body, _ = e.upload(dispatcher, "/staff/bnb/nights", "nights.csv", csv)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "第 3 行") {
		t.Errorf("a CSV with a repeated night: %d, line named: %v", st, strings.Contains(body, "第 3 行"))
	}
	st, _, resp := e.upload(dispatcher, "/staff/bnb/nights", "nights.csv", csv[:strings.LastIndex(csv[:len(csv)-1], "\n")+1])
	if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "stored=1") {
		t.Fatalf("a good CSV: %d %s", st, resp.Header.Get("Location"))
	}
	st, body, _ = e.get(dispatcher, "/staff/bnb/load")
	if st != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`data-village="%s"`, b.Village)) || !strings.Contains(body, `id="load-town"`) {
		t.Errorf("the load page: %d", st)
	}

	if st, body, _ = e.get(dispatcher, "/screen"); st != http.StatusOK || !strings.Contains(body, `id="screen-visitors"`) {
		t.Errorf("the wall screen: %d, visitor load shown: %v", st, strings.Contains(body, `id="screen-visitors"`))
	}

	// An event whose area is the B&B's village shows that village's load
	// at its busiest night (tonight: 5 guests).
	now := e.app.Now()
	lu, err := e.db.GetUserByUsername(ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	leader := guanjia.ActorOf(lu)
	conf := &guanjia.Conference{Name: "乌镇戏剧节", Villages: []string{b.Village},
		SetupFrom: now.Add(-48 * time.Hour), Start: now.Add(-24 * time.Hour), End: now.Add(24 * time.Hour), TeardownUntil: now.Add(48 * time.Hour)}
	if err := e.app.SaveConference(ctx, leader, conf); err != nil {
		t.Fatal(err)
	}
	st, body, _ = e.get(e.client("leader"), "/events/"+strconv.FormatInt(conf.ID, 10))
	if want := "5 位客人"; st != http.StatusOK || !strings.Contains(body, `id="event-load"`) || !strings.Contains(body, want) {
		t.Errorf("the event's page: %d, load shown: %v, %q: %v", st, strings.Contains(body, `id="event-load"`), want, strings.Contains(body, want))
	}

	// Complaints: the report page's picker, then Open311.
	c := e.client("")
	st, _, _ = e.post(c, "/report", url.Values{"category": {guanjia.BnBComplaintCategory}, "lat": {fmt.Sprint(b.Lat + 0.001)},
		"lng": {fmt.Sprint(b.Lng)}, "description": {"房间与网上图片不符。"}, "attr.bnb-complaint.bnb": {b.Name},
		"attr.bnb-complaint.bnb_id": {id}, "phone": {"13911112222"}})
	if st != http.StatusCreated {
		t.Fatalf("the report form: %d", st)
	}
	key, err := e.app.CreateClientKey(ctx, guanjia.Actor{Role: guanjia.RoleSystem}, "12345 平台")
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.PostForm(e.srv.URL+"/open311/v2/requests.json", url.Values{"api_key": {key}, "service_code": {guanjia.BnBComplaintCategory},
		"lat": {fmt.Sprint(b.Lat + 0.001)}, "long": {fmt.Sprint(b.Lng)}, "description": {"没有登记身份证就让入住。"},
		"attribute[bnb]": {b.Name}, "attribute[bnb_id]": {id}, "phone": {"13933334444"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		t.Fatalf("Open311: %d", resp.StatusCode)
	}
	st, body, _ = e.get(dispatcher, "/staff/bnb/"+id)
	if st != http.StatusOK || strings.Count(body, `data-case="`) != 2 {
		t.Errorf("the staff's B&B page: %d, %d complaints", st, strings.Count(body, `data-case="`))
	}
	st, body, _ = e.get(e.client(""), "/bnb/"+id)
	if st != http.StatusOK || !strings.Contains(body, "办理中 2 件") || strings.Contains(body, "1391111") || strings.Contains(body, "1393333") {
		t.Errorf("the public B&B page: %d, counts shown: %v", st, strings.Contains(body, "办理中 2 件"))
	}
}
