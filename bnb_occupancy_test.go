package guanjia_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/guanjia/guanjia"
)

// TestParseNightsCSV: headers in English or Chinese in any order, a BOM,
// blank lines; each bad row is named by its line, a repeated B&B and
// night too; a header without a column refuses the file.
func TestParseNightsCSV(t *testing.T) {
	rows, errs := guanjia.ParseNightsCSV(strings.NewReader("\ufeff入住人数,民宿编号,日期,入住房间\n3,7,2026-11-01,2\n\n4,8,2026-11-01,2\n"))
	if len(errs) != 0 || len(rows) != 2 || rows[0] != (guanjia.NightRow{Line: 2, BnBID: 7, Night: "2026-11-01", Rooms: 2, Guests: 3}) || rows[1].Line != 4 {
		t.Errorf("rows %+v, errors %v", rows, errs)
	}
	_, errs = guanjia.ParseNightsCSV(strings.NewReader("bnb_id,night,rooms,guests\nx,2026-11-01,1,1\n7,2026-13-01,1,1\n7,2026-11-01,-1,1\n7,2026-11-01,1,1\n7,2026-11-01,1,2\n"))
	want := []struct {
		line  int
		field string
	}{{2, "bnb_id"}, {3, "night"}, {4, "rooms"}, {6, "night"}}
	if len(errs) != len(want) {
		t.Fatalf("errors %v", errs)
	}
	for i, w := range want {
		if errs[i].Line != w.line || errs[i].Field != w.field {
			t.Errorf("error %d: %+v, want line %d field %s", i, errs[i], w.line, w.field)
		}
	}
	if _, errs := guanjia.ParseNightsCSV(strings.NewReader("bnb_id,night,rooms\n7,2026-11-01,1\n")); len(errs) != 1 || errs[0].Field != "guests" {
		t.Errorf("no guests column: %v", errs)
	}
}

// TestCheckNight: tonight turns at 06:00; a night ahead, rooms or guests
// out of range and a suspended B&B are refused; the night copies the
// B&B's place and beds.
func TestCheckNight(t *testing.T) {
	b := &guanjia.BnB{ID: 3, Jurisdiction: "T", Village: "V", Rooms: 4, Beds: 6, Status: guanjia.BnBOperating}
	now := time.Date(2026, 11, 3, 5, 0, 0, 0, guanjia.TownZone)
	if got := guanjia.Tonight(now); got != "2026-11-02" {
		t.Errorf("tonight at 05:00 is %s", got)
	}
	n := guanjia.BnBNight{Night: "2026-11-02", Rooms: 4, Guests: 12}
	if err := guanjia.CheckNight(b, &n, now); err != nil || n.BnBID != 3 || n.Village != "V" || n.Beds != 6 {
		t.Errorf("a full night: %v, %+v", err, n)
	}
	for _, c := range []struct {
		n    guanjia.BnBNight
		code string
	}{
		{guanjia.BnBNight{Night: "2026-11-03", Rooms: 1, Guests: 1}, guanjia.EUNPROCESSABLE},
		{guanjia.BnBNight{Night: "2025-10-01", Rooms: 1, Guests: 1}, guanjia.EUNPROCESSABLE},
		{guanjia.BnBNight{Night: "2026-11-02", Rooms: 5, Guests: 5}, guanjia.EINVALID},
		{guanjia.BnBNight{Night: "2026-11-02", Rooms: 1, Guests: 13}, guanjia.EINVALID},
		{guanjia.BnBNight{Night: "2026-11-02", Rooms: 0, Guests: 2}, guanjia.EINVALID},
		{guanjia.BnBNight{Night: "11/02/2026", Rooms: 1, Guests: 1}, guanjia.EINVALID},
	} {
		if err := guanjia.CheckNight(b, &c.n, now); guanjia.ErrorCode(err) != c.code {
			t.Errorf("%+v: %v, want %s", c.n, err, c.code)
		}
	}
	b.Status = guanjia.BnBSuspended
	if err := guanjia.CheckNight(b, &guanjia.BnBNight{Night: "2026-11-02", Rooms: 1, Guests: 1}, now); guanjia.ErrorCode(err) != guanjia.EUNPROCESSABLE {
		t.Errorf("a suspended B&B: %v", err)
	}
}

// FuzzParseNightsCSV: any input parses without panicking, every row read
// is in range, every error names a line, and the rows and errors never
// both come out empty.
func FuzzParseNightsCSV(f *testing.F) {
	for _, s := range []string{"bnb_id,night,rooms,guests\n1,2026-11-01,2,3\n", "民宿编号,日期,入住房间,入住人数\n1,2026-11-01,2,3\n1,2026-11-01,2,3\n",
		"", "\"unterminated\n", "bnb_id,night,rooms,guests\n\"1\"\"\",2026-11-01,,\n", "bnb_id,night,rooms,guests\n1\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, errs := guanjia.ParseNightsCSV(strings.NewReader(s))
		if len(rows) == 0 && len(errs) == 0 {
			t.Fatal("neither rows nor errors")
		}
		for _, r := range rows {
			if r.BnBID <= 0 || r.Rooms < 0 || r.Guests < 0 || r.Line < 2 {
				t.Fatalf("row out of range: %+v", r)
			}
			if _, err := guanjia.ParseNight(r.Night); err != nil {
				t.Fatalf("row with a bad night: %+v", r)
			}
		}
		for _, e := range errs {
			if e.Line < 1 || e.Message == "" || !utf8.ValidString(e.Message) {
				t.Fatalf("error without a line or message: %+v", e)
			}
		}
	})
}
