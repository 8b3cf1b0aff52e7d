package guanjia_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/guanjia/guanjia"
)

func TestParseMonth(t *testing.T) {
	from, to, err := guanjia.ParseMonth("2026-12")
	if err != nil || from != "2026-12-01" || to != "2027-01-01" {
		t.Errorf("ParseMonth(2026-12) = %s %s %v", from, to, err)
	}
	for _, bad := range []string{"", "2026-13", "2026/11", "november"} {
		if _, _, err := guanjia.ParseMonth(bad); fieldOf(err) != "month" {
			t.Errorf("ParseMonth(%q): %v", bad, err)
		}
	}
	if got := guanjia.MonthOf(t0); got != "2026-11" {
		t.Errorf("MonthOf = %s", got)
	}
}

func TestRankAndHonours(t *testing.T) {
	ss := []guanjia.Standing{
		{UserID: 1, Grid: "g1", Village: "v1", Points: 30},
		{UserID: 2, Grid: "g2", Village: "v1", Points: 30},
		{UserID: 3, Grid: "g1", Village: "v1", Points: 20},
		{UserID: 4, Grid: "g3", Village: "v2", Points: 10},
		{UserID: 5, Grid: "g3", Village: "v2", Points: 10},
	}
	guanjia.Rank(ss)
	var ranks []int
	for _, s := range ss {
		ranks = append(ranks, s.Rank)
	}
	if diff := cmp.Diff([]int{1, 1, 3, 4, 4}, ranks); diff != "" {
		t.Errorf("ranks (-want +got):\n%s", diff)
	}
	ids := func(ss []guanjia.Standing) (out []int64) {
		for _, s := range ss {
			out = append(out, s.UserID)
		}
		return out
	}
	byGrid := guanjia.Honours(ss, func(s guanjia.Standing) string { return s.Grid })
	if diff := cmp.Diff([]int64{1, 2, 4, 5}, ids(byGrid)); diff != "" {
		t.Errorf("grid honours (-want +got):\n%s", diff)
	}
	byVillage := guanjia.Honours(ss, func(s guanjia.Standing) string { return s.Village })
	if diff := cmp.Diff([]int64{1, 2, 4, 5}, ids(byVillage)); diff != "" {
		t.Errorf("village honours (-want +got):\n%s", diff)
	}
}
