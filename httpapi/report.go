package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// caseColumns are the CSV export's columns: every field of a case that the
// caller may see.
var caseColumns = []string{"id", "number", "jurisdiction", "status", "category", "priority", "lat", "lng",
	"address", "description", "attributes", "grid", "village", "unit", "channel", "photos",
	"reporter_name", "reporter_phone", "reporter_email", "returns", "disputed", "final_dispatch",
	"escalation_level", "merged_into", "satisfaction", "reopened", "supervised", "referred", "followers",
	"pending_extension_until", "sign_due_at", "resolve_due_at", "dispatched_at", "accepted_at", "resolved_at",
	"closed_at", "resolution", "version", "created_at", "updated_at"}

// caseRow is a case as a CSV row; text anyone could have typed is escaped
// (csvText) so that a spreadsheet never runs it.
func caseRow(c *guanjia.Case) []string {
	ts := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(guanjia.TownZone).Format(time.RFC3339)
	}
	attrs := ""
	if len(c.Attributes) > 0 {
		b, _ := json.Marshal(c.Attributes)
		attrs = string(b)
	}
	var until *time.Time
	if c.PendingExtension != nil {
		until = &c.PendingExtension.Until
	}
	i, b := strconv.Itoa, strconv.FormatBool
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return []string{strconv.FormatInt(c.ID, 10), csvText(c.Number), csvText(c.Jurisdiction), string(c.Status),
		csvText(c.Category), i(c.Priority), f(c.Lat), f(c.Lng), csvText(c.Address), csvText(c.Description),
		csvText(attrs), csvText(c.Grid), csvText(c.Village), csvText(c.Unit), csvText(string(c.Channel)),
		strings.Join(c.Photos, " "), csvText(c.ReporterName), csvText(c.ReporterPhone), csvText(c.ReporterEmail),
		i(c.Returns), b(c.Disputed), b(c.FinalDispatch), i(c.EscalationLevel), strconv.FormatInt(c.MergedInto, 10),
		i(c.Satisfaction), i(c.Reopened), b(c.Supervised), b(c.Referred), i(c.Followers), ts(until),
		ts(c.SignDueAt), ts(c.ResolveDueAt), ts(c.DispatchedAt), ts(c.AcceptedAt), ts(c.ResolvedAt), ts(c.ClosedAt),
		csvText(c.Resolution), i(c.Version), ts(&c.CreatedAt), ts(&c.UpdatedAt)}
}

// csvText escapes a text cell against formula injection: a cell that a
// spreadsheet would read as a formula (starting with =, +, -, @, or a tab
// or carriage return that hides one) is prefixed with an apostrophe.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// report answers GET /api/v1/reports/{period}.csv: the cases reported in
// the period (a month, 2026-11, or 2026-11-01_2026-12-01), every column,
// as the caller may see them.
func (s *Server) report(w http.ResponseWriter, r *http.Request, id identity) error {
	name := r.PathValue("file")
	period, ok := strings.CutSuffix(name, ".csv")
	if !ok {
		return guanjia.Errorf(guanjia.ENOTFOUND, "No report %q: reports are .csv files.", name)
	}
	from, to, err := app.ParseReportPeriod(period)
	if err != nil {
		return err
	}
	var cw *csv.Writer
	err = s.app.ExportCases(r.Context(), id.Actor, from, to, func(c *guanjia.Case) error {
		if cw == nil {
			cw = startCSV(w, "cases-"+period+".csv")
		}
		return cw.Write(caseRow(c))
	})
	if err != nil && cw == nil {
		return err // nothing sent yet: a proper error
	}
	if cw == nil {
		cw = startCSV(w, "cases-"+period+".csv")
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
	cw.Write(caseColumns)
	return cw
}
