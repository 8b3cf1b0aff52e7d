package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestReportsBrowser walks the reports in Chromium as the sanitation
// unit's lead, in Chinese then English: the archive lists November's
// report of their unit (made by the monthly job on 1 December), which
// opens as a page with the month's figures, rankings and notable cases;
// its PDF and XLSX download; the page's language follows the reader's; a
// reversed period says how to name one.
func TestReportsBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	resident := guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"}
	for i := range 3 {
		if _, err := e.app.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452 + float64(i)*0.001, Lng: 120.4871, Description: "垃圾"}); err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Set(time.Date(2026, 12, 1, 0, 30, 0, 0, guanjia.TownZone))
	if n, err := e.app.ArchiveLastMonth(ctx); err != nil || n == 0 {
		t.Fatalf("archived %d: %v", n, err)
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	tb := b.newTab(t, 1280, 900, false)
	tb.login("lead-sanitation", "zh")
	tb.open("/stats/reports")
	tb.waitFor("November's report in the archive", `document.querySelectorAll(".report-archive tr[data-period='2026-11']").length === 1`)
	tb.do(chromedp.Click(chromedp.CSS(`.report-archive tr[data-period='2026-11'] a.open-report`)))
	tb.waitFor("the report's page", `location.pathname === "/stats/report" && !!document.querySelector(".report-summary")`)
	check := func(title, received string) {
		t.Helper()
		if got := eval[string](tb, `document.querySelector(".report-cover h1").textContent`); got != title {
			t.Errorf("the report's title: %q, want %q", got, title)
		}
		if got := eval[string](tb, `document.querySelector('.report-summary tr[data-figure="received"] td.now').textContent`); got != received {
			t.Errorf("the report's received: %q, want %q", got, received)
		}
		if n := eval[int](tb, `document.querySelectorAll(".report-notable tbody tr").length`); n != 3 {
			t.Errorf("%d notable cases, want the 3 overdue", n)
		}
		types := eval[string](tb, `Promise.all(Array.from(document.querySelectorAll(".files a[download]")).slice(0, 2).map(a => fetch(a.href).then(r => r.headers.get("Content-Type")))).then(t => t.join(" "))`)
		if types != "application/pdf application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("the downloads are %q", types)
		}
	}
	check("乌镇镇 · 环卫所 2026-11 考核报表", "3")
	tb.shot("report-zh")
	tb.open("/lang/en?next=" + "/stats/report%3Fperiod%3D2026-11")
	tb.waitFor("the report in English", `!!document.querySelector(".report-summary") && document.documentElement.lang.startsWith("en")`)
	check("Wuzhen · Sanitation: report for 2026-11", "3")
	tb.shot("report-en")
	tb.open("/stats/report?period=2026-11-30..2026-11-01")
	if msg := eval[string](tb, `document.body.innerText`); !strings.Contains(msg, "first and last days (2026-11-01..2026-11-15)") {
		t.Errorf("a reversed period shows %q", msg)
	}
}
