package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/guanjia/guanjia"
)

// The report archive: a row a report the monthly job made (period, town,
// unit) with its totals then; the reports are made again when opened.

// ArchiveReport stores r unless the archive has the report of its period,
// town and unit already; it reports whether it stored it.
func (tx *Tx) ArchiveReport(ctx context.Context, r *guanjia.ArchivedReport) (bool, error) {
	b, err := json.Marshal(r.Figures)
	if err != nil {
		return false, err
	}
	n, err := tx.affected(ctx, `INSERT INTO stats_reports (period, jurisdiction, unit, figures, generated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (jurisdiction, unit, period) DO NOTHING`,
		r.Period, r.Town, r.Unit, string(b), norm(r.GeneratedAt))
	if err != nil {
		return false, fmt.Errorf("archive report %s %s %s: %w", r.Period, r.Town, r.Unit, err)
	}
	return n > 0, nil
}

func scanArchivedReport(s scanner) (*guanjia.ArchivedReport, error) {
	r := &guanjia.ArchivedReport{}
	err := s.Scan(&r.ID, &r.Period, &r.Town, &r.Unit, jsonCol{&r.Figures}, timeCol{&r.GeneratedAt})
	return r, err
}

// ArchivedReports returns the archived reports f picks, newest period
// first, a town's own before its units'.
func (r *reader) ArchivedReports(ctx context.Context, f guanjia.ReportFilter) ([]*guanjia.ArchivedReport, error) {
	where, args := "1 = 1", []any{}
	for _, c := range []struct {
		col string
		v   any
		set bool
	}{{"jurisdiction = ?", f.Town, f.Town != ""}, {"unit = ?", f.Unit, f.UnitOnly}, {"period = ?", f.Period, f.Period != ""}} {
		if c.set {
			where, args = where+" AND "+c.col, append(args, c.v)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	rs, err := list(ctx, r, "SELECT id, period, jurisdiction, unit, figures, generated_at FROM stats_reports WHERE "+where+
		" ORDER BY period DESC, jurisdiction, unit LIMIT "+fmt.Sprint(limit), args, scanArchivedReport)
	if err != nil {
		return nil, fmt.Errorf("archived reports: %w", err)
	}
	return rs, nil
}

// NotableCases returns at most limit of the cases f picks that are notable
// of kind (guanjia.Notable, guanjia.NotableKinds), the most notable first.
func (r *reader) NotableCases(ctx context.Context, f guanjia.CaseFilter, kind string, limit int) ([]*guanjia.Case, error) {
	now := r.filterNow(&f)
	conds, args := caseWhere(r.d, &f, now, "", nil)
	var order string
	switch kind {
	case "overdue":
		conds, args = append(conds, "due_at < ?"), append(args, ceilMicro(now))
		order = "due_at, id DESC"
	case "supervised":
		conds, args = append(conds, "(supervised = ? OR escalation_level > 0)"), append(args, true)
		order = "escalation_level DESC, returns DESC, id DESC"
	case "dissatisfied":
		conds = append(conds, "satisfaction IN (1, 2)")
		order = "satisfaction, id DESC"
	default:
		return nil, fmt.Errorf("notable cases: no kind %q", kind)
	}
	cs, err := list(ctx, r, "SELECT "+caseColumns+" FROM cases WHERE "+strings.Join(append([]string{"1 = 1"}, conds...), " AND ")+
		" ORDER BY "+order+" LIMIT "+fmt.Sprint(limit), args, scanCase)
	if err != nil {
		return nil, fmt.Errorf("notable cases %s: %w", kind, err)
	}
	return cs, nil
}
