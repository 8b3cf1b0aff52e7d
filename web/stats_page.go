package web

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/report"
)

// The /stats page: the assessment figures (docs/figures.md) of a period,
// grouped and ranked per figure with the change against the period
// before, a daily trend drawn with ECharts (js/stats.js), and every number
// a link to the command center's list of its cases.

// figureDef is one figure as the page shows it.
type figureDef struct {
	Key    string
	Label  string // English; translated when shown
	Tip    string // its definition, English
	Format string // "n", "pct", "hours" or "score"
	Higher bool   // higher is better
	value  func(f *guanjia.Figures, r *guanjia.Rates) *float64
	// Counted is the list of cases its number links to
	// (guanjia.CountedLists): a count's cases, a rate's numerator's, a
	// mean's cases.
	Counted string
}

// ListCaption says, in English, which cases its number links to.
func (d figureDef) ListCaption() string {
	return guanjia.CountedCaption(d.Counted)
}

func num(n int) *float64 { v := float64(n); return &v }

var figureDefs = []figureDef{
	{"received", "Received", "Cases reported in the period.", "n", true,
		func(f *guanjia.Figures, _ *guanjia.Rates) *float64 { return num(f.Received) }, "received"},
	{"sign_on_time", "Signed for on time", "Of the cases whose current dispatch was signed for, the share signed for by the sign-for deadline.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SignOnTime }, "sign_on_time"},
	{"resolve_on_time", "Resolved on time", "Of the cases resolved by their unit, the share resolved by the resolve deadline in force, approved extensions counted.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.ResolveOnTime }, "resolve_on_time"},
	{"fix_rate", "Fix rate", "Of the closed cases, the share the reporter confirmed fixed; the rest closed by themselves without an answer.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.FixRate }, "fixed"},
	{"satisfaction_rate", "Satisfaction rate", "Of the rated cases, the share rated 4 or 5 out of 5.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SatisfactionRate }, "satisfied"},
	{"satisfaction_mean", "Mean satisfaction", "The mean rating (1 to 5) of the rated cases.", "score", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SatisfactionMean }, "rated"},
	{"duplicate_rate", "Duplicate rate", "Of the cases received, the share merged into another or reported within 150 m of a case of the same category reported in the 30 days before.", "pct", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.DuplicateRate }, "repeated"},
	{"return_rate", "Return rate", "Returns by units, of dispatches.", "pct", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.ReturnRate }, "returned"},
	{"overdue_now", "Overdue now", "Cases whose running deadline has passed now.", "n", false,
		func(f *guanjia.Figures, _ *guanjia.Rates) *float64 { return num(f.OverdueNow) }, "overdue_now"},
	{"ever_overdue", "Ever overdue", "Cases overdue now, or acted on after a deadline had passed.", "n", false,
		func(f *guanjia.Figures, _ *guanjia.Rates) *float64 { return num(f.EverOverdue) }, "ever_overdue"},
	{"callback_rate", "Callback rate", "Of the closed cases, the share called back since they were closed.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.CallbackRate }, "called_back"},
	{"supervised", "Supervised cases", "Cases under a supervision order.", "n", false,
		func(f *guanjia.Figures, _ *guanjia.Rates) *float64 { return num(f.Supervised) }, "supervised"},
	{"supervision_answer", "Supervision answered", "Of the supervised cases, the share whose latest order the unit answered in writing.", "pct", true,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SupervisionRate }, "supervision_answered"},
	{"sign_hours", "Time to sign for (mean)", "Working hours from the dispatch to the sign-for, mean over the signed cases.", "hours", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SignHoursMean }, "signed"},
	{"sign_hours_p90", "Time to sign for (p90)", "The 90th percentile of the working hours to sign for, to a step of the ladder: 90% of the signed cases took no longer.", "hours", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.SignHoursP90 }, "signed"},
	{"resolve_hours", "Time to resolve (mean)", "Working hours from the sign-for to the resolve, mean over the resolved cases.", "hours", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.ResolveHoursMean }, "resolved"},
	{"resolve_hours_p90", "Time to resolve (p90)", "The 90th percentile of the working hours to resolve, to a step of the ladder: 90% of the resolved cases took no longer.", "hours", false,
		func(_ *guanjia.Figures, r *guanjia.Rates) *float64 { return r.ResolveHoursP90 }, "resolved"},
}

// statsCell is one number of the table.
type statsCell struct {
	Text   string
	Change string // against the previous period, "" without one
	Tone   string // "good", "bad" or ""
	URL    string // the list of its cases, "" when the viewer has none
	Value  *float64
}

type statsRowView struct {
	Key, Name string
	Rank      int
	Cells     []statsCell
}

type statsPageData struct {
	From, To, Sort, By string
	Unit               string // the unit whose figures alone the viewer sees, by name
	Bys, Sorts, Towns  []option
	Figures            []figureDef
	Total              statsRowView
	Rows               []statsRowView
	ThisMonth          string
	LastMonth          string
	Chart              map[string]any // for js/stats.js
	Period             string
	Hotspots           *hotspotsView
	Back               string // this page, for the hot spots' forms
}

var statsByLabels = map[string]string{"unit": "By unit", "village": "By village", "grid": "By grid",
	"category": "By category", "channel": "By channel", "town": "By town"}

func (s *Server) statsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	q := r.URL.Query()
	st, err := s.app.Stats(r.Context(), v.Actor, app.StatsRequest{From: q.Get("from"), To: q.Get("to"), By: q.Get("by"), Town: q.Get("town")})
	if err != nil {
		return err
	}
	sortKey := q.Get("sort")
	if !slices.ContainsFunc(figureDefs, func(d figureDef) bool { return d.Key == sortKey }) {
		sortKey = "received"
	}
	rf := s.ref.get(r.Context())
	lang := v.Lang
	d := &statsPageData{From: st.From, To: st.To, Sort: sortKey, By: st.By, Figures: figureDefs,
		Period: st.From + " – " + st.To}
	if st.Unit != "" {
		d.Unit = rf.unitName(lang, st.Unit)
	}
	for _, b := range guanjia.StatsBy {
		if b != "day" {
			d.Bys = append(d.Bys, option{b, translate(lang, statsByLabels[b]), b == st.By})
		}
	}
	for _, f := range figureDefs {
		d.Sorts = append(d.Sorts, option{f.Key, translate(lang, f.Label), f.Key == sortKey})
	}
	if !s.app.Confined(v.Actor) {
		d.Towns = append(d.Towns, option{"", translate(lang, "All towns"), st.Town == ""})
		for _, j := range rf.towns {
			d.Towns = append(d.Towns, option{j.Code, j.Label(lang), j.Code == st.Town})
		}
	}
	now := s.app.Now().In(guanjia.TownZone)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, guanjia.TownZone)
	month := url.Values{"by": {st.By}, "sort": {sortKey}, "town": {st.Town}}
	d.ThisMonth = withQuery(month, "from", first.Format("2006-01-02"), "to", first.AddDate(0, 1, 0).Format("2006-01-02"))
	d.LastMonth = withQuery(month, "from", first.AddDate(0, -1, 0).Format("2006-01-02"), "to", first.Format("2006-01-02"))

	// list is the query of the list of a group's cases (key; "" for
	// all), on drillPath: the period, the town, the group, and for a
	// unit's staff their unit.
	path := drillPath(v)
	list := func(key string) url.Values {
		lq := url.Values{"from": {st.From}, "to": {st.To}}
		if st.Town != "" {
			lq.Set("jurisdiction", st.Town)
		}
		if st.Unit != "" {
			lq.Set("unit", st.Unit)
		}
		switch {
		case st.By == "town":
			lq.Set("jurisdiction", key)
		case key != "":
			lq.Set(st.By, key)
		}
		return lq
	}
	row := func(f guanjia.Figures, prev *guanjia.Figures, lq url.Values) statsRowView {
		rates := f.Rates()
		var prevRates guanjia.Rates
		if prev != nil {
			prevRates = prev.Rates()
		}
		rv := statsRowView{Key: f.Key}
		for _, def := range figureDefs {
			c := statsCell{Value: def.value(&f, &rates)}
			c.Text = formatFigure(lang, def.Format, c.Value)
			if prev != nil {
				c.Change, c.Tone = change(def, c.Value, def.value(prev, &prevRates))
			}
			if lq != nil {
				c.URL = drillURL(path, lq, def.Counted)
			}
			rv.Cells = append(rv.Cells, c)
		}
		return rv
	}
	d.Total = row(st.Total, &st.PrevTotal, list(""))
	d.Total.Name = translate(lang, "Total")
	for _, f := range st.Rows {
		var prev *guanjia.Figures
		if p, ok := st.Prev[f.Key]; ok {
			prev = &p
		}
		key := f.Key
		if key == "" {
			key = guanjia.NoPlace // not with a unit, outside every grid or village
		}
		rv := row(f, prev, list(key))
		rv.Name = statsKeyName(lang, rf, st.By, f.Key)
		d.Rows = append(d.Rows, rv)
	}
	idx := slices.IndexFunc(figureDefs, func(d figureDef) bool { return d.Key == sortKey })
	def := figureDefs[idx]
	slices.SortStableFunc(d.Rows, func(a, b statsRowView) int {
		x, y := a.Cells[idx].Value, b.Cells[idx].Value
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return 1
		case y == nil:
			return -1
		case def.Higher:
			return cmp.Compare(*y, *x)
		}
		return cmp.Compare(*x, *y)
	})
	for i := range d.Rows {
		d.Rows[i].Rank = i + 1
	}
	d.Chart = statsChart(lang, st, d.Rows, idx)
	mix := st
	if st.By != "category" {
		if mix, err = s.app.Stats(r.Context(), v.Actor, app.StatsRequest{From: st.From, To: st.To, By: "category", Town: st.Town}); err != nil {
			return err
		}
	}
	consoleList := func(key string) url.Values {
		if !v.Command() {
			return nil
		}
		return list(key)
	}
	addTrendsAndMix(d.Chart, lang, rf, st, mix.Rows, consoleList)
	if d.Hotspots, err = s.hotspotsView(r, v, st.To, st.Town); err != nil {
		return err
	}
	d.Back = "/stats" + withQuery(q, "hotspot_task", "")
	return s.render(w, r, v, http.StatusOK, "stats", "Statistics", d)
}

// allStatuses lists every status, so that the command center's list shows
// closed cases too.
var allStatuses = func() string {
	var ss []string
	for _, st := range guanjia.Statuses {
		ss = append(ss, string(st))
	}
	return strings.Join(ss, ",")
}()

// statsKeyName names a group's key in lang.
func statsKeyName(lang string, rf *ref, by, key string) string {
	if key == "" {
		switch by {
		case "unit":
			return translate(lang, "Not with a unit")
		case "grid":
			return translate(lang, "Outside every grid")
		case "village":
			return translate(lang, "Outside every village")
		}
		return "—"
	}
	switch by {
	case "unit":
		return rf.unitName(lang, key)
	case "village":
		return rf.villageName(lang, key)
	case "grid":
		return rf.gridName(key)
	case "category":
		return rf.categoryName(lang, key)
	case "channel":
		return channelLabel(lang, guanjia.Channel(key)) // the desk's too: 12345, walk-in, WeChat, letter
	case "town":
		return rf.townName(lang, key)
	}
	return key
}

// formatFigure writes a figure: "—" without one.
func formatFigure(lang, format string, v *float64) string {
	if v == nil {
		return "—"
	}
	switch format {
	case "pct":
		return fmt.Sprintf("%.1f%%", *v*100)
	case "hours":
		return fmt.Sprintf("%.1f", *v) + translate(lang, "h")
	case "score":
		return fmt.Sprintf("%.2f", *v)
	}
	return fmt.Sprintf("%.0f", *v)
}

// change writes the change of a figure from the previous period (in
// percentage points for rates) and whether it is for the better, as the
// reports do.
func change(def figureDef, now, before *float64) (string, string) {
	return report.Figure{Key: def.Key, Format: def.Format, Higher: def.Higher}.Change(now, before)
}

// statsChart is what js/stats.js draws: the daily trend of cases received
// and of the two on-time rates, and the ranking by the sorted figure.
func statsChart(lang string, st *app.Stats, rows []statsRowView, idx int) map[string]any {
	var days []string
	var received []int
	var signed, resolved []*float64
	for _, f := range st.Trend {
		r := f.Rates()
		days = append(days, f.Key[5:])
		received = append(received, f.Received)
		signed, resolved = append(signed, pct100(r.SignOnTime)), append(resolved, pct100(r.ResolveOnTime))
	}
	var names []string
	var values []*float64
	for _, rv := range rows {
		if len(names) == 15 {
			break
		}
		v := rv.Cells[idx].Value
		if v != nil && figureDefs[idx].Format == "pct" {
			v = pct100(v)
		}
		names, values = append(names, rv.Name), append(values, v)
	}
	return map[string]any{
		"days": days, "received": received, "signOnTime": signed, "resolveOnTime": resolved,
		"names": names, "values": values, "figure": translate(lang, figureDefs[idx].Label),
		"labels": map[string]string{"received": translate(lang, "Received"), "signOnTime": translate(lang, "Signed for on time"),
			"resolveOnTime": translate(lang, "Resolved on time")},
	}
}

func pct100(v *float64) *float64 {
	if v == nil {
		return nil
	}
	p := math.Round(*v*1000) / 10
	return &p
}
