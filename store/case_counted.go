package store

import (
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// countedConds are the conditions on a case's case_stats row that put it
// in a figure's list (guanjia.CountedLists), as statSums counts it; "?"
// is the moment overdue is judged at, in microseconds (Figures' now).
var countedConds = map[string]string{
	"received":             "", // the cohort: From and To alone
	"repeated":             "(status = 'merged' OR same_problem = 1)",
	"returned":             "returns > 0",
	"overdue_now":          "due_us < ?",
	"ever_overdue":         "(ever_overdue = 1 OR due_us < ?)",
	"signed":               "signed = 1",
	"sign_on_time":         "sign_on_time = 1",
	"sign_late":            "signed = 1 AND sign_on_time = 0",
	"resolved":             "resolved = 1",
	"resolve_on_time":      "resolve_on_time = 1",
	"resolve_late":         "resolved = 1 AND resolve_on_time = 0",
	"closed":               "status = 'closed'",
	"fixed":                "status = 'closed' AND fixed = 1",
	"auto_closed":          "status = 'closed' AND fixed = 0",
	"rated":                "satisfaction > 0",
	"satisfied":            "satisfaction >= 4",
	"unsatisfied":          "satisfaction > 0 AND satisfaction < 4",
	"called_back":          "status = 'closed' AND callback = 1",
	"supervised":           "supervised = 1",
	"supervision_answered": "supervision_answered = 1",
	"supervision_lapsed":   "supervision_lapsed = 1",
}

// counted adds the condition of f's counted list: the case's id among
// those of case_stats rows that meet it, read by the rows' reporting days
// (case_stats' key), bounded by f's From and To when given, so that a
// month's list reads that month's rows alone.
func (c *conds) counted(f *guanjia.CaseFilter, now time.Time) {
	cond, ok := countedConds[f.Counted]
	if !ok || cond == "" {
		return
	}
	sub := conds{}
	if f.From != nil {
		sub.add("day >= ?", guanjia.ReportDay(*f.From))
	}
	if f.To != nil {
		sub.add("day <= ?", guanjia.ReportDay(*f.To))
	}
	if f.Jurisdiction != nil {
		sub.add("jurisdiction = ?", *f.Jurisdiction)
	}
	sub.add(cond, nowArgs(cond, now)...)
	c.add("id IN (SELECT case_id FROM case_stats"+whereClause(sub.where)+")", sub.args...)
}

// countedCount returns the query that counts f's cases by status from
// their case_stats rows alone, when f selects nothing case_stats does not
// hold: a counted list of whole days (From and To at midnight in the
// town's zone) by town, unit, village, grid, category, channel and status,
// whose columns case_stats copies from the case in the transaction of
// every change. ok is false otherwise.
func countedCount(f *guanjia.CaseFilter, now time.Time) (query string, args []any, ok bool) {
	cond, known := countedConds[f.Counted]
	if !known || f.From == nil || f.To == nil || !midnight(*f.From) || !midnight(*f.To) ||
		f.Text != nil || f.BBox != nil || f.Near != nil || f.Overdue != nil || f.Referred != nil ||
		f.ReporterID != nil || f.ReporterPhone != nil || f.Handler != nil || f.Supervised != nil || f.Extension != nil ||
		len(f.IDs) > 0 || len(f.Numbers) > 0 || f.UpdatedAfter != nil || f.UpdatedBefore != nil {
		return "", nil, false
	}
	var c conds
	c.add("day >= ? AND day < ?", guanjia.ReportDay(*f.From), guanjia.ReportDay(*f.To))
	c.caseFields(f)
	if cond != "" {
		c.add(cond, nowArgs(cond, now)...)
	}
	return "SELECT status, COUNT(*), 0, 0 FROM case_stats" + whereClause(c.where) + " GROUP BY status", c.args, true
}

// midnight reports whether t is a day's start in the town's zone.
func midnight(t time.Time) bool {
	l := t.In(guanjia.TownZone)
	return l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0
}

// nowArgs are the arguments of a counted condition: now, in microseconds,
// for each of its "?".
func nowArgs(cond string, now time.Time) []any {
	var args []any
	for range strings.Count(cond, "?") {
		args = append(args, now.UnixMicro())
	}
	return args
}
