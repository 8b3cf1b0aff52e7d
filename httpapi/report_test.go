package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestReportCSV: the cases of a month as CSV, every column, as the caller
// may see them; text a spreadsheet would run as a formula starts with an
// apostrophe; another unit's handler gets the header alone; a bad period
// is refused with a reason, another format is not found.
func TestReportCSV(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		grid := e.firstGrid()
		lat, lng := e.pointIn(grid.Code)
		descriptions := []string{"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "垃圾, \"很多\"\n两袋"}
		for _, d := range descriptions {
			e.mustDo("POST", "/api/v1/cases", e.login("resident"), map[string]any{"category": "garbage", "lat": lat, "lng": lng,
				"description": d}, http.StatusCreated, nil)
		}
		read := func(user, path string) [][]string {
			t.Helper()
			code, body := e.do("GET", path, e.login(user), nil)
			if code != http.StatusOK {
				t.Fatalf("%s as %s: %d %s", path, user, code, body)
			}
			text, ok := strings.CutPrefix(string(body), "\ufeff")
			if !ok {
				t.Errorf("no byte-order mark")
			}
			rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		rows := read("dispatcher", "/api/v1/reports/2026-11.csv")
		if len(rows) != 1+len(descriptions) {
			t.Fatalf("%d rows, want a header and %d cases", len(rows), len(descriptions))
		}
		col := slices.Index(rows[0], "description")
		if col < 0 || slices.Index(rows[0], "reporter_phone") < 0 || slices.Index(rows[0], "closed_at") < 0 {
			t.Fatalf("header %v", rows[0])
		}
		var got []string
		for _, r := range rows[1:] {
			if len(r) != len(rows[0]) {
				t.Errorf("a row of %d cells, the header has %d", len(r), len(rows[0]))
			}
			got = append(got, r[col])
		}
		for _, want := range []string{"'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1:A2)", "垃圾, \"很多\"\n两袋"} {
			if !slices.Contains(got, want) {
				t.Errorf("no description %q in %q", want, got)
			}
		}
		if rows := read("dispatcher", "/api/v1/reports/2026-10-01_2026-11-01.csv"); len(rows) != 1 {
			t.Errorf("October: %d rows", len(rows))
		}
		if rows := read("handler-urban", "/api/v1/reports/2026-11.csv"); len(rows) != 1 {
			t.Errorf("another unit's handler gets %d rows", len(rows))
		}
		if rows := read("handler-sanitation", "/api/v1/reports/2026-11.csv"); len(rows) != 1+len(descriptions) {
			t.Errorf("the unit's handler gets %d rows", len(rows))
		}
		for path, want := range map[string]int{
			"/api/v1/reports/2026-13.csv": http.StatusBadRequest, "/api/v1/reports/november.csv": http.StatusBadRequest,
			"/api/v1/reports/2026-11-05_2026-11-01.csv": http.StatusBadRequest, "/api/v1/reports/2026-11.docx": http.StatusNotFound,
		} {
			if code, body := e.do("GET", path, e.login("dispatcher"), nil); code != want {
				t.Errorf("%s: %d %s, want %d", path, code, body, want)
			}
		}
	})
}
