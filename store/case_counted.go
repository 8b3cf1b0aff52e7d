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
	var args []any
	for range strings.Count(cond, "?") {
		args = append(args, now.UnixMicro())
	}
	sub.add(cond, args...)
	c.add("id IN (SELECT case_id FROM case_stats"+whereClause(sub.where)+")", sub.args...)
}
