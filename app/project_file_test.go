package app

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFileName: an attachment's name, whatever was sent, is a plain base
// name of at most 104 characters ending in its type's extension.
func FuzzFileName(f *testing.F) {
	for _, s := range []string{"../../etc/passwd", `C:\\a\\图纸.PDF`, "a\x00b\".pdf", "", "..", strings.Repeat("长", 200) + ".jpg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := fileName(name, "application/pdf")
		if !strings.HasSuffix(got, ".pdf") || strings.ContainsAny(got, "/\\\"\x00\n") || !utf8.ValidString(got) ||
			utf8.RuneCountInString(got) > maxFileName+4 || strings.HasPrefix(got, ".") {
			t.Fatalf("fileName(%q) = %q", name, got)
		}
	})
}
