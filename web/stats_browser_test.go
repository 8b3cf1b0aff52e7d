package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestStatsBrowser opens /stats in Chromium as the command center, in
// Chinese and English: ECharts draws the trend and the ranking (canvases
// with pixels on them), and the figures on the page are those of the API
// for the same period; a number links to the console's list of its cases,
// which lists them: the cases received, and the repeated reports, whose
// list says what it is.
func TestStatsBrowser(t *testing.T) {
	chromium := dbtest.Chromium(t)
	e := newTestEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	resident := guanjia.Actor{UserID: 4, Role: guanjia.RoleResident, Name: "张秀英"}
	lead := guanjia.Actor{UserID: 900, Role: guanjia.RoleUnitLead, Unit: "sanitation"}
	for i := range 5 {
		e.clock.Set(time.Date(2026, 11, 2+i, 9, 0, 0, 0, guanjia.TownZone))
		rec, err := e.app.Report(ctx, resident, guanjia.Report{Category: "garbage", Lat: 30.7452 + float64(i)*0.001, Lng: 120.4871, Description: "垃圾"})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Case.Unit != "sanitation" {
			t.Fatalf("garbage went to %q", rec.Case.Unit)
		}
		e.clock.Set(time.Date(2026, 11, 2+i, 10+i, 0, 0, 0, guanjia.TownZone)) // the later ones late
		if _, err := e.app.Act(ctx, lead, rec.Case.ID, guanjia.Command{Action: guanjia.ActionAccept}); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowserEnv(t, chromium, e.srv.URL)
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			tb := b.newTab(t, 1280, 900, false)
			tb.login("dispatcher", lang)
			tb.open("/stats?from=2026-11-01&to=2026-12-01&by=unit&sort=sign_on_time")
			tb.waitFor("the charts drawn", `document.querySelectorAll(".chart[data-drawn] canvas").length === 4`)
			painted := eval[bool](tb, `(() => { const c = document.querySelector("#trend-chart canvas");
				const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
				for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; })()`)
			if !painted {
				t.Error("the trend chart's canvas is blank")
			}
			api := eval[map[string]any](tb, `fetch("/api/v1/stats?from=2026-11-01&to=2026-12-01&by=unit").then(r => r.json())`)
			total := api["total"].(map[string]any)
			rates := total["rates"].(map[string]any)
			want := fmt.Sprintf("%.1f%%", rates["sign_on_time"].(float64)*100)
			got := eval[string](tb, `document.querySelector('.figures [data-figure="sign_on_time"] b').textContent.trim()`)
			if got != want || total["received"].(float64) != 5 {
				t.Errorf("the page shows %s signed for on time, the API %s (of %v received)", got, want, total["received"])
			}
			row := eval[string](tb, `document.querySelector('.stats-table tbody tr[data-key="sanitation"] td[data-figure="received"]').textContent.trim()`)
			if row != "5" {
				t.Errorf("sanitation received: %q", row)
			}
			csvRows := eval[int](tb, `fetch(document.querySelector('a[href$=".csv"]').href).then(r => r.text()).then(t => t.trim().split("\n").length)`)
			if csvRows != 6 {
				t.Errorf("the page's CSV link gives %d lines, want a header and 5 cases", csvRows)
			}
			tb.shot("stats-" + lang)
			tb.do(chromedp.Click(chromedp.CSS(`.stats-table tbody tr[data-key="sanitation"] td[data-figure="received"] a`)))
			tb.waitFor("the console's list", `location.pathname === "/console" && document.querySelectorAll("#queue [data-id]").length === 5`)
			// The duplicate rate's number lists the repeated reports (each
			// garbage case but the first is within 150 m of the one before),
			// captioned so.
			tb.open("/stats?from=2026-11-01&to=2026-12-01&by=unit")
			tb.do(chromedp.Click(chromedp.CSS(`.stats-table tbody tr[data-key="sanitation"] td[data-figure="duplicate_rate"] a`)))
			tb.waitFor("the repeated reports' list", `location.pathname === "/console" && document.querySelectorAll("#queue [data-id]").length === 4`)
			caption := eval[string](tb, `document.querySelector("#drill-caption").textContent`)
			want = map[string]string{"zh": "重复件 · 2026-11", "en": "Repeated reports · 2026-11"}[lang]
			if !strings.HasPrefix(caption, want) || eval[string](tb, `document.querySelector("#drill-caption").dataset.total`) != "4" {
				t.Errorf("the duplicate rate's list is captioned %q, want %q… and 4 cases", caption, want)
			}
			tb.shot("stats-drill-" + lang)
		})
	}
}
