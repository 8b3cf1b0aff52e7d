package report

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/guanjia/guanjia"
)

// CaseColumns are the case list's columns (CSV and the XLSX's list): every
// field of a case that the caller may see (the app redacts what they may
// not: reporters' details for staff who may not work on the case).
var CaseColumns = []string{"id", "number", "jurisdiction", "status", "category", "priority", "lat", "lng",
	"address", "description", "attributes", "grid", "village", "unit", "channel", "photos",
	"reporter_name", "reporter_phone", "reporter_email", "returns", "disputed", "final_dispatch",
	"escalation_level", "merged_into", "satisfaction", "reopened", "supervised", "referred", "followers",
	"pending_extension_until", "sign_due_at", "resolve_due_at", "dispatched_at", "accepted_at", "resolved_at",
	"closed_at", "resolution", "version", "created_at", "updated_at"}

// CaseRow is a case as a row of CaseColumns; every text cell goes through
// guanjia.SpreadsheetText so that a spreadsheet never runs what a reporter
// typed.
func CaseRow(c *guanjia.Case) []string {
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
	i, b, t := strconv.Itoa, strconv.FormatBool, guanjia.SpreadsheetText
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return []string{strconv.FormatInt(c.ID, 10), t(c.Number), t(c.Jurisdiction), string(c.Status),
		t(c.Category), i(c.Priority), f(c.Lat), f(c.Lng), t(c.Address), t(c.Description),
		t(attrs), t(c.Grid), t(c.Village), t(c.Unit), t(string(c.Channel)),
		t(strings.Join(c.Photos, " ")), t(c.ReporterName), t(c.ReporterPhone), t(c.ReporterEmail),
		i(c.Returns), b(c.Disputed), b(c.FinalDispatch), i(c.EscalationLevel), strconv.FormatInt(c.MergedInto, 10),
		i(c.Satisfaction), i(c.Reopened), b(c.Supervised), b(c.Referred), i(c.Followers), ts(until),
		ts(c.SignDueAt), ts(c.ResolveDueAt), ts(c.DispatchedAt), ts(c.AcceptedAt), ts(c.ResolvedAt), ts(c.ClosedAt),
		t(c.Resolution), i(c.Version), ts(&c.CreatedAt), ts(&c.UpdatedAt)}
}
