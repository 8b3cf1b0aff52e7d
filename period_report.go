package guanjia

import (
	"strings"
	"time"
)

// Period reports (docs/reports.md): the assessment figures of a period for
// a town or one of its units, with rankings, charts and notable cases, as
// an HTML page, PDF, XLSX and CSV. The archive keeps a definition a report
// (its period, town and unit) with the totals it had when it was made; the
// report itself is made again from the cases whenever it is opened.

// ArchivedReport is one report of the archive.
type ArchivedReport struct {
	ID          int64     `json:"id"`
	Period      string    `json:"period"` // its name: 2026-11, or 2026-11-01..2026-11-15
	Town        string    `json:"town"`
	Unit        string    `json:"unit"`    // "" the town's report
	Figures     Figures   `json:"figures"` // the totals when it was made
	GeneratedAt time.Time `json:"generated_at"`
}

// ReportFilter picks archived reports: of a town ("" every town), of a
// unit ("" every unit and the towns' own when Unit is not set), newest
// period first.
type ReportFilter struct {
	Town     string
	Unit     string
	UnitOnly bool // only the reports of Unit
	Period   string
	Limit    int
}

// NotableKinds are the kinds of notable cases a report lists, at most
// NotableMax of each:
//   - overdue: overdue now (their running deadline has passed), the longest
//     overdue first;
//   - supervised: under a leader's supervision or escalated, the highest
//     escalation level first, then the most returned;
//   - dissatisfied: rated 1 or 2 of 5, the lowest first.
var NotableKinds = []string{"overdue", "supervised", "dissatisfied"}

// NotableMax is how many cases of each kind a report lists.
const NotableMax = 5

// Notable reports whether c is a notable case of kind at now, and the
// number it is ranked by (higher first).
func Notable(kind string, c *Case, now time.Time) (bool, float64) {
	switch kind {
	case "overdue":
		if c.Overdue(now) {
			return true, now.Sub(*c.DueAt()).Hours()
		}
	case "supervised":
		if c.Supervised || c.EscalationLevel > 0 {
			return true, float64(c.EscalationLevel*1000 + c.Returns)
		}
	case "dissatisfied":
		if c.Satisfaction == 1 || c.Satisfaction == 2 {
			return true, float64(6 - c.Satisfaction)
		}
	}
	return false, 0
}

// SpreadsheetText escapes a text cell of a CSV or XLSX export against
// formula injection: a cell a spreadsheet would read as a formula (starting
// with =, +, -, @, or a tab or carriage return that hides one) is prefixed
// with an apostrophe, so it shows as the text it is.
func SpreadsheetText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
