package app_test

import (
	"testing"
	"time"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// FuzzReportPeriod: any name is refused or read as two valid dates, the
// second later than the first; a name that is refused says why (400).
func FuzzReportPeriod(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-12", "2026-11-01_2026-12-01", "2026-13", "", "_", "2026-11-01_", "２０２６-11", "2026-02-30_2026-03-01",
		"2026-11-01..2026-11-15", "2026-11-15..2026-11-01", "2026-11-01..", "..", "2026-12-31..2027-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := app.ParseReportPeriod(s)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("%q: %v is not a 400", s, err)
			}
			return
		}
		a, e1 := time.Parse("2006-01-02", from)
		b, e2 := time.Parse("2006-01-02", to)
		if e1 != nil || e2 != nil {
			t.Fatalf("%q gave %q and %q", s, from, to)
		}
		if !b.After(a) {
			t.Fatalf("the month %q runs from %s to %s", s, from, to)
		}
	})
}

func TestReportPeriod(t *testing.T) {
	for in, want := range map[string][2]string{
		"2026-11": {"2026-11-01", "2026-12-01"}, "2026-12": {"2026-12-01", "2027-01-01"},
		"2026-11-03_2026-11-10": {"2026-11-03", "2026-11-10"}, "2026-11-03..2026-11-10": {"2026-11-03", "2026-11-11"},
		"2026-12-31..2026-12-31": {"2026-12-31", "2027-01-01"},
	} {
		from, to, err := app.ParseReportPeriod(in)
		if err != nil || from != want[0] || to != want[1] {
			t.Errorf("%s: %s, %s, %v", in, from, to, err)
		}
	}
	for _, bad := range []string{"2026-13", "2026-1", "2026-11-01", "2026-11-01_2026-11-31", "x_y", "2026-11-10..2026-11-03", "2026-11-01...2026-11-03"} {
		if _, _, err := app.ParseReportPeriod(bad); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}
