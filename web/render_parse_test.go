package web

import (
	"runtime"
	"testing"
)

// TestPagesHoldWhatTheyCall: a page holds the layout, its own templates
// and the partials it calls, directly or through another: the case page
// its timeline, but not the sign-in page, which calls only the error
// partial.
func TestPagesHoldWhatTheyCall(t *testing.T) {
	pages, err := parsedPages()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		for _, c := range []struct {
			page, tmpl string
			want       bool
		}{
			{"case", "timeline", true},
			{"case", "layout", true},
			{"case", "header", true}, // through the layout
			{"login", "err", true},
			{"login", "main", true},
			{"login", "timeline", false},
			{"login", "event-form", false},
			{"screen", "figures", true}, // its own, rendered alone (renderPart)
		} {
			if got := pages[lang][c.page].Lookup(c.tmpl) != nil; got != c.want {
				t.Errorf("%s page %s holds %q: %v, want %v", lang, c.page, c.tmpl, got, c.want)
			}
		}
	}
}

// BenchmarkParsePages reports the heap that parsing every page keeps
// (MB/op) and the time it takes.
func BenchmarkParsePages(b *testing.B) {
	var kept uint64
	for b.Loop() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		p, err := parsePages()
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		kept = m1.HeapAlloc - m0.HeapAlloc
		runtime.KeepAlive(p)
	}
	b.ReportMetric(float64(kept)/1e6, "MB/op")
}
