package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/xuri/excelize/v2"
)

// TestBnBGapsPages, on one fixture: an administrator sets an inspection
// round on /admin/rounds (a bad interval is refused beside the form, in
// the reader's language, and changes nothing); the command center imports
// a B&B's guests' rating on its staff page, which the leader sees but may
// not set; an event's report page offers its own figures as XLSX.
func TestBnBGapsPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		admin := e.client("admin")

		_, body, _ := e.get(admin, "/admin/rounds")
		if !strings.Contains(body, `data-round="fire-fire"`) {
			t.Errorf("/admin/rounds does not list the demo's fire round")
		}
		st, body, _ := e.post(admin, "/admin/rounds", url.Values{"kind": {"hygiene"}, "unit": {"fire"}, "every_days": {"3"}})
		if st != http.StatusBadRequest || !strings.Contains(body, "7 到 1096") {
			t.Errorf("an interval of 3 days: %d, want 400 with the refusal in Chinese", st)
		}
		st, _, resp := e.post(admin, "/admin/rounds", url.Values{"kind": {"hygiene"}, "unit": {"fire"}, "every_days": {"90"}, "members_only": {"1"}})
		if st != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "saved=hygiene-fire") {
			t.Fatalf("set a round: %d %s", st, resp.Header.Get("Location"))
		}
		rs, err := e.app.InspectionRounds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rs {
			if r.Kind == "hygiene" && r.Unit == "fire" {
				found = r.EveryDays == 90 && r.MembersOnly
			}
		}
		if !found {
			t.Errorf("the round set on the page: %+v", rs)
		}

		// The guests' rating, on the staff's B&B page: the command center
		// imports it; the leader sees it without the form and is refused.
		bs, err := e.app.BnBs(ctx, guanjia.Actor{Role: guanjia.RoleSystem}, guanjia.BnBFilter{})
		if err != nil || len(bs) == 0 {
			t.Fatalf("B&Bs: %v", err)
		}
		page := "/staff/bnb/" + strconv.FormatInt(bs[0].ID, 10)
		dispatcher := e.client("dispatcher")
		st, body, _ = e.post(dispatcher, page+"/rating", url.Values{"average": {"6"}, "count": {"10"}, "source": {"携程"}})
		if st != http.StatusBadRequest || !strings.Contains(body, `id="err-rating"`) || !strings.Contains(body, bs[0].Name) {
			t.Errorf("an average of 6: %d, want 400 with the refusal beside the rating and the B&B's form intact", st)
		}
		st, _, _ = e.post(dispatcher, page+"/rating", url.Values{"average": {"4.6"}, "count": {"128"}, "source": {"携程"}})
		if st != http.StatusSeeOther {
			t.Fatalf("import a rating: %d", st)
		}
		if rep, err := e.app.Reputation(ctx, bs[0].ID); err != nil || rep.Parts.RatingAvg != 4.6 || rep.Parts.RatingCount != 128 {
			t.Errorf("the rating imported on the page: %+v, %v", rep.Parts, err)
		}
		_, body, _ = e.get(dispatcher, page)
		if !strings.Contains(body, `id="bnb-rate"`) || !strings.Contains(body, "4.6") {
			t.Errorf("the dispatcher's page lacks the rating or its form")
		}
		if !strings.Contains(body, `id="bnb-owner"`) {
			t.Errorf("the dispatcher's page offers no change of owner")
		}
		leader := e.client("leader")
		if _, body, _ = e.get(leader, page); !strings.Contains(body, `id="rating"`) || strings.Contains(body, `id="bnb-rate"`) {
			t.Errorf("the leader does not see the rating, or is offered its form")
		}
		if st, _, _ = e.post(leader, page+"/rating", url.Values{"average": {"1"}, "count": {"1"}, "source": {"x"}}); st != http.StatusForbidden {
			t.Errorf("the leader imports a rating: %d, want 403", st)
		}

		// The event's own figures as a workbook, from its report page:
		// text is formula-escaped, numbers are numbers.
		now := e.app.Now()
		conf := &guanjia.Conference{Name: "=1+1 戏剧节", Villages: []string{bs[0].Village},
			SetupFrom: now.Add(-48 * time.Hour), Start: now.Add(-24 * time.Hour), End: now.Add(24 * time.Hour), TeardownUntil: now.Add(48 * time.Hour)}
		lu, err := e.db.GetUserByUsername(ctx, "leader")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.app.SaveConference(ctx, guanjia.ActorOf(lu), conf); err != nil {
			t.Fatal(err)
		}
		ev := "/events/" + strconv.FormatInt(conf.ID, 10)
		if _, body, _ = e.get(dispatcher, ev+"/report"); !strings.Contains(body, `href="`+ev+`/report.xlsx"`) {
			t.Errorf("the event's report page does not link its workbook")
		}
		st, body, resp = e.get(dispatcher, ev+"/report.xlsx")
		if st != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("the event's workbook: %d %s", st, resp.Header.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetName(0)
		if name, _ := x.GetCellValue(sheet, "B2"); name != "'=1+1 戏剧节" {
			t.Errorf("the event's name in the workbook: %q, want it formula-escaped", name)
		}
		if typ, _ := x.GetCellType(sheet, "B10"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("the count of cases is text, want a number")
		}
		if label, _ := x.GetCellValue(sheet, "A10"); label != "案件数" {
			t.Errorf("A10 = %q, want the count of cases labelled in Chinese", label)
		}
	})
}
