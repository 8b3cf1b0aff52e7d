package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		text  string
		doc   []string
		query []string
	}{
		{"井盖", []string{"井", "井盖", "盖"}, []string{"井盖"}},
		{"桥", []string{"桥"}, []string{"桥"}},
		{"子夜路12号", []string{"子", "子夜", "夜", "夜路", "路", "路1", "2号", "号"}, []string{"子夜", "夜路", "路1", "2号"}},
		{"WZ-20261128-0042", []string{"202", "026", "261", "611", "112", "128", "004", "042"},
			[]string{"202", "026", "261", "611", "112", "128", "004", "042"}},
		{"Bridge 12", []string{"bri", "rid", "idg", "dge"}, []string{"bri", "rid", "idg", "dge"}},
		{"a", nil, nil},
		{"，。!", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if diff := cmp.Diff(tt.doc, docTerms(tt.text)); diff != "" {
				t.Errorf("docTerms (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.query, QueryTerms(tt.text)); diff != "" {
				t.Errorf("queryTerms (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzSearchTerms: the terms of any piece of a text are among the text's
// terms, so the index never loses a match.
func FuzzSearchTerms(f *testing.F) {
	for _, s := range []string{"乌镇镇子夜路12号附近", "WZ-20261128-0042", "Bridge 12 路灯坏了ABC", "楼道里堆满杂物，堵住了安全出口。"} {
		f.Add(s, 1, 5)
	}
	f.Fuzz(func(t *testing.T, text string, i, j int) {
		q, ok := pieceOf(text, i, j)
		if !ok {
			return
		}
		doc := docTerms(strings.ToUpper(text))
		for _, term := range QueryTerms(q) {
			if !slices.Contains(doc, term) {
				t.Fatalf("query %q of %q: term %q is not among the text's %q", q, text, term, doc)
			}
		}
	})
}

func abs(n int) int { return max(n, -n) }

// pieceOf returns the characters of text from the i-th to the j-th
// (taken modulo its length, in either order), for fuzz tests; false for
// an empty text.
func pieceOf(text string, i, j int) (string, bool) {
	r := []rune(text)
	if len(r) == 0 {
		return "", false
	}
	i, j = abs(i)%len(r), abs(j)%len(r)
	if i > j {
		i, j = j, i
	}
	return string(r[i : j+1]), true
}
