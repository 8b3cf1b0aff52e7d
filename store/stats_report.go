package store

import (
	"context"
	"encoding/json"
	"fmt"

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
