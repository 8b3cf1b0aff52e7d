package report

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

// XLSX writes rep as a workbook in lang: a summary sheet (the figures
// against the previous period, then each unit's and village's counts and
// rates, and the daily trend with its chart), a sheet of every case
// (rep.Cases, CaseColumns) and a sheet of the recurring hot spots
// (rep.Hotspots, as the PDF lists them, with the cell's centre and key). Numbers are numbers; every text cell goes
// through guanjia.SpreadsheetText.
func XLSX(w io.Writer, rep *app.PeriodReport, lang string) error {
	x, s, err := newBook(lang)
	if err != nil {
		return err
	}
	defer x.Close()
	summary := s.name
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	dec, _ := x.NewStyle(&excelize.Style{DecimalPlaces: ptr(2), CustomNumFmt: ptr("0.00")})
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	styleOf := func(f Figure) int {
		switch f.Format {
		case "pct":
			return pct
		case "n":
			return 0
		}
		return dec
	}
	s.line(title, Title(rep, lang))
	s.line(0, i18n.Sprintf(lang, "Period: %s to %s", rep.From, LastDay(rep.To)))
	s.line(0, i18n.Sprintf(lang, "Compared with: %s to %s", rep.PrevFrom, LastDay(rep.PrevTo)))
	s.line(0)
	s.line(bold, i18n.T(lang, "Figure"), i18n.T(lang, "This period"), i18n.T(lang, "Previous period"), i18n.T(lang, "Against the period before"))
	for _, f := range Figures {
		now, before := f.Value(&rep.Total), f.Value(&rep.PrevTotal)
		ch, _ := f.Change(now, before)
		s.styled([]int{0, styleOf(f), styleOf(f), 0}, f.Name(lang), val(now), val(before), ch)
	}
	groups := []struct {
		title string
		rows  []app.ReportRow
	}{{i18n.T(lang, "Units ranked"), rep.Units}, {i18n.T(lang, "Villages ranked"), rep.Villages},
		{i18n.T(lang, "Category mix"), rep.Categories}}
	for _, g := range groups {
		if rep.Unit != "" && g.title == i18n.T(lang, "Units ranked") {
			continue
		}
		s.line(0)
		head := []any{g.title}
		styles := []int{0}
		for _, f := range Figures {
			head, styles = append(head, f.Name(lang)), append(styles, styleOf(f))
		}
		s.line(bold, head...)
		for i := range g.rows {
			r := &g.rows[i]
			cells := []any{r.Name(lang)}
			for _, f := range Figures {
				cells = append(cells, val(f.Value(&r.Figures)))
			}
			s.styled(styles, cells...)
		}
	}
	s.line(0)
	s.line(bold, i18n.T(lang, "Day"), i18n.T(lang, "Received"))
	first := s.row + 1
	for _, f := range rep.Trend {
		s.line(0, f.Key, f.Received)
	}
	if len(rep.Trend) > 0 {
		last := s.row
		ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", summary, col, first, col, last) }
		err := x.AddChart(summary, "G5", &excelize.Chart{Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: i18n.T(lang, "Received"), Categories: ref("A"), Values: ref("B")}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: i18n.T(lang, "Cases received a day")}}},
			Legend: excelize.ChartLegend{Position: "none"}})
		if err != nil {
			return err
		}
	}
	_ = x.SetColWidth(summary, "A", "A", 28)
	if err := hotspotSheet(x, i18n.T(lang, "Hot spots"), bold, rep, lang); err != nil {
		return err
	}
	return s.finish(w, lang, bold, rep.Cases)
}

// hotspotSheet lists the report's recurring hot spots in a new sheet name,
// a row each under the columns of the PDF's list and the cell's centre and
// key; the count of cases is a number.
func hotspotSheet(x *excelize.File, name string, bold int, rep *app.PeriodReport, lang string) error {
	if _, err := x.NewSheet(name); err != nil {
		return err
	}
	s := &sheet{x: x, name: name}
	head := []any{}
	for _, h := range HotspotHeads(lang) {
		head = append(head, h)
	}
	s.line(bold, append(head, i18n.T(lang, "Latitude"), i18n.T(lang, "Longitude"), i18n.T(lang, "Hot spot"))...)
	for _, h := range rep.Hotspots {
		cells := []any{}
		for _, c := range HotspotCells(lang, rep, h) {
			cells = append(cells, c)
		}
		cells[2] = h.Cases
		lat, lng := h.Center()
		s.line(0, append(cells, lat, lng, h.String())...)
	}
	_ = x.SetColWidth(name, "A", "B", 20)
	_ = x.SetColWidth(name, "H", "H", 36)
	return s.err
}

// newBook makes a workbook of two sheets in lang, a summary (returned to
// write on) and the cases (written by finish).
func newBook(lang string) (*excelize.File, *sheet, error) {
	x := excelize.NewFile()
	summary := i18n.T(lang, "Summary")
	if err := x.SetSheetName("Sheet1", summary); err != nil {
		x.Close()
		return nil, nil, err
	}
	if _, err := x.NewSheet(i18n.T(lang, "Cases")); err != nil {
		x.Close()
		return nil, nil, err
	}
	return x, &sheet{x: x, name: summary}, nil
}

// finish writes the cases' sheet and the workbook to w, or the first error
// of writing the summary.
func (s *sheet) finish(w io.Writer, lang string, bold int, cases []*guanjia.Case) error {
	if s.err != nil {
		return s.err
	}
	if err := caseSheet(s.x, i18n.T(lang, "Cases"), bold, cases); err != nil {
		return err
	}
	_, err := s.x.WriteTo(w)
	return err
}

// caseSheet streams the cases into sheet name, a row each under the
// column names, the first row frozen.
func caseSheet(x *excelize.File, name string, bold int, cases []*guanjia.Case) error {
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	row := make([]any, len(CaseColumns))
	for i, col := range CaseColumns {
		row[i] = col
	}
	if err := sw.SetRow("A1", row, excelize.RowOpts{StyleID: bold}); err != nil {
		return err
	}
	for n, c := range cases {
		for i, v := range CaseRow(c) { // escaped already
			row[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func ptr[T any](v T) *T { return &v }

// val gives a figure's value as a cell: empty without one.
func val(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// sheet writes rows one after another.
type sheet struct {
	x    *excelize.File
	name string
	row  int
	err  error
}

func (s *sheet) line(style int, cells ...any) {
	styles := make([]int, len(cells))
	for i := range styles {
		styles[i] = style
	}
	s.styled(styles, cells...)
}

// styled writes a row; text goes through guanjia.SpreadsheetText.
func (s *sheet) styled(styles []int, cells ...any) {
	s.row++
	for i, v := range cells {
		if t, ok := v.(string); ok {
			v = guanjia.SpreadsheetText(t)
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, s.row)
		if v != nil {
			if err := s.x.SetCellValue(s.name, cell, v); err != nil && s.err == nil {
				s.err = err
			}
		}
		if i < len(styles) && styles[i] != 0 {
			_ = s.x.SetCellStyle(s.name, cell, cell, styles[i])
		}
	}
}
