package store

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSearchPhrases(t *testing.T) {
	if diff := cmp.Diff([]string{"子夜路", "夜路1", "路12", "12号", "wz2", "z20"},
		docTrigrams("子夜路12号，附近", "WZ20")); diff != "" {
		t.Errorf("docTrigrams (-want +got):\n%s", diff)
	}
	counts := map[string]int32{"子夜路": 90, "夜路1": 30, "路12": 30, "12号": 10, "bri": 5, "rid": 5, "idg": 5, "dge": 5}
	for _, tt := range []struct {
		q      string
		counts map[string]int32
		want   [][]string
	}{
		{"子夜路12号", nil, [][]string{{"子夜路", "夜路1", "路12"}}},    // nothing known: the first pieces
		{"子夜路12号", counts, [][]string{{"夜路1", "路12", "12号"}}}, // the rarest
		{"Bridge 子夜路12号 12", counts, [][]string{{"bri", "rid", "idg"}, {"夜路1", "路12", "12号"}}},
		{"井盖 12", counts, nil}, // words of one or two characters go by the terms
	} {
		if diff := cmp.Diff(tt.want, queryPhrases(tt.q, tt.counts)); diff != "" {
			t.Errorf("queryPhrases(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
	if diff := cmp.Diff([][]string{{"bri", "rid", "idg", "dge"}, {"子夜路", "夜路1", "路12", "12号"}},
		queryPhrasesOf("Bridge 子夜路12号 12", counts, math.MaxInt)); diff != "" {
		t.Errorf("queryPhrasesOf, whole words (-want +got):\n%s", diff)
	}
	address := &termSample{counts: map[string]int32{"石佛南": 7, "佛南路": 7, "南路3": 1, "路3号": 1, "3号附": 10, "号附近": 100}, read: 100}
	for _, tt := range []struct {
		q      string
		sample *termSample
		want   string
	}{
		{"石佛南路3号附近", address, "石佛南路3号"}, // the longest run without 号附近 or 3号附
		{"石佛南路3号附近", nil, "石佛南路3号附近"},
		{"号附近 3号附", address, "3号附"}, // all common: the rarest
		{"井盖 子夜路12号", nil, "子夜路12号"},
	} {
		if got := trgmPiece(tt.q, tt.sample); got != tt.want {
			t.Errorf("trgmPiece(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got, want := phraseQuery([][]string{{"bri", "rid"}, {"12号"}}), `"bri rid" "12号"`; got != want {
		t.Errorf("phraseQuery = %s, want %s", got, want)
	}
}

// FuzzSearchPhrases: each phrase of any piece of a text is among the
// text's pieces, in a row, so the index never loses a match.
func FuzzSearchPhrases(f *testing.F) {
	for _, s := range []string{"乌镇镇子夜路12号附近", "WZ-20261128-0042", "Bridge 12 路灯坏了ABC", "楼道里堆满杂物，堵住了安全出口。"} {
		f.Add(s, 1, 9)
	}
	f.Fuzz(func(t *testing.T, text string, i, j int) {
		q, ok := pieceOf(text, i, j)
		if !ok {
			return
		}
		doc := strings.Join(docTrigrams(strings.ToUpper(text)), " ")
		for _, p := range queryPhrases(q, nil) {
			if !strings.Contains(" "+doc+" ", " "+strings.Join(p, " ")+" ") {
				t.Fatalf("query %q of %q: phrase %q is not among the text's pieces %q", q, text, p, doc)
			}
		}
		// What narrows through pg_trgm is in any text that holds q.
		sample := &termSample{counts: map[string]int32{}, read: 10}
		for _, p := range docTrigrams(text) {
			sample.counts[p] = int32(len(p)) % 3 * 4 // some common, some not
		}
		for _, s := range []*termSample{nil, sample} {
			if p := trgmPiece(q, s); len(docTrigrams(q)) > 0 && !strings.Contains(lowerASCII(q), p) {
				t.Fatalf("query %q: the piece %q it narrows by through pg_trgm is not in it", q, p)
			}
		}
		if slices.ContainsFunc(docTrigrams(text), func(s string) bool { return strings.ContainsAny(s, ` "`) }) {
			t.Fatalf("a piece of %q holds a space or a quote", text)
		}
	})
}
