package guanjia

import "testing"

// TestParsePhone: the forms people type are read to 11 digits; anything
// else is refused on the field phone.
func TestParsePhone(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":       "13800138000",
		" 138 0013 8000 ":   "13800138000",
		"138-0013-8000":     "13800138000",
		"+8613800138000":    "13800138000",
		"+86 139 1234 5678": "13912345678",
		"008619912345678":   "19912345678",
		"8615000000000":     "15000000000",
	} {
		got, err := ParsePhone(in)
		if err != nil || got != want {
			t.Errorf("ParsePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "1380013800", "138001380001", "12800138000", "23800138000", "+1 2025550100",
		"1380013800a", "138 0013 8000\x00", "１３８００１３８０００", "++8613800138000", "86+13800138000", "861380013800"} {
		if got, err := ParsePhone(in); err == nil {
			t.Errorf("ParsePhone(%q) = %q, want an error", in, got)
		} else if e := err.(*Error); e.Code != EINVALID || e.Field != "phone" {
			t.Errorf("ParsePhone(%q): %v, want EINVALID on phone", in, err)
		}
	}
}

// FuzzParsePhone: whatever it is given, ParsePhone either refuses it or
// returns 11 ASCII digits of a mobile number, which it reads back as
// themselves.
func FuzzParsePhone(f *testing.F) {
	for _, s := range []string{"13800138000", "+86 138-0013-8000", "0086", "", "+", "86 86 86", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParsePhone(s)
		if err != nil {
			return
		}
		if len(n) != 11 || n[0] != '1' {
			t.Fatalf("ParsePhone(%q) = %q", s, n)
		}
		for _, r := range n {
			if r < '0' || r > '9' {
				t.Fatalf("ParsePhone(%q) = %q", s, n)
			}
		}
		if again, err := ParsePhone(n); err != nil || again != n {
			t.Fatalf("ParsePhone(%q) = %q, %v", n, again, err)
		}
		if m := MaskPhone(n); len(m) != 11 || m[3:7] != "****" {
			t.Fatalf("MaskPhone(%q) = %q", n, m)
		}
	})
}
