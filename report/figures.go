// Package report renders a period report (app.PeriodReport,
// docs/reports.md) as PDF (fpdf with a CJK TrueType font of the system) and
// XLSX (excelize), and the case list's rows for CSV and XLSX, in the
// reader's language. The HTML page is web's (stats-report.html).
package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// Figure is one assessment figure as a report shows it.
type Figure struct {
	Key    string
	Label  string // English, translated when shown
	Format string // "n", "pct", "hours" or "score"
	Higher bool   // higher is better
	Value  func(*guanjia.Figures) *float64
}

func count(n func(*guanjia.Figures) int) func(*guanjia.Figures) *float64 {
	return func(f *guanjia.Figures) *float64 { v := float64(n(f)); return &v }
}

func rate(r func(guanjia.Rates) *float64) func(*guanjia.Figures) *float64 {
	return func(f *guanjia.Figures) *float64 { return r(f.Rates()) }
}

// Figures are the report's figures, as docs/figures.md defines them.
var Figures = []Figure{
	{"received", "Received", "n", true, count(func(f *guanjia.Figures) int { return f.Received })},
	{"sign_on_time", "Signed for on time", "pct", true, rate(func(r guanjia.Rates) *float64 { return r.SignOnTime })},
	{"resolve_on_time", "Resolved on time", "pct", true, rate(func(r guanjia.Rates) *float64 { return r.ResolveOnTime })},
	{"fix_rate", "Fix rate", "pct", true, rate(func(r guanjia.Rates) *float64 { return r.FixRate })},
	{"satisfaction_rate", "Satisfaction rate", "pct", true, rate(func(r guanjia.Rates) *float64 { return r.SatisfactionRate })},
	{"satisfaction_mean", "Mean satisfaction", "score", true, rate(func(r guanjia.Rates) *float64 { return r.SatisfactionMean })},
	{"duplicate_rate", "Duplicate rate", "pct", false, rate(func(r guanjia.Rates) *float64 { return r.DuplicateRate })},
	{"return_rate", "Return rate", "pct", false, rate(func(r guanjia.Rates) *float64 { return r.ReturnRate })},
	{"overdue_now", "Overdue now", "n", false, count(func(f *guanjia.Figures) int { return f.OverdueNow })},
	{"ever_overdue", "Ever overdue", "n", false, count(func(f *guanjia.Figures) int { return f.EverOverdue })},
	{"sign_hours", "Time to sign for (mean)", "hours", false, rate(func(r guanjia.Rates) *float64 { return r.SignHoursMean })},
	{"sign_hours_p90", "Time to sign for (p90)", "hours", false, rate(func(r guanjia.Rates) *float64 { return r.SignHoursP90 })},
	{"resolve_hours", "Time to resolve (mean)", "hours", false, rate(func(r guanjia.Rates) *float64 { return r.ResolveHoursMean })},
	{"resolve_hours_p90", "Time to resolve (p90)", "hours", false, rate(func(r guanjia.Rates) *float64 { return r.ResolveHoursP90 })},
}

// RankFigures are the figures the rankings of units and villages show.
var RankFigures = []string{"received", "sign_on_time", "resolve_on_time", "satisfaction_rate", "ever_overdue"}

// FigureOf returns the figure of a key.
func FigureOf(key string) Figure {
	for _, f := range Figures {
		if f.Key == key {
			return f
		}
	}
	panic("report: no figure " + key)
}

// Text writes a figure's value in lang: "—" without one.
func (d Figure) Text(lang string, v *float64) string {
	if v == nil {
		return "—"
	}
	switch d.Format {
	case "pct":
		return fmt.Sprintf("%.1f%%", *v*100)
	case "hours":
		return i18n.Sprintf(lang, "%.1f h", *v)
	case "score":
		return fmt.Sprintf("%.2f", *v)
	}
	return fmt.Sprintf("%.0f", *v)
}

// Change writes the change of a figure against the previous period (in
// percentage points for rates), "" without one, and whether it is for the
// better ("good", "bad" or "").
func (d Figure) Change(now, before *float64) (string, string) {
	if now == nil || before == nil {
		return "", ""
	}
	delta := *now - *before
	if math.Abs(delta) < 1e-9 {
		return "±0", ""
	}
	var text string
	switch d.Format {
	case "pct":
		text = fmt.Sprintf("%+.1f", delta*100)
	case "hours", "score":
		text = fmt.Sprintf("%+.1f", delta)
	default:
		text = fmt.Sprintf("%+.0f", delta)
	}
	if strings.Trim(text, "+-0.") == "" {
		return "±0", "" // a change too small to show
	}
	switch {
	case d.Key == "received":
		return text, ""
	case (delta > 0) == d.Higher:
		return text, "good"
	}
	return text, "bad"
}

// Ranks returns the rank (1 the best, ties sharing one) of each row by
// figure d, 0 for a row without a value.
func (d Figure) Ranks(rows []*guanjia.Figures) []int {
	vals := make([]*float64, len(rows))
	for i, r := range rows {
		vals[i] = d.Value(r)
	}
	ranks := make([]int, len(rows))
	for i, v := range vals {
		if v == nil {
			continue
		}
		ranks[i] = 1
		for _, w := range vals {
			if w != nil && ((d.Higher && *w > *v+1e-12) || (!d.Higher && *w < *v-1e-12)) {
				ranks[i]++
			}
		}
	}
	return ranks
}

// Name translates a figure's name.
func (d Figure) Name(lang string) string { return i18n.T(lang, d.Label) }

// LastDay returns the last local date of a period [from, to).
func LastDay(to string) string {
	t, err := time.Parse("2006-01-02", to)
	if err != nil {
		return to
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}

// NotableTitles name the kinds of notable cases (guanjia.NotableKinds).
var NotableTitles = map[string]string{
	"overdue":      "Longest overdue",
	"supervised":   "Supervised or escalated",
	"dissatisfied": "Least satisfied",
}

// NotableScore writes what a notable case is ranked by, in lang.
func NotableScore(lang, kind string, c *guanjia.Case, score float64) string {
	switch kind {
	case "overdue":
		return i18n.Sprintf(lang, "%.0f h overdue", score)
	case "supervised":
		if c.EscalationLevel > 0 {
			return i18n.Sprintf(lang, "escalated to level %d", c.EscalationLevel)
		}
		return i18n.T(lang, "supervised")
	case "dissatisfied":
		return i18n.Sprintf(lang, "rated %d of 5", c.Satisfaction)
	}
	return ""
}
