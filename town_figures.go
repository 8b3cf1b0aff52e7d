package guanjia

import (
	"cmp"
	"slices"
)

// TownFigures are the figures a county judges a town by over a period:
// what came in since the period began, what is open and overdue now,
// how much was resolved within its limit and how satisfied reporters
// were (docs/county.md, "County views").
type TownFigures struct {
	Jurisdiction string `json:"jurisdiction"`
	Rank         int    `json:"rank"`
	// Received counts the cases reported in the period.
	Received int `json:"received"`
	// Open and Overdue count the town's open cases now, and of them those
	// past their running deadline.
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
	// Resolved and ResolvedOnTime count the period's cases resolved, and
	// resolved within their limit.
	Resolved       int `json:"resolved"`
	ResolvedOnTime int `json:"resolved_on_time"`
	// Rated and SatisfactionSum are the period's ratings (1 to 5).
	Rated           int `json:"rated"`
	SatisfactionSum int `json:"satisfaction_sum"`
}

// OnTimeRate is the share of resolved cases resolved on time, in tenths
// of a percent (0 to 1000); -1 when nothing was resolved.
func (f *TownFigures) OnTimeRate() int {
	if f.Resolved == 0 {
		return -1
	}
	return f.ResolvedOnTime * 1000 / f.Resolved
}

// Satisfaction is the average rating in tenths (10 to 50); 0 without
// ratings.
func (f *TownFigures) Satisfaction() int {
	if f.Rated == 0 {
		return 0
	}
	return f.SatisfactionSum * 10 / f.Rated
}

// RankTowns orders towns best first and numbers them: by on-time
// resolution rate, then satisfaction, then fewer overdue cases, then code;
// towns with equal figures share a rank.
func RankTowns(fs []TownFigures) {
	key := func(f *TownFigures) [3]int { return [3]int{-f.OnTimeRate(), -f.Satisfaction(), f.Overdue} }
	slices.SortFunc(fs, func(a, b TownFigures) int {
		ka, kb := key(&a), key(&b)
		return cmp.Or(cmp.Compare(ka[0], kb[0]), cmp.Compare(ka[1], kb[1]), cmp.Compare(ka[2], kb[2]),
			cmp.Compare(a.Jurisdiction, b.Jurisdiction))
	})
	for i := range fs {
		if i > 0 && key(&fs[i]) == key(&fs[i-1]) {
			fs[i].Rank = fs[i-1].Rank
		} else {
			fs[i].Rank = i + 1
		}
	}
}
