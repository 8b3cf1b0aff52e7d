package httpapi

import (
	"bytes"
	"encoding/csv"
	"errors"
	"net/http"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
	"github.com/guanjia/guanjia/report"
)

// report answers GET /api/v1/reports/{period}.{pdf|xlsx|csv}?town=&unit=:
// the report of a period (a month, 2026-11, or its first and last days,
// 2026-11-01..2026-11-15) of the caller's town, or of one of its units, as
// the caller may see it (a handler or unit lead their own unit's), in the
// caller's language; the CSV is its cases, every column (docs/reports.md).
func (s *Server) report(w http.ResponseWriter, r *http.Request, id identity) error {
	name := r.PathValue("file")
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 || !strings.Contains(" pdf xlsx csv ", " "+name[dot+1:]+" ") {
		return guanjia.Errorf(guanjia.ENOTFOUND, "No report %q: reports are .pdf, .xlsx or .csv files.", name)
	}
	period, kind := name[:dot], name[dot+1:]
	q := r.URL.Query()
	if kind == "csv" {
		return s.reportCSV(w, r, id, period, q.Get("town"), q.Get("unit"))
	}
	rep, err := s.app.PeriodReport(r.Context(), id.Actor, app.ReportRequest{Period: period, Town: q.Get("town"),
		Unit: q.Get("unit"), Cases: kind == "xlsx"})
	if err != nil {
		return err
	}
	lang := i18n.FromRequest(r)
	var buf bytes.Buffer
	contentType := "application/pdf"
	if kind == "pdf" {
		err = report.PDF(&buf, rep, lang)
		if errors.Is(err, report.ErrNoFont) {
			return guanjia.Errorf(guanjia.EUNAVAILABLE, "This server has no Chinese font for PDFs: install fonts-wqy-microhei, or start it with --report-font. The XLSX and CSV work.")
		}
	} else {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = report.XLSX(&buf, rep, lang)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+reportFileName(rep, kind)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// reportFileName is report-TOWN[-UNIT]-PERIOD.KIND.
func reportFileName(rep *app.PeriodReport, kind string) string {
	parts := []string{"report"}
	for _, p := range []string{rep.Town, rep.Unit, rep.Period} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "-"), `"`, "") + "." + kind
}

// reportCSV streams the cases of a report's period, every column
// (report.CaseColumns), as the caller may see them.
func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request, id identity, period, town, unit string) error {
	from, to, err := app.ParseReportPeriod(period)
	if err != nil {
		return err
	}
	var cw *csv.Writer
	filename := "cases-" + period + ".csv"
	err = s.app.ExportCases(r.Context(), id.Actor, from, to, town, unit, func(c *guanjia.Case) error {
		if cw == nil {
			cw = startCSV(w, filename)
		}
		return cw.Write(report.CaseRow(c))
	})
	if err != nil && cw == nil {
		return err // nothing sent yet: a proper error
	}
	if cw == nil {
		cw = startCSV(w, filename)
	}
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		// The header is out: the truncated file is all the caller gets.
		s.log.Error("export cases", "path", r.URL.Path, "err", err)
	}
	return nil
}

// startCSV sends the header of a CSV download and its first row, the
// column names, after a byte-order mark so spreadsheets read it as UTF-8.
func startCSV(w http.ResponseWriter, filename string) *csv.Writer {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write(report.CaseColumns)
	return cw
}
