package web

import (
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzParseOverride: whatever a form of the town settings holds, reading
// it either fails with a field's EINVALID or yields an override whose
// limits are valid ones (or zero, inherited) and whose priority is what
// the form said.
func FuzzParseOverride(f *testing.F) {
	for _, seed := range [][5]string{
		{"2", "2wh", "3wd", "1wd", "yes"},
		{"", "", "", "", ""},
		{"x", "0wh", "-1wd", "10001h", "no"},
		{"9999999999999999999", "2 wh", "3wd\x00", "1wd ", "maybe"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4])
	}
	f.Fuzz(func(t *testing.T, priority, sign, resolve, refer, active string) {
		var o guanjia.CategoryOverride
		err := parseOverride(map[string]string{"priority": priority, "sign_limit": sign, "resolve_limit": resolve,
			"refer_after": refer, "active": active, "auto_dispatch": active}, &o)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		for _, l := range []guanjia.Limit{o.SignLimit, o.ResolveLimit, o.ReferAfter} {
			if l.N == 0 {
				continue
			}
			if _, err := guanjia.ParseLimit(l.String()); err != nil {
				t.Fatalf("parsed an invalid limit %v", l)
			}
		}
		if (o.Active == nil) != (active != "yes" && active != "no") {
			t.Fatalf("active %q read as %v", active, o.Active)
		}
	})
}
