package web

import (
	"net/url"
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzEventForm: whatever the event form holds, reading it either fails
// with a field's EINVALID or yields an event that the domain then accepts
// or refuses with EINVALID — never a panic, never another error.
func FuzzEventForm(f *testing.F) {
	for _, seed := range [][6]string{
		{"互联网大会", "2026-11-02T09:00", "2026-11-05T18:00", "15min", "2h", "王丽, 总值班\n陈建国，带班领导"},
		{"", "", "", "", "", ""},
		{"x", "2026-11-05T09:00", "2026-11-02T09:00", "3wd", "0h", ","},
		{"y", "2026-13-40T25:61", "not a time", "-5min", "99999h", "\n\n,\n"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], seed[5])
	}
	f.Fuzz(func(t *testing.T, name, start, end, sign, resolve, roster string) {
		form := url.Values{"name": {name}, "start": {start}, "end": {end}, "sign_limit": {sign}, "resolve_limit": {resolve},
			"roster": {roster}, "grids": {"330483100001-G01"}}
		c, err := conferenceFromForm(form)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("reading the form: %v, want EINVALID", err)
			}
			return
		}
		if err := c.Validate(); err != nil && guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("checking %+v: %v, want EINVALID", c, err)
		}
	})
}
