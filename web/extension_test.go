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
)

// TestExtensionDecidedByAnother: a lead who asks for more time is offered
// no decision on it, on the case page or the desk, and is refused one in
// words; the dispatcher finds it on the console (a count, a filter, a tag
// on the row, in Chinese and English) and approves it.
func TestExtensionDecidedByAnother(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		var ids []string
		for range 2 {
			rec, err := e.app.Report(ctx, guanjia.Actor{Role: guanjia.RoleAnonymous}, guanjia.Report{Category: "garbage", Lat: 30.7452, Lng: 120.4871})
			if err != nil || rec.Case.Unit != "sanitation" {
				t.Fatalf("report: %v", err)
			}
			ids = append(ids, strconv.FormatInt(rec.Case.ID, 10))
		}
		id := ids[0]
		lead, disp := e.client("lead-sanitation"), e.client("dispatcher")
		until := e.app.Now().In(guanjia.TownZone).AddDate(0, 0, 20).Truncate(time.Minute)
		for _, s := range []struct {
			action string
			form   url.Values
		}{{"accept", nil}, {"extend", url.Values{"until": {until.Format("2006-01-02T15:04")}, "note": {"Waiting for a new bin."}}}} {
			if st, body, _ := e.post(lead, "/cases/"+id+"/"+s.action, s.form); st != http.StatusSeeOther {
				t.Fatalf("the lead's %s: %d %s", s.action, st, alerts(body))
			}
		}

		approve := `action="/cases/` + id + `/approve-extension"`
		if _, page, _ := e.get(lead, "/cases/"+id); strings.Contains(page, `id="act-approve"`) || strings.Contains(page, approve) {
			t.Error("the lead's case page offers a decision on their own request")
		}
		if _, page, _ := e.get(lead, "/desk"); strings.Contains(page, approve) {
			t.Error("the lead's desk offers a decision on their own request")
		}
		if st, body, _ := e.post(lead, "/cases/"+id+"/approve-extension", url.Values{"approve": {"yes"}}); st != http.StatusForbidden || !strings.Contains(body, "须由他人审批") {
			t.Errorf("the lead approves their own request: %d %s", st, alerts(body))
		}

		row := `data-id="` + id + `"`
		for lang, want := range map[string][]string{
			"zh-CN": {`id="chip-extension" href="/console?extension=true">延期待审批 <b>1</b>`, "已申请延期", "仅看延期待审批"},
			"en":    {`id="chip-extension" href="/console?extension=true">Extensions asked <b>1</b>`, "extension asked", "Extension asked only"},
		} {
			_, page, _ := e.get(disp, "/console", "Accept-Language", lang)
			for _, w := range append(want, row) {
				if !strings.Contains(page, w) {
					t.Errorf("the dispatcher's console (%s) lacks %q", lang, w)
				}
			}
		}
		if _, page, _ := e.get(disp, "/console?extension=true"); !strings.Contains(page, row) || strings.Contains(page, `data-id="`+ids[1]+`"`) {
			t.Errorf("the console's extension filter: has the case %v, has the other %v", strings.Contains(page, row), strings.Contains(page, `data-id="`+ids[1]+`"`))
		}
		if _, page, _ := e.get(disp, "/cases/"+id); !strings.Contains(page, `id="act-approve"`) {
			t.Error("the dispatcher's case page offers no decision")
		}
		if st, body, _ := e.post(disp, "/cases/"+id+"/approve-extension", url.Values{"approve": {"yes"}}); st != http.StatusSeeOther {
			t.Fatalf("the dispatcher approves: %d %s", st, alerts(body))
		}
		c, err := e.app.Case(ctx, guanjia.SystemActor, mustID(t, id))
		if err != nil || c.PendingExtension != nil || c.ResolveDueAt == nil || !c.ResolveDueAt.Equal(until) {
			t.Fatalf("after the dispatcher's approval: %v, due %v, want %v", err, c.ResolveDueAt, until)
		}
	})
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
