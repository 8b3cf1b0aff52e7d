package httpapi_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/guanjia/guanjia/report"
)

// TestReportFiles: the month's report as PDF and XLSX. The PDF opens and
// its text (pdftotext, from poppler-utils, which scripts/test installs)
// holds the title and the figures; the XLSX reopens, its summary's units
// add up to the total, its case list has every case with a reporter's
// formula escaped, its hot spots sheet lists the recurring hot spot of the
// three reports of garbage at one place; a unit lead gets their own unit's report but not
// another's; bad periods and kinds are refused with a reason.
func TestReportFiles(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		for _, d := range []string{"=HYPERLINK(\"http://x\")", "路灯不亮", "垃圾满了"} {
			e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
				"description": d}, http.StatusCreated, nil)
		}
		e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "streetlight", "lat": lat, "lng": lng,
			"description": "灯"}, http.StatusCreated, nil)
		get := func(user, path string, want int) []byte {
			t.Helper()
			code, body := e.do("GET", path, e.login(user), nil)
			if code != want {
				t.Fatalf("%s as %s: %d %.300q, want %d", path, user, code, body, want)
			}
			return body
		}

		x, err := excelize.OpenReader(bytes.NewReader(get("dispatcher", "/api/v1/reports/2026-11.xlsx?lang=en", http.StatusOK)))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Summary")
		if err != nil {
			t.Fatal(err)
		}
		total, units, inUnits := "", 0, false
		for _, r := range rows {
			switch {
			case len(r) > 1 && r[0] == "Received" && total == "":
				total = r[1]
			case len(r) > 0 && r[0] == "Units ranked":
				inUnits = true
			case len(r) == 0 || r[0] == "Villages ranked":
				inUnits = false
			case inUnits:
				units += atoi(t, r[1])
			}
		}
		if total != "4" || units != 4 {
			t.Errorf("the summary says %q received, its units add up to %d; want 4", total, units)
		}
		hot, err := x.GetRows("Hot spots")
		if err != nil {
			t.Fatal(err)
		}
		if len(hot) != 2 || len(hot[1]) != 8 || hot[1][2] != "3" || !strings.Contains(hot[1][7], "/garbage/") ||
			hot[0][0] != "Category" || hot[0][6] != "Longitude" {
			t.Errorf("the hot spots sheet: %q, want a header and the garbage cell's 3 cases", hot)
		}
		cases, err := x.GetRows("Cases")
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != 5 || !slices.Equal(cases[0], report.CaseColumns) {
			t.Fatalf("the case list has %d rows, header %v", len(cases), cases[0])
		}
		col := slices.Index(report.CaseColumns, "description")
		if !slices.ContainsFunc(cases[1:], func(r []string) bool { return r[col] == "'=HYPERLINK(\"http://x\")" }) {
			t.Errorf("the reporter's formula is not escaped in the case list")
		}

		lead := get("lead-sanitation", "/api/v1/reports/2026-11-01..2026-11-30.xlsx?unit=sanitation", http.StatusOK)
		if x, err := excelize.OpenReader(bytes.NewReader(lead)); err != nil {
			t.Fatal(err)
		} else if rows, _ := x.GetRows(x.GetSheetList()[1]); len(rows) != 4 {
			t.Errorf("the sanitation lead's case list has %d rows, want a header and 3 cases", len(rows))
		}
		get("lead-sanitation", "/api/v1/reports/2026-11.pdf?unit=urban", http.StatusNotFound)
		get("lead-sanitation", "/api/v1/reports/2026-11.csv?unit=urban", http.StatusNotFound)
		get("resident", "/api/v1/reports/2026-11.pdf", http.StatusForbidden)
		for path, want := range map[string]int{"/api/v1/reports/2026-11-30..2026-11-01.pdf": http.StatusBadRequest,
			"/api/v1/reports/2026-00.xlsx": http.StatusBadRequest, "/api/v1/reports/2026-11.docx": http.StatusNotFound} {
			get("dispatcher", path, want)
		}

		if _, err := report.FontFile(); err != nil && os.Getenv("CI") == "" {
			t.Skipf("the PDF is not checked: %v", err)
		}
		pdf := get("dispatcher", "/api/v1/reports/2026-11.pdf", http.StatusOK)
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("not a PDF: %.20q", pdf)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{"2026-11 考核报表", "受理量", "2026-11-01 至 2026-11-30", "单位排名", "重点案件", "反复热点"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF's text lacks %q:\n%s", want, text)
			}
		}
		// The summary's line of cases received: this period 4, the one before 0.
		if !strings.Contains(strings.Join(strings.Fields(text), " "), "受理量 4 0 +4") {
			t.Errorf("the PDF's summary does not say 4 received (+4):\n%s", text)
		}
	})
}

// pdfText extracts a PDF's text with pdftotext, skipping the test when it
// is missing outside CI.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext (poppler-utils) is missing in CI")
		}
		t.Skip("pdftotext (Debian poppler-utils) is not installed: the PDF's text is not checked")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not a count: %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}
