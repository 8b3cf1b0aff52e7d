package report

import (
	"io"
	"testing"

	"github.com/guanjia/guanjia/app"
)

// BenchmarkPDF makes the PDF of an empty report: the cost of the font and
// the pages, without the figures' queries.
func BenchmarkPDF(b *testing.B) {
	if _, err := FontFile(); err != nil {
		b.Skip(err)
	}
	rep := &app.PeriodReport{Period: "2026-11", From: "2026-11-01", To: "2026-12-01", TownZH: "乌镇镇", TownEN: "Wuzhen"}
	for b.Loop() {
		if err := PDF(io.Discard, rep, "zh"); err != nil {
			b.Fatal(err)
		}
	}
}
