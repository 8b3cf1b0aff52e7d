package report

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/i18n"
)

// PDF writes rep as an A4 PDF in lang: a cover, the summary against the
// previous period, the charts (daily cases received, the category mix),
// the rankings of units and villages, and the notable cases. It returns
// ErrNoFont (wrapped) when the system has no CJK TrueType font.
func PDF(w io.Writer, rep *app.PeriodReport, lang string) error {
	b, err := fontBytes()
	if err != nil {
		return err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(15, 15, 15)
	p.SetAutoPageBreak(true, 15)
	p.AddUTF8FontFromBytes("cjk", "", b)
	p.SetTitle(Title(rep, lang), true)
	p.SetCreator("Guanjia", true)
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("cjk", "", 8)
		p.SetTextColor(120, 120, 120)
		p.CellFormat(0, 5, fmt.Sprintf("%s · %d", Title(rep, lang), p.PageNo()), "", 0, "C", false, 0, "")
	})
	d := &pdfDoc{p, lang}
	d.cover(rep)
	p.AddPage()
	d.summary(rep)
	d.charts(rep)
	if rep.Unit == "" {
		d.ranking(i18n.T(lang, "Units ranked"), rep.Units)
	}
	d.ranking(i18n.T(lang, "Villages ranked"), rep.Villages)
	d.notable(rep)
	d.hotspots(rep)
	return p.Output(w)
}

// Title is a report's title in lang.
func Title(rep *app.PeriodReport, lang string) string {
	who := rep.TownName(lang)
	if who == "" {
		who = i18n.T(lang, "All towns")
	}
	if rep.Unit != "" {
		who += " · " + rep.UnitName(lang)
	}
	return i18n.Sprintf(lang, "%s: report for %s", who, rep.Period)
}

type pdfDoc struct {
	*fpdf.Fpdf
	lang string
}

func (d *pdfDoc) t(s string) string { return i18n.T(d.lang, s) }

func (d *pdfDoc) font(size float64, r, g, b int) {
	d.SetFont("cjk", "", size)
	d.SetTextColor(r, g, b)
}

// fit shortens s with an ellipsis to w millimetres.
func (d *pdfDoc) fit(s string, w float64) string {
	s = strings.Join(strings.Fields(s), " ")
	if d.GetStringWidth(s) <= w-2 {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.GetStringWidth(string(r)+"…") > w-2 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func (d *pdfDoc) heading(s string) {
	if d.GetY() > 250 {
		d.AddPage()
	}
	d.Ln(4)
	d.font(13, 20, 60, 120)
	d.CellFormat(0, 8, s, "B", 1, "L", false, 0, "")
	d.Ln(2)
}

// row writes one line of cells of the widths ws; header rows are shaded.
func (d *pdfDoc) row(ws []float64, cells []string, header bool, aligns string) {
	d.SetFillColor(232, 238, 246)
	for i, c := range cells {
		align := "L"
		if i < len(aligns) {
			align = aligns[i : i+1]
		}
		d.CellFormat(ws[i], 6, d.fit(c, ws[i]), "1", 0, align, header, 0, "")
	}
	d.Ln(-1)
}

func (d *pdfDoc) cover(rep *app.PeriodReport) {
	d.AddPage()
	d.SetY(70)
	d.font(24, 20, 60, 120)
	d.MultiCell(0, 12, Title(rep, d.lang), "", "C", false)
	d.Ln(10)
	d.font(12, 40, 40, 40)
	lines := []string{
		i18n.Sprintf(d.lang, "Period: %s to %s", rep.From, LastDay(rep.To)),
		i18n.Sprintf(d.lang, "Compared with: %s to %s", rep.PrevFrom, LastDay(rep.PrevTo)),
		i18n.Sprintf(d.lang, "Made: %s", rep.Generated.In(guanjia.TownZone).Format("2006-01-02 15:04")),
	}
	for _, l := range lines {
		d.CellFormat(0, 8, l, "", 1, "C", false, 0, "")
	}
	d.Ln(10)
	d.font(9, 100, 100, 100)
	d.MultiCell(0, 5, d.t("Over the cases reported in the period (Asia/Shanghai dates), as they stand now; times in working hours."), "", "C", false)
}

func (d *pdfDoc) summary(rep *app.PeriodReport) {
	d.heading(d.t("Summary"))
	d.font(9, 0, 0, 0)
	ws := []float64{70, 35, 35, 40}
	d.row(ws, []string{d.t("Figure"), d.t("This period"), d.t("Previous period"), d.t("Against the period before")}, true, "LRRR")
	for _, f := range Figures {
		now, before := f.Value(&rep.Total), f.Value(&rep.PrevTotal)
		ch, _ := f.Change(now, before)
		d.row(ws, []string{f.Name(d.lang), f.Text(d.lang, now), f.Text(d.lang, before), ch}, false, "LRRR")
	}
}

func (d *pdfDoc) charts(rep *app.PeriodReport) {
	d.heading(d.t("Cases received a day"))
	x0, y0, w, h := 20.0, d.GetY(), 170.0, 40.0
	top := 1
	for _, f := range rep.Trend {
		top = max(top, f.Received)
	}
	d.SetDrawColor(150, 150, 150)
	d.Line(x0, y0+h, x0+w, y0+h)
	d.SetFillColor(70, 120, 190)
	if n := len(rep.Trend); n > 0 {
		bw := w / float64(n)
		for i, f := range rep.Trend {
			bh := h * float64(f.Received) / float64(top)
			d.Rect(x0+float64(i)*bw+bw*0.1, y0+h-bh, bw*0.8, bh, "F")
		}
		d.font(7, 80, 80, 80)
		d.Text(x0, y0+h+4, rep.Trend[0].Key)
		d.Text(x0+w-18, y0+h+4, rep.Trend[n-1].Key)
	}
	d.font(7, 80, 80, 80)
	d.Text(x0-5, y0+2, fmt.Sprint(top))
	d.SetY(y0 + h + 6)

	d.heading(d.t("Category mix"))
	d.font(8, 0, 0, 0)
	total := max(rep.Total.Received, 1)
	for i, c := range rep.Categories {
		if i == 10 {
			break
		}
		y := d.GetY()
		d.CellFormat(45, 5, d.fit(c.Name(d.lang), 45), "", 0, "L", false, 0, "")
		d.SetFillColor(70, 120, 190)
		d.Rect(60, y+1, 100*float64(c.Received)/float64(total), 3, "F")
		d.SetX(165)
		d.CellFormat(30, 5, fmt.Sprintf("%d (%.0f%%)", c.Received, 100*float64(c.Received)/float64(total)), "", 1, "R", false, 0, "")
	}
}

// ranking writes a table of rows with each of RankFigures: its value, its
// rank among the rows (#) and its change against the previous period.
func (d *pdfDoc) ranking(title string, rows []app.ReportRow) {
	if len(rows) == 0 {
		return
	}
	d.heading(title)
	d.font(7.5, 0, 0, 0)
	ws := []float64{40}
	head := []string{""}
	for _, k := range RankFigures {
		ws, head = append(ws, 28), append(head, FigureOf(k).Name(d.lang))
	}
	d.row(ws, head, true, "LRRRRR")
	cells := RankCells(d.lang, rows)
	for i, r := range rows {
		d.row(ws, append([]string{r.Name(d.lang)}, cells[i]...), false, "LRRRRR")
	}
}

// RankCells writes each row's RankFigures: "95.0% #1 +2.1".
func RankCells(lang string, rows []app.ReportRow) [][]string {
	figs := make([]*guanjia.Figures, len(rows))
	for i := range rows {
		figs[i] = &rows[i].Figures
	}
	out := make([][]string, len(rows))
	for _, k := range RankFigures {
		f := FigureOf(k)
		ranks := f.Ranks(figs)
		for i, r := range rows {
			v := f.Value(&rows[i].Figures)
			s := f.Text(lang, v)
			if ranks[i] > 0 {
				s += fmt.Sprintf(" #%d", ranks[i])
			}
			if r.Prev != nil {
				if ch, _ := f.Change(v, f.Value(r.Prev)); ch != "" {
					s += " " + ch
				}
			}
			out[i] = append(out[i], s)
		}
	}
	return out
}

func (d *pdfDoc) notable(rep *app.PeriodReport) {
	d.heading(d.t("Notable cases"))
	ws := []float64{32, 26, 34, 18, 30, 40}
	for _, kind := range guanjia.NotableKinds {
		d.font(10, 20, 60, 120)
		d.CellFormat(0, 7, d.t(NotableTitles[kind]), "", 1, "L", false, 0, "")
		d.font(7.5, 0, 0, 0)
		n := 0
		for _, nc := range rep.Notable {
			if nc.Kind != kind {
				continue
			}
			if n == 0 {
				d.row(ws, []string{d.t("Number"), d.t("Category"), d.t("Where"), d.t("Status"), d.t("Why"), d.t("Description")}, true, "")
			}
			n++
			c := nc.Case
			where := cmp.Or(c.Address, rowName(rep.Villages, c.Village, d.lang))
			d.row(ws, []string{c.Number, rowName(rep.Categories, c.Category, d.lang), where, d.t(string(c.Status)),
				NotableScore(d.lang, kind, c, nc.Score), c.Description}, false, "")
		}
		if n == 0 {
			d.CellFormat(0, 6, d.t("None."), "", 1, "L", false, 0, "")
		}
		d.Ln(2)
	}
}

// hotspots lists the recurring hot spots of the 30 days before the
// period's end (docs/figures.md, "Hot spots").
func (d *pdfDoc) hotspots(rep *app.PeriodReport) {
	d.heading(d.t("Recurring hot spots"))
	d.font(7.5, 0, 0, 0)
	if len(rep.Hotspots) == 0 {
		d.CellFormat(0, 6, d.t("None."), "", 1, "L", false, 0, "")
		return
	}
	ws := []float64{40, 50, 20, 30, 40}
	d.row(ws, HotspotHeads(d.lang), true, "")
	for _, h := range rep.Hotspots {
		d.row(ws, HotspotCells(d.lang, rep, h), false, "")
	}
}

// HotspotHeads and HotspotCells are the columns of a report's recurring
// hot spots, in lang.
func HotspotHeads(lang string) []string {
	return []string{i18n.T(lang, "Category"), i18n.T(lang, "Where"), i18n.T(lang, "Cases in 30 days"), i18n.T(lang, "Newest"), i18n.T(lang, "Preventive task")}
}

func HotspotCells(lang string, rep *app.PeriodReport, h app.ReportHotspot) []string {
	task := "—"
	if len(h.Tasks) > 0 {
		task = fmt.Sprintf("#%d", h.Tasks[0])
	}
	return []string{rowName(rep.Categories, h.Category, lang), rowName(rep.Villages, h.Village, lang), fmt.Sprint(h.Cases), h.Newest, task}
}

// rowName names a category or village from the report's rows of them, or
// gives its code.
func rowName(rows []app.ReportRow, code, lang string) string {
	for i := range rows {
		if rows[i].Key == code {
			return rows[i].Name(lang)
		}
	}
	return code
}
