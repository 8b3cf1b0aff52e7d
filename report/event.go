package report

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

// EventHotSpot is a grid of an event's hot spots, named in the reader's
// language by the caller.
type EventHotSpot struct {
	Name  string
	Cases int
}

// EventXLSX writes an event's own figures (docs/events.md) as a workbook in
// lang: a summary sheet (its times, the figures against its limits, the
// housekeepers mobilised and its hot spots) and a sheet of its cases
// (CaseColumns). Numbers are numbers; every text cell goes through
// guanjia.SpreadsheetText.
func EventXLSX(w io.Writer, cv *app.ConferenceView, spots []EventHotSpot, asOf time.Time, lang string) error {
	x, s, err := newBook(lang)
	if err != nil {
		return err
	}
	defer x.Close()
	summary := s.name
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10})
	dec, _ := x.NewStyle(&excelize.Style{DecimalPlaces: ptr(0), CustomNumFmt: ptr("0")})
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	at := func(t time.Time) string { return t.In(guanjia.TownZone).Format("2006-01-02 15:04") }
	c, f := cv.Conference, cv.Figures
	s.line(title, i18n.T(lang, "Event report"))
	s.line(bold, i18n.T(lang, "Event"), c.Name)
	s.line(0, i18n.T(lang, "Build-up from"), at(c.SetupFrom))
	s.line(0, i18n.T(lang, "Starts"), at(c.Start))
	s.line(0, i18n.T(lang, "Ends"), at(c.End))
	s.line(0, i18n.T(lang, "Teardown until"), at(c.TeardownUntil))
	s.line(0, i18n.T(lang, "As of"), at(asOf))
	s.line(0)
	s.line(bold, i18n.T(lang, "Figure"), i18n.T(lang, "Value"))
	rate := func(n, of int) any {
		if of == 0 {
			return nil
		}
		return float64(n) / float64(of)
	}
	minutes := func(m float64, of int) any {
		if of == 0 {
			return nil
		}
		return m
	}
	rows := []struct {
		label string
		style int
		v     any
	}{
		{"Number of cases", 0, f.Cases}, {"Open", 0, f.Open}, {"Overdue", 0, f.Overdue},
		{"Signed for", 0, f.Signed}, {"Signed for on time", 0, f.SignedOnTime}, {"Share signed for on time", pct, rate(f.SignedOnTime, f.Signed)},
		{"Resolved", 0, f.Resolved}, {"Resolved on time", 0, f.ResolvedOnTime}, {"Share resolved on time", pct, rate(f.ResolvedOnTime, f.Resolved)},
		{"Mean minutes to sign for", dec, minutes(f.SignMinutes, f.Signed)}, {"Mean minutes to resolve", dec, minutes(f.ResolveMinutes, f.Resolved)},
		{"Housekeepers called", 0, f.Called}, {"Housekeepers who went", 0, f.Answered}, {"Different housekeepers", 0, f.Keepers},
	}
	for _, r := range rows {
		s.styled([]int{0, r.style}, i18n.T(lang, r.label), r.v)
	}
	if len(spots) > 0 {
		s.line(0)
		s.line(bold, i18n.T(lang, "Hot spots"), i18n.T(lang, "Number of cases"))
		for _, h := range spots {
			s.line(0, h.Name, h.Cases)
		}
	}
	_ = x.SetColWidth(summary, "A", "A", 30)
	_ = x.SetColWidth(summary, "B", "B", 18)
	return s.finish(w, lang, bold, cv.Cases)
}
