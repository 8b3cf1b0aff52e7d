package guanjia_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

// TestRankTowns: the town that resolves most on time leads; satisfaction
// and then fewer overdue cases break ties; equal figures share a rank; a
// town that resolved nothing comes last.
func TestRankTowns(t *testing.T) {
	fs := []guanjia.TownFigures{
		{Jurisdiction: "idle", Open: 3},
		{Jurisdiction: "slow", Resolved: 10, ResolvedOnTime: 5, Rated: 2, SatisfactionSum: 10},
		{Jurisdiction: "good-late", Resolved: 4, ResolvedOnTime: 4, Rated: 1, SatisfactionSum: 4, Overdue: 2},
		{Jurisdiction: "good", Resolved: 2, ResolvedOnTime: 2, Rated: 1, SatisfactionSum: 4},
		{Jurisdiction: "best", Resolved: 3, ResolvedOnTime: 3, Rated: 1, SatisfactionSum: 5, Overdue: 9},
		{Jurisdiction: "good-too", Resolved: 1, ResolvedOnTime: 1, Rated: 2, SatisfactionSum: 8},
	}
	guanjia.RankTowns(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Jurisdiction+" "+string(rune('0'+f.Rank)))
	}
	want := []string{"best 1", "good 2", "good-too 2", "good-late 4", "slow 5", "idle 6"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranking (-want +got):\n%s", diff)
	}
	if r := fs[4].OnTimeRate(); r != 500 {
		t.Errorf("slow's on-time rate %d‰, want 500", r)
	}
}
