package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
	"github.com/guanjia/guanjia/internal/testenv"
)

// drillWant is the count each figure's number lists on /stats: a count's
// own, a rate's numerator, a mean's cases (docs/figures.md);
// return_rate's, the cases returned at least once, is counted from the
// timelines.
var drillWant = map[string]func(f *guanjia.Figures) int{
	"received":           func(f *guanjia.Figures) int { return f.Received },
	"sign_on_time":       func(f *guanjia.Figures) int { return f.SignedOnTime },
	"resolve_on_time":    func(f *guanjia.Figures) int { return f.ResolvedOnTime },
	"fix_rate":           func(f *guanjia.Figures) int { return f.Fixed },
	"satisfaction_rate":  func(f *guanjia.Figures) int { return f.Satisfied },
	"satisfaction_mean":  func(f *guanjia.Figures) int { return f.Rated },
	"duplicate_rate":     func(f *guanjia.Figures) int { return f.Repeated },
	"overdue_now":        func(f *guanjia.Figures) int { return f.OverdueNow },
	"ever_overdue":       func(f *guanjia.Figures) int { return f.EverOverdue },
	"callback_rate":      func(f *guanjia.Figures) int { return f.Callbacks },
	"supervised":         func(f *guanjia.Figures) int { return f.Supervised },
	"supervision_answer": func(f *guanjia.Figures) int { return f.SupervisionAnswered },
	"sign_hours":         func(f *guanjia.Figures) int { return f.Signed },
	"sign_hours_p90":     func(f *guanjia.Figures) int { return f.Signed },
	"resolve_hours":      func(f *guanjia.Figures) int { return f.Resolved },
	"resolve_hours_p90":  func(f *guanjia.Figures) int { return f.Resolved },
}

var (
	drillRow     = regexp.MustCompile(`<tr (?:data-key="([^"]*)"|class="(total)")>(.*?)</tr>`)
	drillCell    = regexp.MustCompile(`data-figure="(\w+)"><a href="([^"]+)">`)
	drillCaption = regexp.MustCompile(`id="drill-caption" data-total="(\d+)"><b>([^<]*)</b>`)
)

// drillLinks reads a /stats page's table: its rows' links by row key
// ("" for the total, guanjia.NoPlace for the row of the cases without a
// unit, grid or village) and figure.
func drillLinks(t *testing.T, page string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	for _, m := range drillRow.FindAllStringSubmatch(page, -1) {
		cells := map[string]string{}
		for _, c := range drillCell.FindAllStringSubmatch(m[3], -1) {
			cells[c[1]] = html.UnescapeString(c[2])
		}
		key := m[1]
		if key == "" && m[2] == "" {
			key = guanjia.NoPlace // a row of the cases without a unit, grid or village
		}
		out[key] = cells
	}
	if len(out) == 0 {
		t.Fatalf("no rows on the page:\n%s", page)
	}
	return out
}

// TestStatsDrillDown: on the generated town of the figures' test, every
// number of /stats (for the town and for two units; a few for a channel, December, a unit lead and their desk) links
// to a list whose total, in its caption, is the number it counts; a unit
// lead's numbers list their unit's cases alone; the API takes the same
// filter and refuses an unknown one.
func TestStatsDrillDown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ids := testenv.StatsTown(t, e.app, e.db, e.clock, 16)
		ctx := context.Background()
		const period = "from=2026-11-01&to=2026-12-01"
		from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, guanjia.TownZone), time.Date(2026, 12, 1, 0, 0, 0, 0, guanjia.TownZone)
		// The cases returned at least once, by the unit they are with now.
		returned, returnedAll := map[string]int{}, 0
		for _, id := range ids {
			c, err := e.db.GetCase(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			es, err := e.db.Timeline(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if c.CreatedAt.Before(from) || !c.CreatedAt.Before(to) {
				continue
			}
			for _, ev := range es {
				if ev.Action == guanjia.ActionReturn {
					returnedAll++
					returned[c.Unit]++
					break
				}
			}
		}
		open := func(c *http.Client, url string) (int, string) {
			t.Helper()
			st, body, _ := e.get(c, url)
			if st != 200 {
				t.Fatalf("%s: %d\n%s", url, st, body)
			}
			m := drillCaption.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s: no caption", url)
			}
			n, _ := strconv.Atoi(m[1])
			// The caption counts (store.CountCases), the rows are listed
			// (FindCases): both agree, within a page.
			if rows := strings.Count(body, `<tr data-id="`); rows != min(n, 200) {
				t.Errorf("%s: %d cases listed, the caption says %d", url, rows, n)
			}
			return n, html.UnescapeString(m[2])
		}
		check := func(c *http.Client, what string, links map[string]string, f *guanjia.Figures, returns int) {
			t.Helper()
			seen := map[string]int{}
			for fig, want := range drillWant {
				url, ok := links[fig]
				if !ok {
					t.Errorf("%s: %s has no link", what, fig)
					continue
				}
				n, ok := seen[url]
				if !ok {
					n, _ = open(c, url)
					seen[url] = n
				}
				if n != want(f) {
					t.Errorf("%s: %s is %d, its list (%s) has %d", what, fig, want(f), url, n)
				}
			}
			if n, _ := open(c, links["return_rate"]); n != returns {
				t.Errorf("%s: %d cases returned, the return rate's list has %d", what, returns, n)
			}
		}

		disp := e.client("dispatcher")
		county := guanjia.Actor{UserID: 1, Role: guanjia.RoleAdmin}
		st, err := e.app.Stats(ctx, county, app.StatsRequest{From: "2026-11-01", To: "2026-12-01", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		_, page, _ := e.get(disp, "/stats?"+period+"&by=unit")
		links := drillLinks(t, page)
		for fig, want := range drillWant {
			if want(&st.Total) == 0 && fig != "overdue_now" {
				t.Errorf("the town has no case for %s; the test would not cover it", fig)
			}
		}
		check(disp, "town", links[""], &st.Total, returnedAll)
		// A rate's list links to the rest of its denominator.
		for fig, whole := range map[string]int{"sign_on_time": st.Total.Signed, "resolve_on_time": st.Total.Resolved,
			"fix_rate": st.Total.Closed, "satisfaction_rate": st.Total.Rated} {
			_, body, _ := e.get(disp, links[""][fig])
			m := regexp.MustCompile(`id="drill-rest" href="([^"]+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Errorf("%s: its list has no link to the rest", fig)
				continue
			}
			if rest, _ := open(disp, html.UnescapeString(m[1])); rest+drillWant[fig](&st.Total) != whole {
				t.Errorf("%s: %d and the rest %d, of %d", fig, drillWant[fig](&st.Total), rest, whole)
			}
		}
		n, label := open(disp, links[""]["duplicate_rate"])
		if !strings.HasPrefix(label, "重复件 · 2026-11") || n == 0 {
			t.Errorf("the duplicate rate's list is captioned %q (%d cases)", label, n)
		}
		units, none := 0, false
		for _, f := range st.Rows {
			switch {
			case f.Key == "": // the cases not with a unit
				none = true
				check(disp, "no unit", links[guanjia.NoPlace], &f, returned[""])
			case units < 2:
				units++
				check(disp, "unit "+f.Key, links[f.Key], &f, returned[f.Key])
			}
		}
		if !none {
			t.Error("no case of November is without a unit; the test would not cover its row")
		}
		// December, whose cases are still open: overdue now, whose cases
		// not yet overdue before count in ever overdue.
		dec, err := e.app.Stats(ctx, county, app.StatsRequest{From: "2026-12-01", To: "2027-01-01", By: "unit"})
		if err != nil {
			t.Fatal(err)
		}
		_, page, _ = e.get(disp, "/stats?from=2026-12-01&to=2027-01-01&by=unit")
		decLinks := drillLinks(t, page)[""]
		if dec.Total.OverdueNow == 0 {
			t.Error("no case of December is overdue now; the test would not cover it")
		}
		for _, fig := range []string{"overdue_now", "ever_overdue"} {
			if n, _ := open(disp, decLinks[fig]); n != drillWant[fig](&dec.Total) {
				t.Errorf("December: %s is %d, its list has %d", fig, drillWant[fig](&dec.Total), n)
			}
		}
		// By channel: the channel's list.
		ch, err := e.app.Stats(ctx, county, app.StatsRequest{From: "2026-11-01", To: "2026-12-01", By: "channel"})
		if err != nil {
			t.Fatal(err)
		}
		_, page, _ = e.get(disp, "/stats?"+period+"&by=channel")
		chLinks := drillLinks(t, page)
		for _, f := range ch.Rows[:1] {
			if n, _ := open(disp, chLinks[f.Key]["duplicate_rate"]); n != f.Repeated {
				t.Errorf("channel %s: %d repeated, its list has %d", f.Key, f.Repeated, n)
			}
		}

		// A unit lead: the numbers of their unit, whose lists hold its cases alone.
		lead := e.client("lead-urban")
		u, err := e.db.GetUserByUsername(ctx, "lead-urban")
		if err != nil {
			t.Fatal(err)
		}
		mine, err := e.app.Stats(ctx, guanjia.ActorOf(u), app.StatsRequest{From: "2026-11-01", To: "2026-12-01", By: "category"})
		if err != nil {
			t.Fatal(err)
		}
		_, page, _ = e.get(lead, "/stats?"+period+"&by=category")
		leadLinks := drillLinks(t, page)[""]
		for _, fig := range []string{"received", "duplicate_rate", "resolve_on_time", "ever_overdue"} {
			if n, _ := open(lead, leadLinks[fig]); n != drillWant[fig](&mine.Total) {
				t.Errorf("unit lead: %s is %d, its list has %d", fig, drillWant[fig](&mine.Total), n)
			}
		}
		_, body, _ := e.get(lead, leadLinks["received"])
		for _, m := range regexp.MustCompile(`data-id="(\d+)"`).FindAllStringSubmatch(body, -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			if c, err := e.db.GetCase(ctx, id); err != nil || c.Unit != u.Unit {
				t.Errorf("the unit lead's list shows case %s of unit %q", m[1], c.Unit)
			}
		}
		// The lead's desk links its figures the same way.
		_, page, _ = e.get(lead, "/desk?"+period)
		if m := regexp.MustCompile(`data-figure="resolve_on_time"><b><a href="([^"]+)"`).FindStringSubmatch(page); m == nil {
			t.Error("the desk's resolved on time has no link")
		} else if n, _ := open(lead, html.UnescapeString(m[1])); n != mine.Total.ResolvedOnTime {
			t.Errorf("the desk: %d resolved on time, its list has %d", mine.Total.ResolvedOnTime, n)
		}
		if st, _, _ := e.get(lead, "/stats/cases?counted=received&"+period+"&unit=other"); st != 403 {
			t.Errorf("a unit lead lists another unit's counted cases: %d", st)
		}

		// The API: the same filter (a unit lead's kept to their unit), and
		// an unknown one refused.
		apiCount := func(c *http.Client, counted string) int {
			t.Helper()
			_, body, _ := e.get(c, "/api/v1/cases/counts?counted="+counted+"&"+period)
			var counts struct {
				ByStatus map[string]int `json:"by_status"`
			}
			if err := json.Unmarshal([]byte(body), &counts); err != nil {
				t.Fatalf("%s: %s", body, err)
			}
			sum := 0
			for _, n := range counts.ByStatus {
				sum += n
			}
			return sum
		}
		if n := apiCount(disp, "repeated"); n != st.Total.Repeated {
			t.Errorf("the API counts %d repeated reports, the figures %d", n, st.Total.Repeated)
		}
		if n := apiCount(lead, "received"); n != mine.Total.Received {
			t.Errorf("the API counts %d cases received for the unit lead, their figures %d", n, mine.Total.Received)
		}
		if code, body, _ := e.get(disp, "/api/v1/cases?counted=duplicates"); code != 400 || !strings.Contains(body, "counted") {
			t.Errorf("an unknown list: %d %s", code, body)
		}
	})
}
