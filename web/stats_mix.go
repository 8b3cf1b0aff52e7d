package web

import (
	"net/url"
	"slices"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// The /stats page's weekly trend and category mix (js/stats.js), and the
// links from a day, a week or a category to the list of its cases.

// weeklyTrend adds a daily trend's days up into weeks from Monday, keyed
// by their Monday (YYYY-MM-DD).
func weeklyTrend(days []guanjia.Figures) []guanjia.Figures {
	var out []guanjia.Figures
	for _, f := range days {
		d, err := time.Parse(time.DateOnly, f.Key)
		if err != nil {
			continue
		}
		monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format(time.DateOnly)
		if n := len(out); n == 0 || out[n-1].Key != monday {
			out = append(out, guanjia.Figures{Key: monday})
		}
		out[len(out)-1].Add(&f)
	}
	return out
}

// addTrendsAndMix adds to the chart's data the weekly trend, the category
// mix (byCategory: the period's figures by category), and the lists of their cases (list gives the query of the
// period's list, nil when the viewer has none).
func addTrendsAndMix(chart map[string]any, lang string, rf *ref, st *app.Stats, byCategory []guanjia.Figures, list func(string) url.Values) {
	base := list("")
	if base != nil && st.By != "town" {
		for _, k := range []string{"unit", "village", "grid", "category", "channel"} {
			base.Del(k)
		}
	}
	link := func(kv ...string) string {
		if base == nil {
			return ""
		}
		return drillURL("/console", base, "received", kv...)
	}
	var dayURLs []string
	for _, f := range st.Trend {
		d, _ := time.Parse(time.DateOnly, f.Key)
		dayURLs = append(dayURLs, link("from", f.Key, "to", d.AddDate(0, 0, 1).Format(time.DateOnly)))
	}
	var weeks, weekURLs []string
	var weekReceived []int
	var weekSign, weekResolve []*float64
	for _, f := range weeklyTrend(st.Trend) {
		r := f.Rates()
		d, _ := time.Parse(time.DateOnly, f.Key)
		from, to := max(f.Key, st.From), min(d.AddDate(0, 0, 7).Format(time.DateOnly), st.To)
		weeks, weekURLs = append(weeks, f.Key[5:]), append(weekURLs, link("from", from, "to", to))
		weekReceived = append(weekReceived, f.Received)
		weekSign, weekResolve = append(weekSign, pct100(r.SignOnTime)), append(weekResolve, pct100(r.ResolveOnTime))
	}
	type slice struct {
		Name  string `json:"name"`
		Value int    `json:"value"`
		URL   string `json:"url,omitempty"`
	}
	mix := []slice{}
	for _, f := range byCategory {
		if f.Received > 0 {
			mix = append(mix, slice{rf.categoryIcon(f.Key) + " " + rf.categoryName(lang, f.Key), f.Received, link("category", f.Key)})
		}
	}
	slices.SortStableFunc(mix, func(a, b slice) int { return b.Value - a.Value })
	chart["dayURLs"], chart["weeks"], chart["weekURLs"], chart["weekReceived"] = dayURLs, weeks, weekURLs, weekReceived
	chart["weekSignOnTime"], chart["weekResolveOnTime"], chart["mix"] = weekSign, weekResolve, mix
	labels := chart["labels"].(map[string]string)
	labels["mix"] = translate(lang, "Category mix")
}
