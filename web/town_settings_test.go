package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/guanjia/guanjia/demo"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestTownSettingsPage: Puyuan's administrator sees the county's
// catalogue as it applies in Puyuan, sets Puyuan's own limits and
// referral for garbage and a holiday of Puyuan's own, and is told what is
// wrong with a bad limit; the change shows as the town's own and does not
// reach Wuzhen's page. Puyuan's administrator cannot look at Wuzhen's
// (their own is shown); the county's chooses the town.
func TestTownSettingsPage(t *testing.T) {
	e := newTestEnv(t, dbtest.SQLite(t))
	puyuan, wuzhen := demo.Towns[0].Code, demo.Town.Code
	py, wz, county := e.client("puyuan-admin"), e.client("admin"), e.client("county-admin")
	if st, body, _ := e.post(py, "/staff/town-settings/categories", url.Values{"category": {"garbage"}, "resolve_limit": {"3 days"}}); st != 400 ||
		!strings.Contains(body, `id="err-resolve_limit"`) || !strings.Contains(body, "3 days") {
		t.Errorf("a bad limit: %d, the field's error shown %v", st, strings.Contains(body, `id="err-resolve_limit"`))
	}
	st, _, _ := e.post(py, "/staff/town-settings/categories", url.Values{"category": {"garbage"}, "resolve_limit": {"3wd"},
		"refer_after": {"2wd"}, "active": {""}})
	if st != 303 {
		t.Fatalf("set Puyuan's garbage: %d", st)
	}
	if st, _, _ := e.post(py, "/staff/town-settings/calendar", url.Values{"date": {"2026-11-03"}, "kind": {"holiday"}, "name": {"濮院羊毛衫节"}}); st != 303 {
		t.Fatalf("set Puyuan's holiday: %d", st)
	}
	_, body, _ := e.get(py, "/staff/town-settings?jurisdiction="+wuzhen)
	row := rowOf(body, "garbage")
	if !strings.Contains(body, "· 濮院镇</h1>") || !strings.Contains(row, "3wd") ||
		!strings.Contains(row, "<s class=\"muted\">1wd</s>") || !strings.Contains(row, "2wd") || !strings.Contains(body, "2026-11-03") {
		t.Errorf("Puyuan's page lacks its own garbage settings or holiday: %s", row)
	}
	_, body, _ = e.get(wz, "/staff/town-settings")
	if row := rowOf(body, "garbage"); strings.Contains(row, "3wd") || strings.Contains(body, "2026-11-03") {
		t.Errorf("Wuzhen's page shows Puyuan's settings: %s", row)
	}
	_, body, _ = e.get(county, "/staff/town-settings?jurisdiction="+puyuan)
	if !strings.Contains(rowOf(body, "garbage"), "3wd") || !strings.Contains(body, `name="jurisdiction"`) {
		t.Errorf("the county's administrator does not see Puyuan's settings, or cannot choose the town")
	}
	if st, _, _ := e.post(wz, "/staff/town-settings/categories", url.Values{"category": {"garbage"}, "jurisdiction": {puyuan}, "priority": {"1"}}); st != 303 {
		t.Errorf("Wuzhen's administrator naming Puyuan sets Wuzhen's own: %d", st)
	}
	_, body, _ = e.get(county, "/staff/town-settings?jurisdiction="+puyuan)
	if strings.Contains(rowOf(body, "garbage"), `<td data-label="优先级">1`) {
		t.Errorf("Wuzhen's administrator changed Puyuan's priority")
	}
}

// rowOf returns the table row of a category on the town settings page.
func rowOf(body, code string) string {
	i := strings.Index(body, `data-category="`+code+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</tr>")
	return body[i : i+j]
}
