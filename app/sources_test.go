package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sourceMatch is a match of a pattern in the app's code: its file and
// its submatches.
type sourceMatch struct {
	File string
	Sub  []string
}

// inSources finds pattern in the app's code (not its tests), failing the
// test when it finds fewer than least matches: a scan that finds nothing
// checks nothing.
func inSources(t *testing.T, pattern string, least int) []sourceMatch {
	t.Helper()
	re := regexp.MustCompile(pattern)
	files, _ := filepath.Glob("*.go")
	var out []sourceMatch
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			out = append(out, sourceMatch{f, m})
		}
	}
	if len(out) < least {
		t.Fatalf("found %d matches of %s in the sources, want at least %d; is the scan broken?", len(out), pattern, least)
	}
	return out
}
