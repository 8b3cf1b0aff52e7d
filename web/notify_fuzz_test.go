package web_test

import (
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/web"
)

// FuzzParseSettings: any text either parses into settings that survive the
// text check, or is refused with a field error; it never panics.
func FuzzParseSettings(f *testing.F) {
	for _, s := range []string{"", "host=smtp.example.com\nport=587", "# c\n\nsign_name=乌镇", "=x", "novalue", "a=b=c", "k=\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := web.ParseSettings(s)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		for k, v := range m {
			if k == "" || strings.ContainsAny(k, "\n=") || guanjia.CheckTexts("k", k, "v", v) != nil {
				t.Fatalf("%q gave %q=%q", s, k, v)
			}
		}
	})
}

// FuzzParseClock: a time of day parses into 0..1439 minutes, and writes back
// the same; anything else is refused.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"22:00", "07:30", "7:05", "24:00", "12:60", "-1:00", "", "1:2", "+1:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := web.ParseClock(s)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if m < 0 || m >= 24*60 {
			t.Fatalf("%q = %d minutes", s, m)
		}
	})
}
